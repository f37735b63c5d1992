"""Pengukuran and Laporan per level (issue 16 item 3): the *Tingkat* selector, the figures of a PK
level equal to the plan indicators' measurement or the cascade mean, who sees which level, the
*Pengukuran Kinerja <jabatan>* PDF and XLSX signed by the PK's pihak pertama, and bounded queries
at ten times the demo."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pypdf
from openpyxl import load_workbook
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.periode import Periode
from sipekerja_module.models import Indikator
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import Jabatan
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.views.filters import persen
from tests.integration.test_monitoring import _perbesar
from tests.querycount import assert_kueri_tetap
from tests.web.fitur.test_pk_views import _perbesar_pk

P = "/sipekerja/pengukuran/"
L = "/sipekerja/laporan/pengukuran"
UNLINKED = "Persentase Layanan Informasi Kepegawaian Berbasis Aplikasi"
SUPPORT = ("Jumlah Laporan Pengelolaan Sistem Informasi Kepegawaian",
           "Jumlah Dokumen Hasil Pengelolaan Data Kepegawaian")


def _jabatan_id(app, nama_awal: str) -> int:
    with app.app_context():
        return db.session.execute(select(Jabatan.id).where(Jabatan.nama.startswith(nama_awal))).scalar_one()


def _ukur(app, demo, periode: Periode, hanya_terverifikasi: bool = False) -> dict:
    with app.app_context():
        pd = db.session.execute(select(PerangkatDaerah)).scalar_one()
        data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=demo.tahun, hanya_terverifikasi=hanya_terverifikasi)
        hasil = hitung_pengukuran(data, periode, load_skala_aktif())
        return {i.uraian: hasil.per_indikator[i.id] for i in data.indikator}


def _baris(page: str, pk_id: int) -> str:
    return re.search(rf'<tr data-jenis="indikator" data-indikator-pk="{pk_id}".*?</tr>', page, re.S).group(0)


def _pk_ids(app) -> dict[str, int]:
    with app.app_context():
        return {i.uraian: i.id for i in db.session.execute(select(IndikatorPK)).scalars()}


def test_pk_level_takes_linked_figures_from_the_plan_indicator_and_unlinked_from_the_cascade_mean(
        client_as, app, demo):
    ppik = _jabatan_id(app, "Kepala Bidang Pengadaan")
    page = client_as("utama").get(f"{P}?tahun=2024&tingkat={ppik}&periode=tw2").get_data(as_text=True)
    assert "Pengukuran Kerja — PK Kepala Bidang Pengadaan" in page and "Rudi Hartono" in page
    ukur, pk = _ukur(app, demo, Periode.triwulanan(2)), _pk_ids(app)
    linked = _baris(page, pk["Persentase Data Kepegawaian yang Mutakhir"])
    hasil = ukur["Persentase Data Kepegawaian yang Mutakhir"]
    assert 'data-sumber="rencana"' in linked and "dari indikator rencana" in linked
    assert re.search(r"data-capaian-sd>([^<]*)<", linked).group(1) == persen(hasil.capaian_sd)
    assert re.search(r"data-capaian-tahunan>([^<]*)<", linked).group(1) == persen(hasil.capaian_tahunan)
    mean = _baris(page, pk[UNLINKED])
    anak = [ukur[u].capaian_sd for u in SUPPORT]
    assert 'data-sumber="kaskade"' in mean and "rata-rata 2 indikator pendukung" in mean
    assert re.search(r"data-capaian-sd>([^<]*)<", mean).group(1) == persen(sum(anak) / 2)
    # The per-triwulan table has TW I–IV and the year for each indicator.
    tw = re.search(r'id="tabel-triwulan-pk".*?</table>', page, re.S).group(0)
    assert all(label in tw for label in ("Triwulan I<", "Triwulan IV<", "Tahun<"))


def test_kepala_level_shows_sasaran_strategis_and_iku(client_as, app):
    kepala = _jabatan_id(app, "Kepala Badan")
    page = client_as("pimpinan").get(f"{P}?tahun=2024&tingkat={kepala}&periode=tahun").get_data(as_text=True)
    assert "PK Kepala (sasaran strategis + IKU)" in page and "Sasaran Strategis / Indikator Kinerja Utama" in page
    assert "Meningkatnya Kualitas Tata Kelola Manajemen ASN" in page and "Indeks Sistem Merit" in page


def test_selector_offers_the_levels_the_role_may_see(client_as, app):
    utama = client_as("utama").get(f"{P}?tahun=2024").get_data(as_text=True)
    pilihan = re.search(r'<select id="pilih-tingkat".*?</select>', utama, re.S).group(0)
    assert pilihan.count("<option") == 8 and "Anggaran (rincian kegiatan)" in pilihan
    assert "PK Kepala (sasaran strategis + IKU)" in pilihan and "PK Kepala Bidang Mutasi dan Promosi" in pilihan
    bidang = client_as("ppik").get(f"{P}?tahun=2024").get_data(as_text=True)
    pilihan = re.search(r'<select id="pilih-tingkat".*?</select>', bidang, re.S).group(0)
    assert "PK Kepala (sasaran strategis + IKU)" in pilihan and "PK Kepala Bidang Pengadaan" in pilihan
    assert "PK Subkoordinator Sistem Informasi Kepegawaian" in pilihan
    assert "Mutasi" not in pilihan and "PK Sekretaris" not in pilihan


def test_bidang_asking_another_kabids_level_by_url_gets_403(client_as, app):
    mutasi, kepala = _jabatan_id(app, "Kepala Bidang Mutasi"), _jabatan_id(app, "Kepala Badan")
    ppik = client_as("ppik")
    assert ppik.get(f"{P}?tahun=2024&tingkat={mutasi}").status_code == 403
    assert ppik.get(f"{P}?tahun=2024&tingkat={kepala}").status_code == 200
    assert client_as("mutasi").get(f"{P}?tahun=2024&tingkat={mutasi}").status_code == 200
    assert client_as("pimpinan").get(f"{P}?tahun=2024&tingkat={mutasi}").status_code == 200
    assert ppik.get(f"{P}?tahun=2024&tingkat=abc").status_code == 400
    assert ppik.get(f"{P}?tahun=2024&tingkat=99999999").status_code == 404
    # Laporan stays the Utama's and Pimpinan's.
    assert ppik.get(f"{L}?tahun=2024&tingkat={kepala}").status_code == 403


def test_report_per_level_is_signed_by_pihak_pertama_and_counts_verified_months_only(client_as, app, demo):
    mutasi = _jabatan_id(app, "Kepala Bidang Mutasi")
    client = client_as("utama")
    page = client.get(f"{L}?tahun=2024&tingkat={mutasi}&periode=tw2").get_data(as_text=True)
    assert "PENGUKURAN KINERJA KEPALA BIDANG MUTASI DAN PROMOSI" in page and "Nur Aini, S.H." in page
    assert "19820714 200604 2 004" in page and "Tingkat: PK Kepala Bidang Mutasi dan Promosi" in page
    pdf = client.get(f"{L}/pdf?tahun=2024&tingkat={mutasi}&periode=tw2&ukuran=A4")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert f"pengukuran-kinerja-pk-{mutasi}-2024-tw2.pdf" in pdf.headers["Content-Disposition"]
    teks = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert "PENGUKURAN KINERJA KEPALA BIDANG MUTASI DAN PROMOSI" in teks and "Nur Aini, S.H." in teks
    assert "MEMUAT DATA BELUM DIVERIFIKASI" not in teks
    xlsx = client.get(f"{L}/xlsx?tahun=2024&tingkat={mutasi}&periode=tw2")
    buku = load_workbook(io.BytesIO(xlsx.data))
    assert buku.sheetnames[:2] == ["Capaian Kinerja", "Capaian per Triwulan"]
    baris = list(buku["Capaian Kinerja"].iter_rows(values_only=True))
    sel = [c for b in baris for c in b if c is not None]
    assert "Nur Aini, S.H." in sel and "PENGUKURAN KINERJA KEPALA BIDANG MUTASI DAN PROMOSI" in sel
    # Verified only: each linked figure equals the plan indicator's measurement on verified months.
    resmi = _ukur(app, demo, Periode.triwulanan(2), hanya_terverifikasi=True)
    with app.app_context():
        tautan = db.session.execute(
            select(IndikatorPK.uraian, Indikator.uraian).join(Indikator, Indikator.id == IndikatorPK.indikator_id)
            .join(PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id)
            .where(PerjanjianKinerja.jabatan_id == mutasi)).all()
    assert tautan
    semua = _ukur(app, demo, Periode.triwulanan(2))  # with unverified months the figures differ
    assert any(semua[r].capaian_sd != resmi[r].capaian_sd for _, r in tautan)
    per_uraian = {b[1]: b for b in baris if len(b) > 6 and isinstance(b[1], str)}
    for uraian_pk, uraian_rencana in tautan:
        hasil = resmi[uraian_rencana]
        nilai = per_uraian[uraian_pk][6]
        nilai = None if nilai is None else Decimal(str(nilai))
        assert nilai == (None if hasil.capaian_sd is None else bulatkan(hasil.capaian_sd)) or hasil.belum_lapor, \
            (uraian_pk, nilai, hasil.capaian_sd)


def test_pages_per_level_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as, demo):
    kepala, ppik = _jabatan_id(app, "Kepala Badan"), _jabatan_id(app, "Kepala Bidang Pengadaan")
    urls = [f"{P}?tahun=2024&tingkat={kepala}&periode=tw2", f"{P}?tahun=2024&tingkat={ppik}&periode=b5",
            f"{L}?tahun=2024&tingkat={kepala}&periode=tahun", f"{L}/pdf?tahun=2024&tingkat={ppik}&periode=tw3",
            f"{L}/xlsx?tahun=2024&tingkat={ppik}&periode=tw1", "/sipekerja/laporan/?tahun=2024"]
    client = client_as("utama")
    assert_kueri_tetap(app, client, urls, lambda s: (_perbesar(s, kali=9), _perbesar_pk(s, kali=9)), batas=30)


def test_switching_the_year_keeps_the_level_of_the_same_position(client_as, app):
    from sipekerja_module.models import Tahun
    from sipekerja_module.services import referensi as referensi_svc

    mutasi = _jabatan_id(app, "Kepala Bidang Mutasi")
    with app.app_context():
        lama = db.session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
        baru = referensi_svc.create_tahun(tahun=2025, zona=ZoneInfo(app.config["SIPEKERJA_ZONA_WAKTU"]),
                                          salin_dari=lama, oleh=None)
        db.session.commit()
        padanan = db.session.execute(select(Jabatan.id).filter_by(tahun_id=baru.id, nama="Kepala Bidang Mutasi dan "
                                                                  "Promosi")).scalar_one()
    r = client_as("mutasi").get(f"{P}?tahun=2025&tingkat={mutasi}&periode=tw1")
    assert r.status_code == 302
    assert f"tingkat={padanan}" in r.headers["Location"] and "tahun=2025" in r.headers["Location"]
    assert client_as("mutasi").get(r.headers["Location"]).status_code == 200
    # Still no way around the roles: another Kabid's position of the other year is refused after the redirect.
    r = client_as("ppik").get(f"{P}?tahun=2025&tingkat={mutasi}")
    assert client_as("ppik").get(r.headers["Location"]).status_code == 403
