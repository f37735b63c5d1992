"""Perencanaan pages: the plan tree, grids with Indonesian numbers and clear messages, Bidang
isolation on every object route, conflicts, plan lock, history."""

import pytest
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import AuditLog
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import TargetAnggaran
from sipekerja_module.models import TargetKinerja

BULAN_KOSONG = {f"b{b}": "" for b in range(1, 13)}


def _grid(versi, **nilai):
    return {**BULAN_KOSONG, "versi": str(versi), **nilai}


def _versi(app, model, obj_id):
    with app.app_context():
        return db.session.get(model, obj_id).version


def test_plan_tree_shows_the_guides_levels_with_codes(client_as):
    html = client_as("utama").get("/sipekerja/perencanaan/?tahun=2024").get_data(as_text=True)
    for teks in ("Data Perencanaan Kerja — TAHUN 2024", "Meningkatnya Kualitas Tata Kelola Manajemen ASN",
                 "UNSUR PENUNJANG URUSAN PEMERINTAHAN", "KEPEGAWAIAN", "PROGRAM KEPEGAWAIAN DAERAH",
                 "Pengelolaan Sistem Informasi Kepegawaian", "5.03.02.2.01.0010"):
        assert teks in html
    for jenis in ("sasaran", "urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan", "indikator"):
        assert f'data-jenis="{jenis}"' in html


def test_bidang_sees_only_its_own_unit_in_the_tree(client_as, demo):
    html = client_as("ppik").get("/sipekerja/perencanaan/?tahun=2024&unit=%d" % demo.unit["BKPSDM-MUTASI"]) \
        .get_data(as_text=True)
    html = html[html.index('id="pohon-rencana"'):html.index("</table>")]
    assert "Pengelolaan Sistem Informasi Kepegawaian" in html  # PPIK's own
    assert "Pengelolaan Kenaikan Pangkat ASN" not in html  # Mutasi's


def _rute_objek(demo, unit):
    sub, ind = demo.sub[unit], demo.ind[unit]
    return [
        ("get", f"/sipekerja/perencanaan/indikator/{ind}", None),
        ("post", f"/sipekerja/perencanaan/indikator/{ind}", {"uraian": "x", "satuan_id": "1", "polaritas": "positif",
                                                             "agregasi": "kumulatif", "rumus_negatif": "selisih"}),
        ("get", f"/sipekerja/perencanaan/indikator/{ind}/target", None),
        ("post", f"/sipekerja/perencanaan/indikator/{ind}/target", _grid(1, b12="1")),
        ("get", f"/sipekerja/perencanaan/node/{sub}/anggaran", None),
        ("post", f"/sipekerja/perencanaan/node/{sub}/anggaran", _grid(1, pagu="1")),
        ("post", f"/sipekerja/perencanaan/node/{sub}/hapus", {}),
        ("get", f"/sipekerja/perencanaan/indikator/baru?induk=node:{sub}", None),
        ("post", "/sipekerja/perencanaan/indikator/baru", {"induk": f"node:{sub}", "uraian": "x", "satuan_id": "1",
                                                           "polaritas": "positif", "agregasi": "kumulatif",
                                                           "rumus_negatif": "selisih"}),
        ("get", f"/sipekerja/perencanaan/riwayat/Indikator/{ind}", None),
        ("get", f"/sipekerja/perencanaan/xlsx?unit={demo.unit[unit]}", None),
        ("post", f"/sipekerja/perencanaan/xlsx?unit={demo.unit[unit]}", {}),
    ]


def _snapshot(app):
    with app.app_context():
        return (
            db.session.execute(select(func.count()).select_from(Indikator)).scalar_one(),
            db.session.execute(select(func.count()).select_from(NodeRencana)).scalar_one(),
            tuple(db.session.execute(select(TargetKinerja.nilai).order_by(TargetKinerja.id)).scalars()),
            tuple(db.session.execute(select(TargetAnggaran.nilai).order_by(TargetAnggaran.id)).scalars()),
            db.session.execute(select(func.count()).select_from(AuditLog)).scalar_one(),
        )


