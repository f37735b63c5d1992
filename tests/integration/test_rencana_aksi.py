"""Rencana Aksi on a real database: the demo's Rencana Aksi, the services' refusals (nothing saved),
races, removal with the PK indicator, the copy into a new year (targets and actions, no realisasi),
the monthly data beside the realisasi, and the printout read back (pypdf, openpyxl)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.errors import KonflikData
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.rencana_aksi import StatusAksi
from sipekerja_module.models import AksiPK
from sipekerja_module.models import AuditLog
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import Jabatan
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import RealisasiAksiPK
from sipekerja_module.models import RealisasiTriwulanPK
from sipekerja_module.models import RencanaAksi
from sipekerja_module.models import Tahun
from sipekerja_module.queries import rencana_aksi as q
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.reports.model import Kop
from sipekerja_module.reports.rencana_aksi import render_rencana_aksi_pdf
from sipekerja_module.reports.rencana_aksi import render_rencana_aksi_xlsx
from sipekerja_module.seed.demo_rencana_aksi import RENCANA_AKSI_DEMO
from sipekerja_module.seed.demo_rencana_aksi import load_demo_rencana_aksi
from sipekerja_module.services import pk as pk_svc
from sipekerja_module.services import referensi as referensi_svc
from sipekerja_module.services import rencana_aksi as svc

WITA = ZoneInfo("Asia/Makassar")
KOP = Kop(daerah="Pemerintah Kabupaten Paser", instansi="BKPSDM", alamat="Jl. Uji")
HARI_INI = date(2026, 12, 7)


def _jumlah(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _ind(session, uraian: str) -> IndikatorPK:
    return session.execute(select(IndikatorPK).filter_by(uraian=uraian)).scalars().first()


def _pk(session, nama_awal: str) -> PerjanjianKinerja:
    return session.execute(select(PerjanjianKinerja).join(Jabatan).where(Jabatan.nama.startswith(nama_awal))
                           ).scalars().first()


def test_demo_gives_every_pk_indicator_a_rencana_aksi_that_meets_its_annual_target(session, demo_2024):
    assert _jumlah(session, RencanaAksi) == len(RENCANA_AKSI_DEMO) == _jumlah(session, IndikatorPK)
    assert _jumlah(session, AksiPK) == sum(len(a) for _, _, a in RENCANA_AKSI_DEMO.values())
    for pk in session.execute(select(PerjanjianKinerja)).scalars():
        ra = q.load_rencana_aksi(pk, tempat="Tana Paser", nama_daerah="Kabupaten Paser", tanggal_cetak=HARI_INI)
        for ind in ra.indikator:
            assert ind.peringatan == (), (ind.uraian, ind.peringatan)
            assert ind.aksi and ind.realisasi[1].nilai is not None
    # Loading it again writes nothing more (idempotent).
    sebelum = (_jumlah(session, RencanaAksi), _jumlah(session, AksiPK), _jumlah(session, RealisasiAksiPK))
    load_demo_rencana_aksi({str(i.id): i for i in session.execute(select(IndikatorPK)).scalars()})
    assert (_jumlah(session, RencanaAksi), _jumlah(session, AksiPK), _jumlah(session, RealisasiAksiPK)) == sebelum


def test_monthly_data_beside_the_realisasi_is_the_measurements_own_figure(session, demo_2024):
    pd = session.execute(select(PerangkatDaerah)).scalar_one()
    tahun = session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    pk = _pk(session, "Kepala Badan")
    ra = q.load_rencana_aksi(pk, tempat="Tana Paser", nama_daerah="Kabupaten Paser", tanggal_cetak=HARI_INI)
    merit = next(i for i in ra.indikator if i.uraian == "Indeks Sistem Merit")
    assert merit.agregasi is Agregasi.NILAI_AKHIR and merit.agregasi_dari_rencana
    for tw in (1, 2, 3):
        hasil = hitung_pengukuran(data, Periode.triwulanan(tw), load_skala_aktif()).per_indikator[
            merit.indikator_rencana_id]
        assert merit.bulanan[tw].realisasi == hasil.capaian.realisasi_sd
        assert merit.bulanan[tw].data_sd == hasil.data_sd
    assert merit.bulanan[3].data_sd == 5  # the demo's data stop in May: "data s.d. Mei"
    # The unlinked indicator has no monthly data, and keeps the agregasi chosen on its Rencana Aksi.
    ppik = q.load_rencana_aksi(_pk(session, "Kepala Bidang Pengadaan"), tempat="", nama_daerah="",
                               tanggal_cetak=HARI_INI)
    lepas = next(i for i in ppik.indikator if i.indikator_rencana_id is None)
    assert lepas.bulanan == {} and lepas.agregasi is Agregasi.NILAI_AKHIR and not lepas.agregasi_dari_rencana


def test_targets_are_saved_audited_and_warned_about_never_refused_when_tw4_misses_the_pk_target(session, demo_2024):
    ind = _ind(session, "Jumlah Laporan Pengelolaan Sistem Informasi Kepegawaian")  # kumulatif, PK target 12
    ra = session.execute(select(RencanaAksi).filter_by(indikator_pk_id=ind.id)).scalar_one()
    svc.simpan_target_triwulan(indikator=ind, target={1: Decimal(3), 2: Decimal(2), 3: Decimal(9), 4: Decimal(10)},
                               agregasi=None, versi=ra.version, oleh=None)
    assert (ra.target_tw2, ra.target_tw4) == (Decimal(2), Decimal(10))
    assert session.execute(select(AuditLog).filter_by(aksi="ubah_target_triwulan_pk", objek_id=ra.id)).scalar_one()
    pk = session.get(PerjanjianKinerja, ind.pk_id)
    hasil = q.load_rencana_aksi(pk, tempat="", nama_daerah="", tanggal_cetak=HARI_INI)
    peringatan = next(i for i in hasil.indikator if i.id == ind.id).peringatan
    assert any("lebih kecil dari target TW I" in p for p in peringatan)
    assert any("TW IV (10) tidak sama dengan target tahunan PK (12)" in p for p in peringatan)


def test_bad_input_is_refused_by_the_services_and_saves_nothing(session, demo_2024):
    ind = _ind(session, "Indeks Sistem Merit")
    ra = session.execute(select(RencanaAksi).filter_by(indikator_pk_id=ind.id)).scalar_one()
    aksi = session.execute(select(AksiPK).filter_by(indikator_pk_id=ind.id)).scalars().first()
    sebelum = (ra.target_tw1, _jumlah(session, AksiPK), _jumlah(session, RealisasiAksiPK))
    with pytest.raises(NilaiTidakValid, match="Target TW II tidak boleh negatif"):
        svc.simpan_target_triwulan(indikator=ind, target={1: Decimal(1), 2: Decimal(-1)}, agregasi=None,
                                   versi=ra.version, oleh=None)
    with pytest.raises(NilaiTidakValid, match="Uraian rencana aksi wajib diisi"):
        svc.tambah_aksi(indikator=ind, uraian="   ", triwulan=[1], output=None, penanggung_jawab=None, oleh=None)
    with pytest.raises(NilaiTidakValid, match="paling sedikit satu triwulan"):
        svc.tambah_aksi(indikator=ind, uraian="Rapat", triwulan=[], output=None, penanggung_jawab=None, oleh=None)
    with pytest.raises(NilaiTidakValid, match="hanya untuk triwulan tahun 2024, bukan tahun 2025"):
        svc.simpan_realisasi_aksi(aksi=aksi, tahun_pk=2024, tahun_isian=2025, triwulan=3, status=StatusAksi.TERLAKSANA,
                                  keterangan=None, tautan_bukti=None, versi=0, hari_ini=HARI_INI, oleh=None)
    with pytest.raises(NilaiTidakValid, match="belum dimulai"):
        svc.simpan_realisasi_indikator(indikator=ind, tahun_pk=2024, tahun_isian=2024, triwulan=4,
                                       realisasi=Decimal(1), keterangan=None, versi=0, hari_ini=date(2024, 9, 30),
                                       oleh=None)
    with pytest.raises(NilaiTidakValid, match="http"):
        svc.simpan_realisasi_aksi(aksi=aksi, tahun_pk=2024, tahun_isian=2024, triwulan=3, status=StatusAksi.BELUM,
                                  keterangan=None, tautan_bukti="javascript:alert(1)", versi=0, hari_ini=HARI_INI,
                                  oleh=None)
    session.refresh(ra)
    assert (ra.target_tw1, _jumlah(session, AksiPK), _jumlah(session, RealisasiAksiPK)) == sebelum


def test_a_stale_form_or_a_row_created_meanwhile_is_a_conflict(session, demo_2024):
    ind = _ind(session, "Indeks Sistem Merit")
    ra = session.execute(select(RencanaAksi).filter_by(indikator_pk_id=ind.id)).scalar_one()
    with pytest.raises(KonflikData):
        svc.simpan_target_triwulan(indikator=ind, target={4: Decimal(1)}, agregasi=None, versi=ra.version + 1,
                                   oleh=None)
    with pytest.raises(KonflikData):  # the form saw no targets, someone saved them meanwhile
        svc.simpan_target_triwulan(indikator=ind, target={4: Decimal(1)}, agregasi=None, versi=0, oleh=None)
    aksi = session.execute(select(AksiPK).filter_by(indikator_pk_id=ind.id)).scalars().first()
    real = session.execute(select(RealisasiAksiPK).filter_by(aksi_id=aksi.id, triwulan=1)).scalar_one()
    with pytest.raises(KonflikData):
        svc.simpan_realisasi_aksi(aksi=aksi, tahun_pk=2024, tahun_isian=2024, triwulan=1, status=StatusAksi.BELUM,
                                  keterangan=None, tautan_bukti=None, versi=0, hari_ini=HARI_INI, oleh=None)
    svc.simpan_realisasi_aksi(aksi=aksi, tahun_pk=2024, tahun_isian=2024, triwulan=1, status=StatusAksi.SEBAGIAN,
                              keterangan="Tertunda", tautan_bukti="https://drive.example.go.id/bukti/1",
                              versi=real.version, hari_ini=HARI_INI, oleh=None)
    assert (real.status, real.tautan_bukti) == ("sebagian", "https://drive.example.go.id/bukti/1")


def test_removing_a_pk_indicator_or_an_action_removes_its_rencana_aksi(session, demo_2024):
    ind = _ind(session, "Persentase Pelanggaran Disiplin ASN")  # supports nothing below it
    aksi_ids = session.execute(select(AksiPK.id).filter_by(indikator_pk_id=ind.id)).scalars().all()
    svc.hapus_aksi(aksi=session.get(AksiPK, aksi_ids[0]), oleh=None)
    assert session.execute(select(RealisasiAksiPK).filter_by(aksi_id=aksi_ids[0])).first() is None
    pk_svc.hapus_indikator_pk(indikator=ind, oleh=None)
    session.flush()
    for model in (RencanaAksi, AksiPK, RealisasiTriwulanPK):
        assert session.execute(select(model).filter_by(indikator_pk_id=ind.id)).first() is None


def test_copying_a_year_copies_targets_and_actions_without_realisasi(session, demo_2024):
    lama = session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
    baru = referensi_svc.create_tahun(tahun=2025, zona=WITA, salin_dari=lama, oleh=None)
    session.flush()

    def rencana(tahun_id):
        ids = select(IndikatorPK.id).join(PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id).join(
            Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id).where(Jabatan.tahun_id == tahun_id)
        uraian = dict(session.execute(select(IndikatorPK.id, IndikatorPK.uraian).where(IndikatorPK.id.in_(ids))).all())
        target = sorted((uraian[r.indikator_pk_id], r.agregasi, r.target_tw1, r.target_tw2, r.target_tw3, r.target_tw4)
                        for r in session.execute(select(RencanaAksi).where(RencanaAksi.indikator_pk_id.in_(ids)))
                        .scalars())
        aksi = sorted((uraian[a.indikator_pk_id], a.uraian, a.triwulan, a.output, a.penanggung_jawab)
                      for a in session.execute(select(AksiPK).where(AksiPK.indikator_pk_id.in_(ids))).scalars())
        real = session.scalar(select(func.count()).select_from(RealisasiTriwulanPK).where(
            RealisasiTriwulanPK.indikator_pk_id.in_(ids)))
        real_aksi = session.scalar(select(func.count()).select_from(RealisasiAksiPK).join(AksiPK).where(
            AksiPK.indikator_pk_id.in_(ids)))
        return target, aksi, real, real_aksi

    t_lama, a_lama, r_lama, ra_lama = rencana(lama.id)
    t_baru, a_baru, r_baru, ra_baru = rencana(baru.id)
    assert t_baru == t_lama and a_baru == a_lama and len(a_baru) == len(a_lama) > 0
    assert r_lama > 0 and ra_lama > 0 and (r_baru, ra_baru) == (0, 0)


def test_printout_reads_back_with_targets_realisasi_late_actions_and_signers(session, demo_2024):
    pk = _pk(session, "Kepala Bidang Pengadaan")
    ra = q.load_rencana_aksi(pk, tempat="Tana Paser", nama_daerah="Kabupaten Paser", tanggal_cetak=HARI_INI)
    pdf = render_rencana_aksi_pdf(ra, kop=KOP, hari_ini=HARI_INI, ukuran="F4")
    teks = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "RENCANA AKSI TAHUN 2024" in teks and "Persentase Data Kepegawaian" in teks
    assert "Verifikasi dan validasi data ASN pada SIASN" in teks and "Terlambat" in teks
    assert "Rudi Hartono, S.Kom., M.M." in teks and "Mengetahui," in teks
    with pytest.raises(ValueError):
        render_rencana_aksi_pdf(ra, kop=KOP, hari_ini=HARI_INI, ukuran="A3")
    buku = load_workbook(io.BytesIO(render_rencana_aksi_xlsx(ra, kop=KOP, hari_ini=HARI_INI)))
    assert buku.sheetnames == ["Target", "Rencana Aksi"]
    nilai = [c for row in buku["Target"].iter_rows(values_only=True) for c in row if c is not None]
    assert 90 in nilai and "Persentase Data Kepegawaian yang Mutakhir" in nilai
    aksi = [c for row in buku["Rencana Aksi"].iter_rows(values_only=True) for c in row if c is not None]
    assert "Sosialisasi layanan daring kepada pengelola kepegawaian" in aksi
    assert any(isinstance(c, str) and c.startswith("Terlambat") for c in aksi)


def test_printout_of_the_longest_texts_the_forms_accept_still_fits_its_pages(session, demo_2024):
    ind = _ind(session, "Indeks Sistem Merit")
    ind.uraian = "Indikator " * 100
    aksi = session.execute(select(AksiPK).filter_by(indikator_pk_id=ind.id)).scalars().first()
    aksi.uraian, aksi.output, aksi.penanggung_jawab = "Aksi " * 200, "O" * 500, "P " * 127
    for tw in (1, 2, 3, 4):
        real = session.execute(select(RealisasiAksiPK).filter_by(aksi_id=aksi.id, triwulan=tw)).scalar_one_or_none()
        if real is None:
            real = RealisasiAksiPK(aksi_id=aksi.id, triwulan=tw, status="belum")
            session.add(real)
        real.keterangan = "Catatan panjang " * 62
    session.flush()
    ra = q.load_rencana_aksi(session.get(PerjanjianKinerja, ind.pk_id), tempat="Tana Paser",
                             nama_daerah="Kabupaten Paser", tanggal_cetak=HARI_INI)
    pdf = render_rencana_aksi_pdf(ra, kop=KOP, hari_ini=HARI_INI)
    teks = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "\u2026" in teks  # each triwulan's note shortened in the PDF
    buku = load_workbook(io.BytesIO(render_rencana_aksi_xlsx(ra, kop=KOP, hari_ini=HARI_INI)))
    assert any(isinstance(c, str) and c.count("Catatan panjang") == 4 * 62
               for row in buku["Rencana Aksi"].iter_rows(values_only=True) for c in row)  # whole in the XLSX
