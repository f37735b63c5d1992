"""The month form *Isian realisasi* from cached row blocks (views/isian_blok.py): after writes the
page is exactly a fresh render, only the rows whose inputs a write changed are built again, and a
row block never serves another unit, another editability or another session's CSRF token."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import StatusPeriodeUnit
from tests import berkas_contoh as contoh
from tests.web.fitur.conftest import kosongkan_cache
from tests.web.fitur.test_realisasi_views import _ind


def _url(bulan: int, unit: int | None = None) -> str:
    return f"/sipekerja/realisasi/?bulan={bulan}&tahun=2024" + (f"&unit={unit}" if unit else "")


def _isi(html: str) -> str:
    """The month form without the CSRF tokens (signed with the time: another value each second) and
    the flash message above it (shown once, after a save)."""
    isi = re.search(r'<h1 class="h5.*</main>', html, re.S).group(0)
    return re.sub(r'name="csrf_token"([^>]*)value="[^"]+"', "", isi)


def _sub_kegiatan(app, unit_id: int) -> int:
    from sipekerja_module.models import NodeRencana

    with app.app_context():
        return db.session.scalar(select(NodeRencana.id).filter_by(unit_kerja_id=unit_id, level="sub_kegiatan")
                                 .order_by(NodeRencana.kode).limit(1))


def _unggah(client, indikator_id: int, bulan: int) -> None:
    assert client.post("/sipekerja/realisasi/bukti?tahun=2024", data={
        "indikator_id": str(indikator_id), "bulan": str(bulan), "berkas": (io.BytesIO(contoh.png()), "foto.png")},
        content_type="multipart/form-data").status_code == 302


def test_after_writes_the_month_form_from_blocks_is_exactly_a_fresh_render(app, client_as, demo, tw2_dibuka):
    unit = demo.unit["BKPSDM-PPIK"]
    ind = _ind(app, unit)
    ppik, utama = client_as("ppik"), client_as("utama")
    halaman = [_url(5), _url(6), _url(4)]
    for url in halaman:
        ppik.get(url)
    tulis = [
        lambda: ppik.post(_url(5), data={f"k-{ind[0]}-nilai": "7", f"k-{ind[0]}-keterangan": "Naik <b>tajam</b>"}),
        lambda: ppik.post(_url(6), data={f"k-{ind[1]}-nilai": "", f"k-{ind[1]}-tanpa": "y",
                                         f"k-{ind[1]}-alasan_tanpa": "Tidak ada usulan"}),
        lambda: _unggah(ppik, ind[2], 5),
        lambda: ppik.post(_url(5), data={f"a-{_sub_kegiatan(app, unit)}-nilai": "999.999.999.999"}),
    ]
    for t in tulis:
        t()
        dari_blok = [_isi(ppik.get(url).get_data(as_text=True)) for url in halaman]
        dari_blok_utama = _isi(utama.get(_url(5, unit)).get_data(as_text=True))
        kosongkan_cache(app)
        assert [_isi(ppik.get(url).get_data(as_text=True)) for url in halaman] == dari_blok
        assert _isi(utama.get(_url(5, unit)).get_data(as_text=True)) == dari_blok_utama
    assert "Naik &lt;b&gt;tajam&lt;/b&gt;" in dari_blok[0] and "Tidak ada usulan" in dari_blok[1]
    assert "foto.png" in dari_blok[0] and "melebihi pagu" in dari_blok[0]


def test_a_write_rebuilds_only_the_rows_whose_inputs_it_changed(app, client_as, demo, tw2_dibuka, blok_baru):
    unit = demo.unit["BKPSDM-PPIK"]
    ind = _ind(app, unit)
    ppik = client_as("ppik")
    ppik.get(_url(5))
    jumlah_baris = len(blok_baru[0])
    assert jumlah_baris > len(ind) > 2  # the first view built every row, kinerja and anggaran

    ppik.post(_url(5), data={f"k-{ind[0]}-nilai": "7"})
    ppik.get(_url(5))
    assert len(blok_baru[1]) == 1  # that indicator's row, nothing else

    # June is in the same triwulan: May's page lists June's warnings too, so the row is built again.
    ppik.post(_url(6), data={f"k-{ind[1]}-nilai": "3"})
    ppik.get(_url(5))
    assert len(blok_baru[2]) == 1

    _unggah(ppik, ind[2], 5)
    ppik.get(_url(5))
    assert len(blok_baru[3]) == 1

    ppik.post(_url(5), data={f"a-{_sub_kegiatan(app, unit)}-nilai": "1.000"})
    ppik.get(_url(5))
    assert len(blok_baru[4]) == 1

    # Another unit's write bumps the agency's data version (the page is rendered again) but no row
    # of this unit changes; a repeat view builds nothing either.
    client_as("mutasi").post(_url(5), data={f"k-{_ind(app, demo.unit['BKPSDM-MUTASI'])[0]}-nilai": "5"})
    ppik.get(_url(5))
    ppik.get(_url(5))
    assert len(blok_baru) == 5


def test_a_row_block_never_serves_another_unit_or_another_editability(app, client_as, demo, tw2_dibuka, blok_baru):
    ppik, utama = client_as("ppik"), client_as("utama")
    ppik.get(_url(5))
    mutasi = demo.unit["BKPSDM-MUTASI"]
    halaman_mutasi = utama.get(_url(5, mutasi)).get_data(as_text=True)
    assert len(blok_baru) == 2 and not set(blok_baru[0]) & set(blok_baru[1])  # own rows, built for that unit
    assert set(re.findall(r'data-baris="k-(\d+)"', halaman_mutasi)) == set(map(str, _ind(app, mutasi)))

    # The triwulan submitted: the same data, but the form is read-only now, so every row is built again.
    with app.app_context():
        db.session.scalar(select(StatusPeriodeUnit).filter_by(
            unit_kerja_id=demo.unit["BKPSDM-PPIK"], tahun_id=demo.tahun, triwulan=2)).status = "diajukan"
        db.session.commit()
    halaman = ppik.get(_url(5)).get_data(as_text=True)
    assert len(blok_baru[2]) == len(blok_baru[0])
    assert 'data-status="diajukan"' in halaman and "readonly" in halaman and "unggah…" not in halaman
    kosongkan_cache(app)
    assert _isi(ppik.get(_url(5)).get_data(as_text=True)) == _isi(halaman)


def test_no_csrf_token_is_stored_in_a_row_and_every_session_gets_its_own(app, client_as, demo, tw2_dibuka,
                                                                        blok_baru):
    ppik = client_as("ppik")
    _unggah(ppik, _ind(app, demo.unit["BKPSDM-PPIK"])[0], 5)
    pertama = ppik.get(_url(5)).get_data(as_text=True)
    assert 'form="hapus-' in pertama  # a row with a delete button pointing at a form outside it
    for blok in blok_baru:
        for html, _ in blok.values():
            assert "csrf" not in html
    kedua = client_as("ppik").get(_url(5)).get_data(as_text=True)
    token = [set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', h)) for h in (pertama, kedua)]
    assert len(token[0]) == len(token[1]) == 1 and token[0] != token[1]


def test_the_anggaran_warning_of_another_month_of_the_triwulan_reaches_the_ajukan_list(app, client_as, demo,
                                                                                      tw2_dibuka):
    """The confirmation before Ajukan lists the warnings of every month, which the row blocks carry."""
    unit = demo.unit["BKPSDM-PPIK"]
    ppik = client_as("ppik")
    ppik.get(_url(5))
    node = _sub_kegiatan(app, unit)
    ppik.post(_url(4), data={f"a-{node}-nilai": "999.999.999.999"})
    with app.app_context():
        assert db.session.scalar(select(RealisasiAnggaran.nilai).filter_by(node_id=node, bulan=4)) == 999999999999
    halaman = ppik.get(_url(5)).get_data(as_text=True)
    daftar = re.search(r'<div hidden id="peringatan-ajukan">.*?</div>', halaman, re.S).group(0)
    assert "April — " in daftar and "melebihi pagu" in daftar


def test_the_unit_picker_follows_a_unit_renamed_or_deactivated(app, client_as, demo):
    """The picker's units are cached under the plan version, which every change to a unit bumps."""
    from sipekerja_module.models import UnitKerja

    utama = client_as("utama")
    mutasi = demo.unit["BKPSDM-MUTASI"]

    def pilihan() -> dict[str, str]:
        html = utama.get(_url(5, demo.unit["BKPSDM-PPIK"])).get_data(as_text=True)
        pilih = re.search(r'<select id="unit".*?</select>', html, re.S).group(0)
        return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', pilih))

    assert str(mutasi) in pilihan()
    with app.app_context():
        db.session.get(UnitKerja, mutasi).nama = "Bidang Mutasi Baru"
        db.session.commit()
    assert pilihan()[str(mutasi)] == "Bidang Mutasi Baru"
    with app.app_context():
        db.session.get(UnitKerja, mutasi).aktif = False
        db.session.commit()
    assert str(mutasi) not in pilihan()