def test_bidang_gets_403_for_every_object_route_of_another_unit_and_nothing_changes(app, client_as, demo):
    client = client_as("ppik")
    sebelum = _snapshot(app)
    for metode, url, data in _rute_objek(demo, "BKPSDM-MUTASI"):
        response = getattr(client, metode)(url, data=data)
        assert response.status_code == 403, (metode, url, response.status_code)
        assert "tidak berhak" in response.get_data(as_text=True)
    assert _snapshot(app) == sebelum


def test_pimpinan_cannot_open_perencanaan(client_as):
    assert client_as("pimpinan").get("/sipekerja/perencanaan/").status_code == 403


def test_unknown_object_ids_are_404(client_as):
    client = client_as("utama")
    assert client.get("/sipekerja/perencanaan/indikator/999999").status_code == 404
    assert client.get("/sipekerja/perencanaan/riwayat/Pengguna/1").status_code == 404


def test_target_grid_accepts_indonesian_numbers_and_reports_the_sum_rule(app, client_as, demo):
    client = client_as("ppik")
    ind = demo.ind["BKPSDM-PPIK"]
    with app.app_context():
        target = db.session.get(Indikator, ind).target_tahunan
    versi = _versi(app, Indikator, ind)
    salah = client.post(f"/sipekerja/perencanaan/indikator/{ind}/target", data=_grid(versi, b1="1,5"))
    assert salah.status_code == 422
    html = salah.get_data(as_text=True)
    assert "Jumlah target bulanan (1,5) harus sama dengan target tahunan" in html
    assert 'value="1,5"' in html  # what the user typed is kept
    rusak = client.post(f"/sipekerja/perencanaan/indikator/{ind}/target", data=_grid(versi, b2="12.5"))
    assert rusak.status_code == 422 and "koma" in rusak.get_data(as_text=True)
    benar = client.post(f"/sipekerja/perencanaan/indikator/{ind}/target",
                        data=_grid(versi, b12=str(target).replace(".", ",")))
    assert benar.status_code == 302
    with app.app_context():
        nilai = dict(db.session.execute(
            select(TargetKinerja.bulan, TargetKinerja.nilai).filter_by(indikator_id=ind)).all())
    assert nilai[12] == target and nilai[1] is None


def test_second_person_saving_the_same_grid_gets_a_conflict(app, client_as, demo):
    ind = demo.ind["BKPSDM-PPIK"]
    with app.app_context():
        target = str(db.session.get(Indikator, ind).target_tahunan).replace(".", ",")
    dibuka = _versi(app, Indikator, ind)
    pertama = client_as("ppik").post(f"/sipekerja/perencanaan/indikator/{ind}/target", data=_grid(dibuka, b12=target))
    assert pertama.status_code == 302
    kedua = client_as("utama").post(f"/sipekerja/perencanaan/indikator/{ind}/target", data=_grid(dibuka, b6=target))
    assert kedua.status_code == 409
    assert "sudah diubah oleh pengguna lain" in kedua.get_data(as_text=True)
    with app.app_context():
        nilai = dict(db.session.execute(
            select(TargetKinerja.bulan, TargetKinerja.nilai).filter_by(indikator_id=ind)).all())
    assert nilai[6] is None


def test_anggaran_over_pagu_is_explained_in_indonesian(app, client_as, demo):
    sub = demo.sub["BKPSDM-PPIK"]
    response = client_as("ppik").post(f"/sipekerja/perencanaan/node/{sub}/anggaran",
                                      data=_grid(_versi(app, NodeRencana, sub), pagu="1.000.000", b1="600.000",
                                                 b2="600.000"))
    assert response.status_code == 422
    assert "melebihi pagu (Rp 1.000.000)" in response.get_data(as_text=True)


def test_fixed_plan_blocks_target_changes_until_utama_reopens_with_reason(app, client_as, demo):
    utama = client_as("utama")
    assert utama.post("/sipekerja/perencanaan/tetapkan?tahun=2024").status_code == 302
    ind = demo.ind["BKPSDM-PPIK"]
    response = client_as("ppik").post(f"/sipekerja/perencanaan/indikator/{ind}/target",
                                      data=_grid(_versi(app, Indikator, ind), b12="1"))
    assert response.status_code == 422 and "sudah ditetapkan" in response.get_data(as_text=True)
    assert client_as("ppik").post("/sipekerja/perencanaan/buka?tahun=2024", data={"alasan": "x"}).status_code == 403
    utama.post("/sipekerja/perencanaan/buka?tahun=2024", data={"alasan": "Perubahan DPA"})
    riwayat = utama.get("/sipekerja/perencanaan/?tahun=2024").get_data(as_text=True)
    assert 'data-status-rencana="draf"' in riwayat


