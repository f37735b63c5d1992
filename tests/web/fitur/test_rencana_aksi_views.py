"""The Rencana Aksi pages: one PK's Rencana Aksi (targets per triwulan, actions, realisasi, the
monthly data beside them), its downloads and the monitoring, by role; a unit writes its own and
never another unit's; bad input and races save nothing; bounded queries at ten times the demo."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import AksiPK
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import Jabatan
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import RealisasiAksiPK
from sipekerja_module.models import RealisasiTriwulanPK
from sipekerja_module.models import RencanaAksi
from sipekerja_module.views.filters import angka_id
from tests.integration.test_monitoring import _perbesar
from tests.querycount import assert_kueri_tetap

URL = "/sipekerja/rencana-aksi"


def _pk_id(app, nama_awal: str) -> int:
    with app.app_context():
        return db.session.execute(select(PerjanjianKinerja.id).join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
                                  .where(Jabatan.nama.startswith(nama_awal))).scalar_one()


def _ind(app, uraian: str) -> tuple[int, int]:
    """(indicator id, version of its targets row)."""
    with app.app_context():
        ind = db.session.execute(select(IndikatorPK.id).filter_by(uraian=uraian)).scalar_one()
        ra = db.session.execute(select(RencanaAksi).filter_by(indikator_pk_id=ind)).scalar_one_or_none()
        return ind, ra.version if ra else 0


def _aksi(app, uraian: str) -> int:
    with app.app_context():
        return db.session.execute(select(AksiPK.id).filter_by(uraian=uraian)).scalar_one()


def _jumlah(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _potret(app):
    with app.app_context():
        return tuple(sorted(repr(tuple(r)) for r in db.session.execute(select(m.__table__)).all())
                     for m in (RencanaAksi, AksiPK, RealisasiAksiPK, RealisasiTriwulanPK))


def _flash(client) -> list[str]:
    with client.session_transaction() as sess:
        return [pesan for _, pesan in sess.pop("_flashes", [])]


MERIT = "Indeks Sistem Merit"
MUTAKHIR = "Persentase Data Kepegawaian yang Mutakhir"
USUL_MUTASI = "Persentase Usulan Mutasi yang Diselesaikan Tepat Waktu"


def test_page_shows_targets_actions_realisasi_and_the_monthly_data_beside_them(client_as, app):
    page = client_as("pimpinan").get(f"{URL}/pk/{_pk_id(app, 'Kepala Badan')}").get_data(as_text=True)
    assert "Rencana Aksi 2024" in page and MERIT in page and "Penilaian mandiri penerapan Sistem Merit" in page
    blok = page.split(f'data-indikator-ra="{_ind(app, MERIT)[0]}"')[1].split("</section>")[0]
    assert re.search(r'data-target-tw="4">0,75<', blok)
    assert 'data-bulanan-tw="3">' in blok and "data s.d. Mei" in blok  # the monthly data stop in May
    assert 'action="/sipekerja/rencana-aksi/' not in page  # Pimpinan reads only
    ppik = client_as("ppik").get(f"{URL}/pk/{_pk_id(app, 'Kepala Bidang Pengadaan')}").get_data(as_text=True)
    assert "tidak ditautkan" in ppik  # the indicator without a plan indicator
    assert f'action="/sipekerja/rencana-aksi/indikator/{_ind(app, MUTAKHIR)[0]}/target"' in ppik
    # The PK page links to its Rencana Aksi.
    pk_page = client_as("utama").get(f"/sipekerja/pk/{_pk_id(app, 'Kepala Badan')}").get_data(as_text=True)
    assert f'href="{URL}/pk/{_pk_id(app, "Kepala Badan")}"' in pk_page
    assert not re.search(r'\sstyle="', page)


def test_a_unit_writes_its_own_rencana_aksi_and_gets_403_on_another_units(client_as, app):
    ppik, mutasi = client_as("ppik"), client_as("mutasi")
    ind, versi = _ind(app, MUTAKHIR)
    data = {"tw1": "70", "tw2": "80", "tw3": "85", "tw4": "90", "versi": str(versi)}
    assert ppik.post(f"{URL}/indikator/{ind}/target", data=data).status_code == 302, _flash(ppik)
    with app.app_context():
        assert db.session.execute(select(RencanaAksi.target_tw1).filter_by(indikator_pk_id=ind)).scalar_one() == 70
    sebelum = _potret(app)
    _, versi = _ind(app, MUTAKHIR)
    assert mutasi.post(f"{URL}/indikator/{ind}/target", data={**data, "versi": str(versi)}).status_code == 403
    assert mutasi.post(f"{URL}/indikator/{ind}/aksi", data={"uraian": "X", "triwulan": "1"}).status_code == 403
    aksi = _aksi(app, "Verifikasi dan validasi data ASN pada SIASN")
    assert mutasi.post(f"{URL}/aksi/{aksi}/realisasi", data={"tahun": "2024", "triwulan": "3", "status": "terlaksana",
                                                             "versi": "0"}).status_code == 403
    assert mutasi.post(f"{URL}/aksi/{aksi}/hapus").status_code == 403
    # The head's PK (no unit) is the Pengguna Utama's; the Pimpinan changes nothing.
    merit, versi_merit = _ind(app, MERIT)
    assert ppik.post(f"{URL}/indikator/{merit}/aksi", data={"uraian": "X", "triwulan": "1"}).status_code == 403
    assert client_as("pimpinan").post(f"{URL}/indikator/{ind}/aksi", data={"uraian": "X", "triwulan": "1"}
                                      ).status_code == 403
    assert _potret(app) == sebelum
    # The unit adds an action and reports it; the Utama may write any unit's.
    r = ppik.post(f"{URL}/indikator/{ind}/aksi", data={"uraian": "Rekonsiliasi data ASN dengan BKN",
                                                       "triwulan": ["3", "4"], "output": "Berita acara",
                                                       "penanggung_jawab": "Subkoordinator SIK"})
    assert r.status_code == 302, _flash(ppik)
    baru = _aksi(app, "Rekonsiliasi data ASN dengan BKN")
    r = ppik.post(f"{URL}/aksi/{baru}/realisasi", data={"tahun": "2024", "triwulan": "3", "status": "sebagian",
                                                        "keterangan": "Menunggu jadwal BKN",
                                                        "tautan_bukti": "https://drive.example.go.id/ba", "versi": "0"})
    assert r.status_code == 302, _flash(ppik)
    r = client_as("utama").post(f"{URL}/indikator/{ind}/realisasi", data={"tahun": "2024", "triwulan": "3",
                                                                           "realisasi": "86,5", "versi": "0"})
    assert r.status_code == 302, _flash(client_as("utama"))
    page = ppik.get(f"{URL}/pk/{_pk_id(app, 'Kepala Bidang Pengadaan')}").get_data(as_text=True)
    assert "Menunggu jadwal BKN" in page and 'href="https://drive.example.go.id/ba"' in page and "86,5" in page


def test_bad_input_saves_nothing_and_says_why(client_as, app):
    client = client_as("ppik")
    ind, versi = _ind(app, MUTAKHIR)
    aksi = _aksi(app, "Verifikasi dan validasi data ASN pada SIASN")
    sebelum = _potret(app)
    kasus = [
        (f"{URL}/indikator/{ind}/target", {"tw1": "-5", "tw4": "90", "versi": str(versi)}, "tidak boleh negatif"),
        (f"{URL}/indikator/{ind}/target", {"tw1": "banyak", "tw4": "90", "versi": str(versi)}, "Target TW I"),
        (f"{URL}/indikator/{ind}/aksi", {"uraian": "   ", "triwulan": "1"}, "Uraian rencana aksi"),
        (f"{URL}/indikator/{ind}/aksi", {"uraian": "Rapat koordinasi"}, "Pilih paling sedikit satu triwulan"),
        (f"{URL}/aksi/{aksi}/realisasi", {"tahun": "2023", "triwulan": "3", "status": "terlaksana", "versi": "0"},
         "bukan tahun 2023"),
        (f"{URL}/indikator/{ind}/realisasi", {"tahun": "2025", "triwulan": "1", "realisasi": "80", "versi": "0"},
         "bukan tahun 2025"),
        (f"{URL}/aksi/{aksi}/realisasi", {"tahun": "2024", "triwulan": "3", "status": "terlaksana", "versi": "0",
                                          "tautan_bukti": "javascript:alert(1)"}, "http"),
        (f"{URL}/indikator/{ind}/target", {"tw4": "90"}, "versi data hilang"),
    ]
    for url, data, pesan in kasus:
        r = client.post(url, data=data)
        assert r.status_code == 422, (url, data, r.status_code)
        assert pesan in r.get_data(as_text=True), (url, data, pesan)
    assert _potret(app) == sebelum


def test_a_stale_form_answers_409_and_keeps_the_saved_values(client_as, app):
    ind, versi = _ind(app, MUTAKHIR)
    client = client_as("ppik")
    assert client.post(f"{URL}/indikator/{ind}/target", data={"tw4": "90", "tw1": "71", "versi": str(versi)}
                       ).status_code == 302
    sebelum = _potret(app)
    # A second tab still holding the old version, and a form that saw no realisasi where one was saved meanwhile.
    r = client.post(f"{URL}/indikator/{ind}/target", data={"tw4": "90", "tw1": "10", "versi": str(versi)})
    assert r.status_code == 409 and "diubah" in r.get_data(as_text=True).lower()
    aksi = _aksi(app, "Verifikasi dan validasi data ASN pada SIASN")  # TW I reported in the demo
    r = client.post(f"{URL}/aksi/{aksi}/realisasi", data={"tahun": "2024", "triwulan": "1", "status": "belum",
                                                          "versi": "0"})
    assert r.status_code == 409
    assert _potret(app) == sebelum


def test_targets_that_miss_the_pk_target_are_saved_with_a_warning(client_as, app):
    ind, versi = _ind(app, "Jumlah Laporan Pengelolaan Sistem Informasi Kepegawaian")  # kumulatif, PK target 12
    client = client_as("ppik")
    r = client.post(f"{URL}/indikator/{ind}/target", data={"tw1": "3", "tw2": "6", "tw3": "9", "tw4": "11",
                                                           "versi": str(versi)})
    assert r.status_code == 302
    page = client.get(f"{URL}/pk/{_pk_id(app, 'Subkoordinator')}").get_data(as_text=True)
    assert "Target TW IV (11) tidak sama dengan target tahunan PK (12)." in page


def test_monitoring_marks_late_actions_per_triwulan_for_the_utama(client_as, app):
    page = client_as("utama").get(f"{URL}/monitoring?tahun=2024").get_data(as_text=True)
    assert "Monitoring Rencana Aksi" in page and "Penilaian mandiri penerapan Sistem Merit" in page
    # The demo's data stop in June: every TW III/IV action is late, TW I ones were done.
    baris = page.split(f'data-aksi="{_aksi(app, "Penilaian mandiri penerapan Sistem Merit")}"')[1].split("</tr>")[0]
    assert 'data-terlambat="3"' in page.split(f'data-aksi="{_aksi(app, "Penilaian mandiri penerapan Sistem Merit")}"'
                                              )[1][:40]
    assert re.findall(r'data-sel="([a-z_]+)"', baris) == ["terlaksana", "tidak_direncanakan", "belum_lapor",
                                                          "tidak_direncanakan"]
    usul = page.split(f'data-aksi="{_aksi(app, "Pemantauan waktu penyelesaian usulan mutasi")}"')[1].split("</tr>")[0]
    assert "Terlambat – belum dilaporkan" in usul  # Bidang Mutasi has not reported TW II
    assert re.search(r'data-ringkasan="terlambat">.*?</tr>', page, re.S)
    assert client_as("pimpinan").get(f"{URL}/monitoring?tahun=2024").status_code == 200
    assert client_as("ppik").get(f"{URL}/monitoring?tahun=2024").status_code == 403
    # The monthly data of a linked indicator sits next to the unit's realisasi.
    ind, _ = _ind(app, USUL_MUTASI)
    assert f'data-indikator-ra="{ind}"' in page


def test_downloads_read_back_and_follow_the_read_rights(client_as, app):
    pk_id = _pk_id(app, "Kepala Bidang Pengadaan")
    client = client_as("ppik")
    pdf = client.get(f"{URL}/pk/{pk_id}/pdf?ukuran=F4")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    teks = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "RENCANA AKSI TAHUN 2024" in teks and "Mengetahui," in teks
    assert client.get(f"{URL}/pk/{pk_id}/pdf?ukuran=A3").status_code == 400
    xlsx = client.get(f"{URL}/pk/{pk_id}/xlsx")
    assert load_workbook(io.BytesIO(xlsx.data)).sheetnames == ["Target", "Rencana Aksi"]
    mutasi = _pk_id(app, "Kepala Bidang Mutasi")
    assert client.get(f"{URL}/pk/{mutasi}/pdf").status_code == 403
    assert client.get(f"{URL}/pk/{mutasi}").status_code == 403
    assert angka_id(None) in client.get(f"{URL}/pk/{pk_id}").get_data(as_text=True)


def test_pages_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as, demo):
    client = client_as("utama")
    urls = [f"{URL}/pk/{_pk_id(app, 'Kepala Badan')}", f"{URL}/pk/{_pk_id(app, 'Subkoordinator')}",
            f"{URL}/monitoring?tahun=2024", f"{URL}/pk/{_pk_id(app, 'Sekretaris')}/pdf",
            f"{URL}/pk/{_pk_id(app, 'Sekretaris')}/xlsx"]
    assert_kueri_tetap(app, client, urls, lambda s: (_perbesar(s, kali=9), _perbesar_rencana_aksi(s, kali=9)), batas=30)


def _perbesar_rencana_aksi(session, kali: int) -> None:
    """Copy every PK indicator with its Rencana Aksi, actions and their realisasi ``kali`` times."""
    asli = session.execute(select(IndikatorPK)).scalars().all()
    for i in range(kali):
        for ind in asli:
            salinan = IndikatorPK(pk_id=ind.pk_id, sasaran_pk_id=ind.sasaran_pk_id, uraian=f"{ind.uraian} #{i}",
                                  satuan_id=ind.satuan_id, target_nilai=ind.target_nilai,
                                  indikator_id=ind.indikator_id, induk_id=ind.induk_id, urutan=ind.urutan)
            session.add(salinan)
            session.flush()
            ra = session.execute(select(RencanaAksi).filter_by(indikator_pk_id=ind.id)).scalar_one()
            session.add(RencanaAksi(indikator_pk_id=salinan.id, target_tw1=ra.target_tw1, target_tw4=ra.target_tw4))
            for aksi in session.execute(select(AksiPK).filter_by(indikator_pk_id=ind.id)).scalars().all():
                baru = AksiPK(indikator_pk_id=salinan.id, uraian=aksi.uraian, triwulan=aksi.triwulan)
                session.add(baru)
                session.flush()
                session.add(RealisasiAksiPK(aksi_id=baru.id, triwulan=1, status="terlaksana"))
            session.add(RealisasiTriwulanPK(indikator_pk_id=salinan.id, triwulan=1, realisasi=1))
    session.flush()


def test_an_action_is_changed_with_its_version_and_removed_with_its_realisasi(client_as, app):
    client = client_as("ppik")
    aksi = _aksi(app, "Verifikasi dan validasi data ASN pada SIASN")
    with app.app_context():
        versi = db.session.get(AksiPK, aksi).version
    data = {"uraian": "Verifikasi data ASN pada SIASN dan MySAPK", "triwulan": ["1", "2", "3", "4"],
            "output": "Data tervalidasi", "penanggung_jawab": "Subkoordinator SIK", "versi": str(versi)}
    assert client.post(f"{URL}/aksi/{aksi}", data=data).status_code == 302
    with app.app_context():
        ubah = db.session.get(AksiPK, aksi)
        assert (ubah.uraian, ubah.triwulan) == ("Verifikasi data ASN pada SIASN dan MySAPK", 15)
    assert client.post(f"{URL}/aksi/{aksi}", data=data).status_code == 409  # the same, now stale, form
    assert client.post(f"{URL}/aksi/{aksi}/hapus").status_code == 302
    with app.app_context():
        assert db.session.get(AksiPK, aksi) is None
        assert db.session.execute(select(RealisasiAksiPK).filter_by(aksi_id=aksi)).first() is None


@pytest.mark.parametrize("jabatan", ["Sekretaris", "Kepala Badan"])
def test_the_monthly_data_beside_a_triwulan_is_a_computed_measure_with_two_decimals(client_as, app, jabatan):
    """The realisasi to date is computed (a mean of months, say): printed as every computed measure,
    two decimals by the one rounding rule — never ``96,666666666666666667`` — on the page, the
    monitoring board and in the printed Rencana Aksi."""
    client = client_as("pimpinan")
    pk_id = _pk_id(app, jabatan)
    halaman = client.get(f"{URL}/pk/{pk_id}").get_data(as_text=True)
    angka = [a.strip() for a in re.findall(r'data-bulanan-tw="\d">([\d.,\s]+)<', halaman)]
    assert angka and all(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d{2}", a) for a in angka), angka
    pdf = client.get(f"{URL}/pk/{pk_id}/pdf")
    assert pdf.status_code == 200
    teks = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert not re.search(r"\d,\d{3,}", teks.replace(".", "")), "an unrounded measure in the printed Rencana Aksi"