def test_the_rows_of_the_month_form_carry_no_indentation_or_blank_lines(client_as, demo):
    """The form repeats its row 50-100 times: written out compactly, a unit's month is ~9% lighter
    (the same elements and attributes). The indicator's manual (a shared macro) is left as it is."""
    html = client_as("ppik").get(_url(5)).get_data(as_text=True)
    baris = re.findall(r'<tr data-baris=.*?</tr>', html, re.S)
    assert len(baris) > 2
    for b in baris:
        b = re.sub(r'<details class="small mt-1" data-manual-indikator>.*?</details>', "", b, flags=re.S)
        assert "\n\n" not in b and not re.search(r"\n[ \t]", b), b


def test_each_delete_button_posts_to_its_own_file(app, client_as, demo, tw2_dibuka):
    """The delete forms below the rows (their URL is built once and each file's id put in): the form
    a row's button names withdraws that file and no other."""
    from sipekerja_module.models import BuktiDukung

    ppik = client_as("ppik")
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])
    _unggah(ppik, ind[0], 5)
    _unggah(ppik, ind[1], 5)
    halaman = ppik.get(_url(5)).get_data(as_text=True)
    with app.app_context():
        bukti = {i: db.session.scalar(select(BuktiDukung.id).filter_by(indikator_id=i, bulan=5)
                                      .order_by(BuktiDukung.id.desc()).limit(1)) for i in ind[:2]}
    tombol = {i: re.findall(r'<button form="hapus-(\d+)"', isi)
              for i, isi in re.findall(r'<tr data-baris="k-(\d+)">(.*?)</tr>', halaman, re.S)}
    aksi = dict(re.findall(r'<form id="hapus-(\d+)" method="post" action="([^"]+)"', halaman))
    for i in ind[:2]:
        assert tombol[str(i)] == [str(bukti[i])]
        assert aksi[str(bukti[i])] == f"/sipekerja/realisasi/bukti/{bukti[i]}/hapus?tahun=2024"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', halaman).group(1)
    assert ppik.post(aksi[str(bukti[ind[0]])], data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session.get(BuktiDukung, bukti[ind[0]]).dihapus_dt is not None
        assert db.session.get(BuktiDukung, bukti[ind[1]]).dihapus_dt is None