def test_history_shows_who_and_before_after(app, client_as, demo):
    ind = demo.ind["BKPSDM-PPIK"]
    with app.app_context():
        target = str(db.session.get(Indikator, ind).target_tahunan).replace(".", ",")
    client = client_as("ppik")
    client.post(f"/sipekerja/perencanaan/indikator/{ind}/target", data=_grid(_versi(app, Indikator, ind), b12=target))
    html = client.get(f"/sipekerja/perencanaan/riwayat/Indikator/{ind}").get_data(as_text=True)
    assert 'data-aksi="ubah_target_kinerja"' in html and "19900110 201403 1 004" in html


def test_adding_a_sub_kegiatan_by_two_digit_code_builds_its_parents(app, client_as, demo):
    from sipekerja_module.models import Nomenklatur

    with app.app_context():
        dipakai = set(db.session.execute(select(NodeRencana.kode)).scalars())
        kode = next(k for k in db.session.execute(select(Nomenklatur.kode).filter_by(level="sub_kegiatan")
                                                  .order_by(Nomenklatur.kode)).scalars() if k not in dipakai)
    dua_digit = kode[:-4] + kode[-2:]  # 5.03.01.2.01.0003 -> 5.03.01.2.01.03
    response = client_as("utama").post("/sipekerja/perencanaan/node?tahun=2024", data={
        "kode": dua_digit.replace(".2.", ".02.", 1), "unit_kerja_id": str(demo.unit["BKPSDM-PPIK"]), "sasaran_id": "0"})
    assert response.status_code == 302
    with app.app_context():
        node = db.session.execute(select(NodeRencana).filter_by(kode=kode,
                                                                unit_kerja_id=demo.unit["BKPSDM-PPIK"])).scalar_one()
        assert node.parent.kode == kode.rsplit(".", 1)[0] and node.parent.parent.level == "program"


@pytest.mark.parametrize("kode, pesan", [("9.99", "tidak ada dalam nomenklatur"), ("abc", "")])
def test_bad_codes_are_refused_with_a_message(client_as, demo, kode, pesan):
    response = client_as("utama").post("/sipekerja/perencanaan/node?tahun=2024", data={
        "kode": kode, "unit_kerja_id": str(demo.unit["BKPSDM-PPIK"]), "sasaran_id": "0"})
    assert response.status_code == 422
    assert pesan in response.get_data(as_text=True)


def _usulan(html: str) -> dict[str, str]:
    import html as html_lib
    import json
    import re

    return json.loads(html_lib.unescape(re.search(r"data-isi-usulan='([^']*)'", html).group(1)))


@pytest.mark.parametrize("agregasi, label", [("kumulatif", "Jumlah"), ("nilai_akhir", "Nilai akhir (Desember)")])
def test_the_grid_total_follows_the_agregasi_and_its_proposed_split_is_accepted_as_is(app, client_as, demo, agregasi,
                                                                                       label):
    with app.app_context():
        ind = db.session.execute(select(Indikator).filter_by(agregasi=agregasi, target_atas=None)
                                 .where(Indikator.target_tahunan > 0)).scalars().first()
        ind_id, target = ind.id, ind.target_tahunan
    client = client_as("utama")
    html = client.get(f"/sipekerja/perencanaan/indikator/{ind_id}/target").get_data(as_text=True)
    assert f'data-agregasi="{agregasi}"' in html and f"data-label-total>{label}</th>" in html
    usulan = _usulan(html)
    assert sorted(usulan, key=int) == [str(b) for b in range(1, 13)]
    simpan = client.post(f"/sipekerja/perencanaan/indikator/{ind_id}/target",
                         data=_grid(_versi(app, Indikator, ind_id), **{f"b{b}": v for b, v in usulan.items()}))
    assert simpan.status_code == 302, simpan.get_data(as_text=True)
    with app.app_context():
        nilai = dict(db.session.execute(
            select(TargetKinerja.bulan, TargetKinerja.nilai).filter_by(indikator_id=ind_id)).all())
    if agregasi == "kumulatif":
        assert sum(nilai.values()) == target
    else:
        assert set(nilai.values()) == {target}
