"""The Pengukuran page's main tables from cached row blocks (views/pengukuran_blok.py): after writes
of every kind the page is exactly a fresh render, for every kind of period, a unit filter and a
Bidang; a write rebuilds only the rows whose inputs it changed, and a repeat view none."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sqlalchemy import select

from portal_stub import create_app
from portal_stub.extensions import db
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.pohon import pohon_rencana
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import Pengguna
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import UnitKerja
from sipekerja_module.queries.rencana import load_rencana
from tests import factories as f
from tests.conftest import make_test_config
from tests.masuk import masuk
from tests.web.fitur.conftest import kosongkan_cache

URL = "/sipekerja/pengukuran/?tahun=2024"


def _halaman(client, query: str = "") -> str:
    respons = client.get(URL + query)
    assert respons.status_code == 200, respons.status_code
    html = respons.get_data(as_text=True)
    # The only per-request part of the page: the CSRF token of the portal's forms.
    return re.sub(r'(name="csrf_token" value=")[^"]*', r"\1", html)


def _ubah(app, model, kolom: str, induk_id: int, bulan: int) -> None:
    """+1 on a stored realisasi, committed as the forms commit (the agency's version moves)."""
    with app.app_context():
        baris = db.session.scalar(select(model).where(getattr(model, kolom) == induk_id, model.bulan == bulan))
        baris.nilai += 1
        db.session.commit()


def _sub_kegiatan(app, demo, unit: str, bulan: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(NodeRencana.id).join(RealisasiAnggaran, RealisasiAnggaran.node_id == NodeRencana.id)
            .where(NodeRencana.unit_kerja_id == demo.unit[unit], RealisasiAnggaran.bulan == bulan)
            .order_by(NodeRencana.id).limit(1))


def _status(app, demo, unit: str, triwulan: int) -> str | None:
    with app.app_context():
        return db.session.scalar(select(StatusPeriodeUnit.status).where(
            StatusPeriodeUnit.unit_kerja_id == demo.unit[unit], StatusPeriodeUnit.tahun_id == demo.tahun,
            StatusPeriodeUnit.triwulan == triwulan))


def _verifikasi(app, demo, unit: str, triwulan: int) -> None:
    """The unit's triwulan becomes Terverifikasi: its months lose their "belum diverifikasi" flag."""
    with app.app_context():
        status = db.session.scalar(select(StatusPeriodeUnit).where(
            StatusPeriodeUnit.unit_kerja_id == demo.unit[unit], StatusPeriodeUnit.tahun_id == demo.tahun,
            StatusPeriodeUnit.triwulan == triwulan))
        status.status = "terverifikasi"
        db.session.commit()


def _tulis_semua(app, demo) -> list:
    """Every kind of write the bench makes, and a verification: a verified kinerja value (PPIK's
    February; its Triwulan I is verified), a verified anggaran value, an unverified kinerja value
    (PPIK's May), then PPIK's Triwulan II verified."""
    assert _status(app, demo, "BKPSDM-PPIK", 1) == "terverifikasi" != _status(app, demo, "BKPSDM-PPIK", 2)
    ind = demo.ind["BKPSDM-PPIK"]
    return [
        lambda: _ubah(app, RealisasiKinerja, "indikator_id", ind, 2),
        lambda: _ubah(app, RealisasiAnggaran, "node_id", _sub_kegiatan(app, demo, "BKPSDM-PPIK", 2), 2),
        lambda: _ubah(app, RealisasiKinerja, "indikator_id", ind, 5),
        lambda: _verifikasi(app, demo, "BKPSDM-PPIK", 2),
    ]


@pytest.mark.parametrize(("akun", "query"), [
    ("utama", ""), ("utama", "&periode=b2"), ("utama", "&periode=b5"), ("utama", "&periode=tw1"),
    ("utama", "&periode=tahun"), ("utama", "&periode=tw2&unit={PPIK}"), ("ppik", "&periode=tw2"),
    ("pimpinan", "&periode=b4"),
])
def test_after_each_write_the_page_from_blocks_is_exactly_a_fresh_render(app, client_as, demo, akun, query):
    query = query.format(PPIK=demo.unit["BKPSDM-PPIK"])
    client = client_as(akun)
    _halaman(client, query)
    for tulis in _tulis_semua(app, demo):
        tulis()
        dari_blok = _halaman(client, query)
        kosongkan_cache(app)
        assert _halaman(client, query) == dari_blok


def _ubah_pagu(app, node_id: int) -> None:
    """+1 on a sub kegiatan's pagu: a plan write (the structure's version moves, not a realisasi's)."""
    with app.app_context():
        node = db.session.get(NodeRencana, node_id)
        node.pagu += 1
        db.session.commit()


@pytest.mark.parametrize(("akun", "query"), [
    ("utama", "&periode=tw1"), ("utama", "&periode=tahun&unit={PPIK}"), ("ppik", "&periode=b5"),
])
def test_after_each_write_the_page_equals_the_page_with_caching_off(app, client_as, demo, database_url, tmp_path,
                                                                     akun, query):
    """Every number of the page kept in blocks, skeleton and loaded values across writes of every
    kind (and a plan write) is the one an app without any cache (``SIPEKERJA_CACHE = False``: every
    figure measured from the database at once) shows on the same database."""
    query = query.format(PPIK=demo.unit["BKPSDM-PPIK"])
    tanpa_cache = create_app(make_test_config(database_url, tmp_path, SIPEKERJA_CACHE=False,
                                              WTF_CSRF_ENABLED=app.config.get("WTF_CSRF_ENABLED", True)))
    klien_tanpa_cache = tanpa_cache.test_client()
    with tanpa_cache.app_context():
        masuk(klien_tanpa_cache, db.session.get(Pengguna, demo.pengguna[akun]))
    client = client_as(akun)
    assert _halaman(client, query) == _halaman(klien_tanpa_cache, query)
    pagu = lambda: _ubah_pagu(app, _sub_kegiatan(app, demo, "BKPSDM-PPIK", 2))  # noqa: E731
    for tulis in [*_tulis_semua(app, demo), pagu, *_tulis_semua(app, demo)[:3]]:
        tulis()
        assert _halaman(client, query) == _halaman(klien_tanpa_cache, query)
    with tanpa_cache.app_context():
        db.session.remove()


def test_blocks_filled_by_one_viewer_give_another_exactly_a_fresh_render(app, client_as, demo):
    """Rows are shared by content only: the Pengguna Utama's view (every unit) fills the store,
    then a Bidang, a unit filter and another Bidang find only what is theirs."""
    ppik, mutasi = demo.unit["BKPSDM-PPIK"], demo.unit["BKPSDM-MUTASI"]
    halaman = [(client_as("utama"), "&periode=tw2"), (client_as("ppik"), "&periode=tw2"),
               (client_as("utama"), f"&periode=tw2&unit={ppik}"), (client_as("mutasi"), "&periode=tw2")]
    for client, query in halaman:
        _halaman(client, query)
    _ubah(app, RealisasiKinerja, "indikator_id", demo.ind["BKPSDM-PPIK"], 2)
    dari_blok = [_halaman(client, query) for client, query in halaman]
    for (client, query), html in zip(halaman, dari_blok):
        kosongkan_cache(app)
        assert _halaman(client, query) == html
    with app.app_context():
        milik_mutasi = {i.id for i in load_rencana(perangkat_daerah_id=_pd(demo), tahun_id=demo.tahun,
                                                   unit_kerja_id=mutasi).indikator}
    baris_mutasi = {int(i) for i in re.findall(r'data-indikator="(\d+)"', dari_blok[3])}
    assert baris_mutasi == milik_mutasi and demo.ind["BKPSDM-PPIK"] not in baris_mutasi


def _pd(demo) -> int:
    return db.session.get(UnitKerja, demo.unit["BKPSDM-PPIK"]).perangkat_daerah_id


def _iku(app, demo) -> int:
    """How many IKU (indicators of no unit, never in a unit's roll-up) the demo agency has."""
    with app.app_context():
        return sum(ind.unit_kerja_id is None
                   for ind in load_rencana(perangkat_daerah_id=_pd(demo), tahun_id=demo.tahun).indikator)


def _jalur(app, demo, cocok) -> int:
    """How many tree rows (not indicator rows) contain the first row ``cocok(row)`` selects: its
    ancestors, and itself when it is not an indicator row."""
    with app.app_context():
        data = load_rencana(perangkat_daerah_id=_pd(demo), tahun_id=demo.tahun)
    jalur: list[int] = []
    for b in pohon_rencana(data):
        if b.jenis != "indikator":
            while jalur and jalur[-1] >= b.kedalaman:
                jalur.pop()
            jalur.append(b.kedalaman)
        if cocok(b):
            return sum(1 for k in jalur if k < b.kedalaman or b.jenis != "indikator")
    raise AssertionError("baris tidak ditemukan")


def _dibangun(blok_baru: list[dict]) -> Counter:
    """The blocks built since the list was emptied, by kind (``prefix:kind:digest``)."""
    hitung: Counter = Counter()
    for pemetaan in blok_baru:
        for kunci in pemetaan:
            hitung[kunci.split(":")[-2]] += 1
    blok_baru.clear()
    return hitung


def test_a_write_rebuilds_only_the_rows_whose_inputs_it_changed(app, client_as, demo, blok_baru):
    client = client_as("utama")
    query = "&periode=tahun"
    _halaman(client, query)
    semua = _dibangun(blok_baru)
    assert semua["pengukuran-indikator"] > 20 and semua["pengukuran-kelompok"] > 20
    assert semua["pengukuran-anggaran"] == semua["pengukuran-kelompok"]
    assert semua["pengukuran-total"] == 1 and semua["pengukuran-peringkat"] == 1
    assert semua["pengukuran-total-kinerja"] == 1 and semua["pengukuran-total-serapan"] == 1
    with app.app_context():
        unit = db.session.scalars(select(UnitKerja).where(UnitKerja.perangkat_daerah_id == _pd(demo))).all()
    # The ranking's parts: every indicator of a unit, every unit's roll-up and budget absorption.
    assert semua["pengukuran-rangkum-unit"] == semua["pengukuran-serapan-unit"] == len(unit) > 2
    assert semua["pengukuran-nilai-terverifikasi"] == semua["pengukuran-indikator"] - _iku(app, demo) > 20

    ind = demo.ind["BKPSDM-PPIK"]
    with app.app_context():
        sebelum = hitung_pengukuran(load_rencana(perangkat_daerah_id=_pd(demo), tahun_id=demo.tahun),
                                    Periode.tahunan()).per_indikator[ind]
    _ubah(app, RealisasiKinerja, "indikator_id", ind, 2)  # verified: the ranking moves too
    with app.app_context():
        sesudah = hitung_pengukuran(load_rencana(perangkat_daerah_id=_pd(demo), tahun_id=demo.tahun),
                                    Periode.tahunan()).per_indikator[ind]
    assert sebelum.capaian.capaian_sd != sesudah.capaian.capaian_sd  # so every roll-up above it changes
    _halaman(client, query)
    assert _dibangun(blok_baru) == Counter({
        "pengukuran-indikator": 1,
        # The rows above the indicator (they roll it up): the sasaran down to its sub kegiatan.
        "pengukuran-kelompok": _jalur(app, demo, lambda b: b.indikator_id == ind),
        # The ranking is built again measuring only the indicator written to and rolling up only its
        # unit; the total's capaian is measured again, its serapan not.
        "pengukuran-total": 1, "pengukuran-total-kinerja": 1,
        "pengukuran-peringkat": 1, "pengukuran-nilai-terverifikasi": 1, "pengukuran-rangkum-unit": 1})

    node = _sub_kegiatan(app, demo, "BKPSDM-PPIK", 2)
    _ubah(app, RealisasiAnggaran, "node_id", node, 2)
    _halaman(client, query)
    # The sub kegiatan's row of table B and every row above it (they sum its budget).
    assert _dibangun(blok_baru) == Counter({
        "pengukuran-anggaran": _jalur(app, demo, lambda b: b.jenis == "sub_kegiatan" and node in b.node_ids),
        "pengukuran-total": 1, "pengukuran-total-serapan": 1,
        "pengukuran-peringkat": 1, "pengukuran-serapan-unit": 1})

    _ubah(app, RealisasiKinerja, "indikator_id", ind, 5)  # May: not verified, the ranking stays
    _halaman(client, query)
    dibangun = _dibangun(blok_baru)
    assert dibangun["pengukuran-indikator"] == 1 and "pengukuran-peringkat" not in dibangun
    assert not {"pengukuran-nilai-terverifikasi", "pengukuran-rangkum-unit", "pengukuran-serapan-unit"} & set(dibangun)
    assert "pengukuran-anggaran" not in dibangun

    _halaman(client, query)
    assert not _dibangun(blok_baru)  # a repeat view builds nothing


def test_switching_period_and_back_builds_nothing_new(app, client_as, demo, blok_baru):
    """The rows of each period stay in the store, and a roll-up row is one block for every period
    in which its indicators' figures are the same: the demo reports up to May, so Triwulan II and
    May have the same figures to date (the indicator rows differ: "data s.d. Mei" is a label of
    Triwulan II only)."""
    client = client_as("utama")
    _halaman(client, "&periode=tw2")
    triwulan = _dibangun(blok_baru)
    _halaman(client, "&periode=b5")
    mei = _dibangun(blok_baru)
    assert mei["pengukuran-indikator"] == triwulan["pengukuran-indikator"] > 20
    assert "pengukuran-kelompok" not in mei
    _halaman(client, "&periode=tw2")
    assert not _dibangun(blok_baru)


def test_a_year_without_a_plan_says_so_in_both_tables(app, client_as, demo):
    with app.app_context():
        f.create_tahun(2025)
        db.session.commit()
    html = client_as("utama").get("/sipekerja/pengukuran/?tahun=2025").get_data(as_text=True)
    assert "Belum ada rencana untuk tahun ini." in html and 'data-jenis="indikator"' not in html
    jumlah = re.search(r'<tr[^>]*data-jenis="jumlah".*?</tr>', html, re.S).group(0)
    assert "Belum ada data anggaran." in jumlah


def test_the_skeleton_is_kept_across_realisasi_writes_and_built_again_after_a_plan_write(app, client_as, demo,
                                                                                          monkeypatch):
    """The measurement skeleton and the rows' labels (``pengukuran_blok._Rangka``) are made of the plan
    alone: a view after a realisasi write (of any kind) finds them again; a plan write builds them anew."""
    from sipekerja_module.views import pengukuran_blok

    dibangun: list[int] = []
    asli = pengukuran_blok.kerangka_pengukuran

    def hitung(data, baris=None):
        dibangun.append(data.perangkat_daerah_id)
        return asli(data, baris)

    monkeypatch.setattr(pengukuran_blok, "kerangka_pengukuran", hitung)
    client = client_as("utama")
    _halaman(client, "&periode=tw2")
    assert len(dibangun) == 1
    for tulis in _tulis_semua(app, demo):
        tulis()
        _halaman(client, "&periode=tw2")
    _halaman(client, "&periode=tahun")
    assert len(dibangun) == 1
    _ubah_pagu(app, _sub_kegiatan(app, demo, "BKPSDM-PPIK", 2))
    _halaman(client, "&periode=tw2")
    assert len(dibangun) == 2
