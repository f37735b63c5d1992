"""Signed reports (issue 15, item 4): the letterhead and the signers are edited in Referensi per
perangkat daerah and printed on every PDF (read back with pypdf) and XLSX (openpyxl), the
Lampiran PK with its pihak kedua and pihak pertama; the XLSX is set up to print; bad input is
refused with an Indonesian message and saves nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import AuditLog
from sipekerja_module.models import KopLaporan
from sipekerja_module.models import Penandatangan
from sipekerja_module.models import Pengguna
from tests.integration.test_reports import _teks_pdf
from tests.masuk import masuk

URL = "/sipekerja/laporan"
RF = "/sipekerja/referensi/laporan"
KEPALA = {"peran": "kepala", "nama": "Dr. Andi Pratama, S.STP., M.Si.", "nip": "19750412 199803 1 008",
          "jabatan": "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
          "pangkat": "Pembina Utama Muda (IV/c)"}
BUPATI = {"peran": "kepala_daerah", "nama": "dr. Fahmi Fadli", "nip": "", "jabatan": "Bupati Paser", "pangkat": ""}
KOP = {"nama_daerah": "Kabupaten Paser", "nama_instansi": "Badan Kepegawaian dan Pengembangan SDM",
       "alamat": "Jl. Kusuma Bangsa No. 1, Tana Paser", "telepon": "(0543) 21021", "email": "bkpsdm@paserkab.go.id",
       "website": "bkpsdm.paserkab.go.id", "tempat_ttd": "Tanah Grogot"}


def _post(client, url: str, data: dict, status: int = 302):
    response = client.post(url, data=data)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
    return response


def _semua_teks(ws) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


@pytest.fixture
def bertanda(app, client_as, demo):
    """The Pengguna Utama stored a letterhead, the head of agency and the Bupati in Referensi."""
    client = client_as("utama")
    _post(client, f"{RF}/kop", KOP)
    _post(client, f"{RF}/penandatangan", KEPALA)
    _post(client, f"{RF}/penandatangan", BUPATI)
    return client


def test_signer_stored_in_referensi_is_printed_with_name_nip_and_pangkat_on_every_pdf(app, bertanda, demo):
    for jenis in ("pengukuran", "target-capaian"):
        halaman = _teks_pdf(bertanda.get(f"{URL}/{jenis}/pdf?tahun=2024&periode=tw2").data)
        akhir = halaman[-1]
        assert "Dr. Andi Pratama, S.STP., M.Si." in akhir, jenis
        assert "Pembina Utama Muda (IV/c)" in akhir, jenis
        assert "NIP. 19750412 199803 1 008" in akhir, jenis
        assert "Tanah Grogot, " in akhir, jenis
        assert "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM" in halaman[0], jenis
        assert "Jl. Kusuma Bangsa No. 1, Tana Paser" in halaman[0], jenis
        assert "Telepon (0543) 21021 · Email bkpsdm@paserkab.go.id · Laman bkpsdm.paserkab.go.id" in halaman[0]


def test_signer_and_letterhead_are_on_every_xlsx_sheet_below_the_table(app, bertanda, demo):
    buku = openpyxl.load_workbook(io.BytesIO(bertanda.get(f"{URL}/pengukuran/xlsx?tahun=2024&periode=tw2").data))
    for ws in buku.worksheets:
        teks = _semua_teks(ws)
        assert "PEMERINTAH KABUPATEN PASER" in teks and "Jl. Kusuma Bangsa No. 1, Tana Paser" in teks, ws.title
        assert "Dr. Andi Pratama, S.STP., M.Si." in teks and "Pembina Utama Muda (IV/c)" in teks, ws.title
        assert "NIP. 19750412 199803 1 008" in teks, ws.title
        baris_nama = next(c.row for row in ws.iter_rows() for c in row if c.value == KEPALA["nama"])
        baris_tabel = max(c.row for row in ws.iter_rows() for c in row if c.border.left.style)
        assert baris_nama > baris_tabel + 2, ws.title  # below the table, not beside it


@pytest.mark.parametrize("ukuran, kode", [("A4", 9), ("F4", 14)])
def test_xlsx_prints_landscape_on_the_chosen_paper_fitted_to_width_with_repeated_headers(client_as, demo,
                                                                                          ukuran, kode):
    isi = client_as("pimpinan").get(f"{URL}/target-capaian/xlsx?tahun=2024&ukuran={ukuran}").data
    buku = openpyxl.load_workbook(io.BytesIO(isi))
    for ws in buku.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == kode, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # One page wide (absent = 1, the ECMA-376 default), as many pages tall as needed (0).
        assert int(ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0, ws.title
        assert ws.print_title_rows, ws.title
        awal, akhir = (int(x) for x in ws.print_title_rows.replace("$", "").split(":"))
        assert ws.cell(awal, 1).value == "No", ws.title  # the repeated rows are the column headers
        assert "Halaman &P dari &N" in ws.oddFooter.right.text, ws.title


def test_lampiran_pk_is_signed_by_the_bupati_as_pihak_kedua_and_the_head_of_agency_as_pihak_pertama(bertanda, demo):
    akhir = _teks_pdf(bertanda.get(f"{URL}/lampiran-pk/pdf?tahun=2024").data)[-1]
    assert akhir.index("PIHAK KEDUA") < akhir.index("PIHAK PERTAMA")
    assert "dr. Fahmi Fadli" in akhir and "Bupati Paser" in akhir
    assert "Dr. Andi Pratama, S.STP., M.Si." in akhir and "NIP. 19750412 199803 1 008" in akhir
    buku = openpyxl.load_workbook(io.BytesIO(bertanda.get(f"{URL}/lampiran-pk/xlsx?tahun=2024").data))
    teks = _semua_teks(buku["Sasaran dan Indikator"])
    assert "PIHAK KEDUA" in teks and "PIHAK PERTAMA" in teks and "dr. Fahmi Fadli" in teks
    assert "Pembina Utama Muda (IV/c)" in teks


def test_a_units_lampiran_pk_is_signed_by_its_head_and_the_head_of_agency(bertanda, demo):
    unit = demo.unit["BKPSDM-MUTASI"]
    _post(bertanda, f"{RF}/penandatangan", {"peran": f"unit-{unit}", "nama": "Rina Sari, S.Psi.",
                                             "nip": "198104152006042003", "jabatan": "", "pangkat": "Pembina (IV/a)"})
    akhir = _teks_pdf(bertanda.get(f"{URL}/lampiran-pk/pdf?tahun=2024&unit={unit}").data)[-1]
    assert "Rina Sari, S.Psi." in akhir and "NIP. 19810415 200604 2 003" in akhir
    # An empty jabatan prints the default one of a Bidang's head.
    assert "Kepala Bidang Mutasi dan Promosi" in " ".join(akhir.split())
    assert akhir.index("PIHAK KEDUA") < akhir.index("Dr. Andi Pratama") < akhir.index("PIHAK PERTAMA")
    assert "dr. Fahmi Fadli" not in akhir


def test_the_report_page_shows_the_stored_signer(bertanda, demo):
    teks = bertanda.get(f"{URL}/pengukuran?tahun=2024&periode=tw2").get_data(as_text=True)
    assert "Dr. Andi Pratama, S.STP., M.Si." in teks and "Pembina Utama Muda (IV/c)" in teks
    assert "Tanah Grogot" in teks


def test_referensi_changes_are_audited(app, bertanda, demo):
    with app.app_context():
        aksi = db.session.execute(select(AuditLog.aksi).where(AuditLog.objek_tipe.in_(
            ("KopLaporan", "Penandatangan")))).scalars().all()
        assert sorted(aksi) == ["ubah_kop_laporan", "ubah_penandatangan", "ubah_penandatangan"]
        kepala = db.session.execute(select(Penandatangan).filter_by(peran="kepala")).scalar_one()
        assert kepala.nip == "197504121998031008"  # stored as 18 digits


def _jumlah(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize("isian, pesan", [
    ({"nip": "19751312 199803 1 008"}, "bukan tanggal yang valid"),
    ({"nip": "1975041219980310"}, "NIP harus 18 digit"),
    ({"nip": "19750412 199803 3 008"}, "Digit ke-15 NIP"),
    ({"nama": "A" * 161}, "Paling banyak 160 karakter."),
    ({"pangkat": "P" * 101}, "Paling banyak 100 karakter."),
    ({"peran": "bupati"}, "Penandatangan tidak dikenal."),
])
def test_a_bad_signer_is_refused_with_an_indonesian_message_and_nothing_is_saved(app, client_as, demo, isian,
                                                                                   pesan):
    client = client_as("utama")
    sebelum = _jumlah(app, Penandatangan)
    response = _post(client, f"{RF}/penandatangan", {**KEPALA, **isian}, status=422)
    assert pesan in response.get_data(as_text=True)
    assert _jumlah(app, Penandatangan) == sebelum
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(AuditLog)
                                  .filter_by(objek_tipe="Penandatangan")).scalar_one() == 0


@pytest.mark.parametrize("isian, pesan", [
    ({"alamat": "J" * 256}, "Paling banyak 255 karakter."),
    ({"email": "bukan-email"}, "Email tidak valid"),
])
def test_a_bad_letterhead_is_refused_and_nothing_is_saved(app, client_as, demo, isian, pesan):
    response = _post(client_as("utama"), f"{RF}/kop", {**KOP, **isian}, status=422)
    assert pesan in response.get_data(as_text=True)
    assert _jumlah(app, KopLaporan) == 0


def test_another_agencys_unit_cannot_get_a_signer(app, client_as, demo):
    from tests import factories as f

    with app.app_context():
        lain = f.create_unit(f.create_perangkat_daerah("DINKES", "Dinas Kesehatan"), "DINKES-UMUM", "Umum",
                             "sekretariat")
        db.session.commit()
        lain_id = lain.id
    sebelum = _jumlah(app, Penandatangan)
    response = client_as("utama").post(f"{RF}/penandatangan", data={**KEPALA, "peran": f"unit-{lain_id}"})
    assert response.status_code == 404
    assert _jumlah(app, Penandatangan) == sebelum


def test_kabupaten_report_is_signed_with_the_compiling_agencys_referensi(app, bertanda, demo):
    app.config["SIPEKERJA_PD_LAPORAN_KABUPATEN"] = "BKPSDM"
    with app.app_context():
        kab = Pengguna(issuer="http://portal.test", subject="196801011990031001", nip="196801011990031001",
                       nama="Sekretaris Daerah", peran=["pimpinan"])
        db.session.add(kab)
        db.session.commit()
        client = app.test_client()
        masuk(client, kab)
    akhir = _teks_pdf(client.get("/sipekerja/kabupaten/laporan-pengukuran/pdf?tahun=2024&periode=tw2").data)[-1]
    assert "Dr. Andi Pratama, S.STP., M.Si." in akhir and "NIP. 19750412 199803 1 008" in akhir
    buku = openpyxl.load_workbook(io.BytesIO(client.get("/sipekerja/kabupaten/laporan-pengukuran/xlsx?tahun=2024"
                                                        "&ukuran=F4").data))
    ws = buku.worksheets[0]
    assert "Pembina Utama Muda (IV/c)" in _semua_teks(ws)
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 14
