"""Perjanjian Kinerja per level on a real database: the demo's positions and cascade, the services'
refusals (nothing saved), the copy into a new year, and the PK document read back (pypdf, openpyxl)."""

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

from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.errors import NIPTidakValid
from sipekerja_module.models import AuditLog
from sipekerja_module.models import Indikator
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import Jabatan
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import ProgramPK
from sipekerja_module.models import SasaranPK
from sipekerja_module.models import Satuan
from sipekerja_module.models import Tahun
from sipekerja_module.queries import pk as q
from sipekerja_module.reports.model import Kop
from sipekerja_module.reports.pk import render_pk_pdf
from sipekerja_module.reports.pk import render_pk_xlsx
from sipekerja_module.seed.demo import load_demo
from sipekerja_module.seed.demo_pk import JABATAN_DEMO
from sipekerja_module.services import pk as svc
from sipekerja_module.services import referensi as referensi_svc
from tests import factories as f

WITA = ZoneInfo("Asia/Makassar")
KOP = Kop(daerah="Pemerintah Kabupaten Paser", instansi="BKPSDM", alamat="Jl. Uji")


def _jabatan(session, nama_awal: str) -> Jabatan:
    return session.execute(select(Jabatan).where(Jabatan.nama.startswith(nama_awal))).scalars().first()


def _jumlah(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_demo_holds_a_pk_per_position_and_a_consistent_cascade(session, demo_2024):
    jabatan = session.execute(select(Jabatan)).scalars().all()
    assert len(jabatan) == len(JABATAN_DEMO) == _jumlah(session, PerjanjianKinerja)
    assert [j.nama for j in jabatan if j.parent_id is None] == [JABATAN_DEMO[0][1]]
    per_pk = {pk.id: pk.jabatan for pk in session.execute(select(PerjanjianKinerja)).scalars()}
    indikator = session.execute(select(IndikatorPK)).scalars().all()
    per_id = {i.id: i for i in indikator}
    for ind in indikator:
        jab = per_pk[ind.pk_id]
        if jab.parent_id is None:
            assert ind.induk_id is None
            assert any(a.induk_id == ind.id for a in indikator), f"IKU {ind.uraian} has no support"
        else:  # every lower indicator supports an indicator of a position above its own
            atas, atasan = per_pk[per_id[ind.induk_id].pk_id], []
            langkah = jab.parent
            while langkah is not None:
                atasan.append(langkah.id)
                langkah = langkah.parent
            assert atas.id in atasan, ind.uraian
        if ind.indikator_id is not None:
            rencana = session.get(Indikator, ind.indikator_id)
            assert (rencana.perangkat_daerah_id, rencana.tahun_id) == (jab.perangkat_daerah_id, jab.tahun_id)
            assert rencana.uraian == ind.uraian or jab.parent_id is not None
    # Loading again is a no-op.
    load_demo(tahun=2024)
    assert _jumlah(session, Jabatan) == len(JABATAN_DEMO)


def test_demo_agency_pk_budget_is_the_plans_pagu(session, demo_2024):
    kepala = session.execute(select(Jabatan).where(Jabatan.parent_id.is_(None))).scalar_one()
    isi = q.load_pk(session.execute(select(PerjanjianKinerja).filter_by(jabatan_id=kepala.id)).scalar_one())
    from sipekerja_module.models import NodeRencana
    pagu = session.scalar(select(func.sum(NodeRencana.pagu)))
    assert sum(p.anggaran for p in isi.program) == pagu
    assert [s.uraian for s in isi.sasaran] == ["Meningkatnya Kualitas Tata Kelola Manajemen ASN",
                                               "Meningkatnya Kompetensi dan Kinerja ASN"]


def test_pk_for_a_position_with_no_holder_is_refused_and_nothing_saved(session, demo_2024):
    pd = session.execute(select(PerangkatDaerah)).scalar_one()
    tahun = session.execute(select(Tahun)).scalar_one()
    kosong = svc.save_jabatan(perangkat_daerah=pd, tahun=tahun, nama="Kepala Sub Bagian Umum",
                              atasan=_jabatan(session, "Sekretaris"), unit_kerja=None, oleh=None)
    sebelum = _jumlah(session, PerjanjianKinerja)
    with pytest.raises(NilaiTidakValid, match="belum memiliki pemegang jabatan"):
        svc.create_pk(jabatan=kosong, oleh=None)
    assert _jumlah(session, PerjanjianKinerja) == sebelum
    with pytest.raises(NilaiTidakValid, match="sudah ada"):
        svc.create_pk(jabatan=_jabatan(session, "Sekretaris"), oleh=None)


def test_position_with_a_bad_nip_or_a_cycle_or_a_second_head_is_refused(session, demo_2024):
    pd = session.execute(select(PerangkatDaerah)).scalar_one()
    tahun = session.execute(select(Tahun)).scalar_one()
    kepala = _jabatan(session, "Kepala Badan")
    sik = _jabatan(session, "Subkoordinator")
    with pytest.raises(NIPTidakValid):
        svc.save_jabatan(perangkat_daerah=pd, tahun=tahun, nama="Kasubbag", atasan=kepala, unit_kerja=None,
                         pemegang_nama="X", pemegang_nip="12345", oleh=None)
    with pytest.raises(NilaiTidakValid, match="lingkaran"):
        svc.save_jabatan(perangkat_daerah=pd, tahun=tahun, nama=kepala.nama, atasan=sik, unit_kerja=None,
                         jabatan=kepala, versi=kepala.version, oleh=None)
    with pytest.raises(NilaiTidakValid, match="jabatan tertinggi"):
        svc.save_jabatan(perangkat_daerah=pd, tahun=tahun, nama="Kepala Kedua", atasan=None, unit_kerja=None,
                         oleh=None)
    lain_pd = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
    unit_lain = f.create_unit(lain_pd, "DINKES-UMUM", "Umum", "sekretariat")
    with pytest.raises(NilaiTidakValid, match="perangkat daerah yang sama"):
        svc.save_jabatan(perangkat_daerah=pd, tahun=tahun, nama="Kasubbag", atasan=kepala, unit_kerja=unit_lain,
                         oleh=None)
    assert session.get(Jabatan, kepala.id).parent_id is None
    assert _jumlah(session, Jabatan) == len(JABATAN_DEMO)


def test_cascade_link_to_another_agency_or_year_is_refused_by_the_service(session, demo_2024):
    sik = _jabatan(session, "Subkoordinator")
    pk_sik = session.execute(select(PerjanjianKinerja).filter_by(jabatan_id=sik.id)).scalar_one()
    ind = session.execute(select(IndikatorPK).filter_by(pk_id=pk_sik.id)).scalars().first()
    satuan = session.get(Satuan, ind.satuan_id)
    sasaran = session.get(SasaranPK, ind.sasaran_pk_id)
    # An indicator of another year's PK (a 2025 copy of the head's PK).
    baru = referensi_svc.create_tahun(tahun=2025, zona=WITA, salin_dari=session.execute(
        select(Tahun).filter_by(tahun=2024)).scalar_one(), oleh=None)
    iku_2025 = session.execute(select(IndikatorPK).join(PerjanjianKinerja).join(Jabatan).where(
        Jabatan.tahun_id == baru.id, Jabatan.parent_id.is_(None))).scalars().first()
    with pytest.raises(NilaiTidakValid, match="tahun 2025"):
        svc.save_indikator_pk(pk=pk_sik, sasaran=sasaran, uraian=ind.uraian, satuan=satuan, target=None,
                              indikator_rencana=None, induk=iku_2025, indikator=ind, versi=ind.version, oleh=None)
    # A plan indicator of 2025 for a 2024 PK.
    rencana_2025 = session.execute(select(Indikator).filter_by(tahun_id=baru.id)).scalars().first()
    with pytest.raises(NilaiTidakValid, match="tahun lain"):
        svc.save_indikator_pk(pk=pk_sik, sasaran=sasaran, uraian=ind.uraian, satuan=satuan, target=None,
                              indikator_rencana=rencana_2025, induk=None, indikator=ind, versi=ind.version, oleh=None)
    # The head's own IKU cannot support a lower indicator (a cycle through the positions).
    iku = session.get(IndikatorPK, session.get(IndikatorPK, ind.induk_id).induk_id)
    pk_kepala = session.get(PerjanjianKinerja, iku.pk_id)
    with pytest.raises(NilaiTidakValid):
        svc.save_indikator_pk(pk=pk_kepala, sasaran=session.get(SasaranPK, iku.sasaran_pk_id), uraian=iku.uraian,
                              satuan=satuan, target=None, indikator_rencana=None, induk=ind, indikator=iku,
                              versi=iku.version, oleh=None)
    session.refresh(ind)
    session.refresh(iku)
    assert ind.indikator_id is not None and iku.induk_id is None


def test_indicator_saved_with_range_target_and_audited(session, demo_2024):
    mutasi = _jabatan(session, "Kepala Bidang Mutasi")
    pk = session.execute(select(PerjanjianKinerja).filter_by(jabatan_id=mutasi.id)).scalar_one()
    sasaran = session.execute(select(SasaranPK).filter_by(pk_id=pk.id)).scalars().first()
    kp = session.execute(select(IndikatorPK).filter_by(uraian="Persentase Kenaikan Pangkat Tepat Waktu")).scalar_one()
    ind = svc.save_indikator_pk(pk=pk, sasaran=sasaran, uraian="Persentase SK Mutasi Terbit Tepat Waktu",
                                satuan=session.get(Satuan, kp.satuan_id), target=Target.rentang(80, 90),
                                indikator_rencana=None, induk=kp, oleh=None)
    assert (ind.target_nilai, ind.target_atas, ind.induk_id) == (Decimal(80), Decimal(90), kp.id)
    assert session.execute(select(AuditLog).filter_by(aksi="tambah_indikator_pk", objek_id=ind.id)).scalar_one()
    with pytest.raises(NilaiTidakValid, match="didukung oleh"):
        svc.hapus_indikator_pk(indikator=kp, oleh=None)


def test_copying_a_year_keeps_positions_pk_structure_and_cascade_without_numbers(session, demo_2024):
    lama = session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
    baru = referensi_svc.create_tahun(tahun=2025, zona=WITA, salin_dari=lama, oleh=None)
    session.flush()

    def struktur(tahun_id):
        jabatan = session.execute(select(Jabatan).filter_by(tahun_id=tahun_id).order_by(Jabatan.urutan)).scalars().all()
        nama = {j.id: j.nama for j in jabatan}
        ind = session.execute(select(IndikatorPK, Jabatan.nama).select_from(IndikatorPK).join(
            PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id).join(
            Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id).where(
            Jabatan.tahun_id == tahun_id).order_by(IndikatorPK.id)).all()
        uraian = {i.id: i.uraian for i, _ in ind}
        rencana = {r.id: (r.uraian, r.tahun_id) for r in session.execute(select(Indikator)).scalars()}
        return ([(j.nama, nama.get(j.parent_id), j.pemegang_nip, j.unit_kerja_id) for j in jabatan],
                [(jn, i.uraian, uraian.get(i.induk_id), rencana[i.indikator_id][0] if i.indikator_id else None)
                 for i, jn in ind],
                {rencana[i.indikator_id][1] for i, _ in ind if i.indikator_id},
                [i.target_nilai for i, _ in ind if i.indikator_renstra_id is None])

    j_lama, ind_lama, thn_lama, target_lama = struktur(lama.id)
    j_baru, ind_baru, thn_baru, target_baru = struktur(baru.id)
    assert j_baru == j_lama and ind_baru == ind_lama
    assert thn_lama == {lama.id} and thn_baru == {baru.id}  # plan links follow the copied plan
    # Unlinked indicators carry no target into the new year; those linked to the Renstra take its
    # target of the new year (tests/integration/test_renstra.py).
    assert all(t is not None for t in target_lama) and set(target_baru) == {None}
    programs = session.execute(select(ProgramPK).join(PerjanjianKinerja).join(Jabatan).where(
        Jabatan.tahun_id == baru.id)).scalars().all()
    assert programs and {p.anggaran for p in programs} == {None}
    assert all(p.node.tahun_id == baru.id for p in programs)


def test_pk_document_reads_back_from_pdf_and_xlsx(session, demo_2024):
    mutasi = _jabatan(session, "Kepala Bidang Mutasi")
    pk = session.execute(select(PerjanjianKinerja).filter_by(jabatan_id=mutasi.id)).scalar_one()
    dok = q.dokumen_pk(q.load_pk(pk), tempat="Tana Paser", nama_daerah="Kabupaten Paser",
                       tanggal_cetak=date(2024, 12, 1))
    halaman = [h.extract_text() for h in pypdf.PdfReader(io.BytesIO(render_pk_pdf(dok, kop=KOP))).pages]
    utama, lampiran = " ".join(halaman[0].split()), " ".join(" ".join(halaman[1:]).split())
    assert "PERJANJIAN KINERJA TAHUN 2024" in utama
    assert "Nur Aini, S.H." in utama and "19820714 200604 2 004" in utama  # pihak pertama
    assert "Drs. H. Ahmad Rifani, M.Si." in utama and "19750412 199803 1 008" in utama  # pihak kedua: the Kepala
    assert "PIHAK PERTAMA" in utama and "PIHAK KEDUA" in utama and "Tana Paser, 31 Januari 2024" in utama
    assert "selaku atasan pihak pertama" in utama
    assert "LAMPIRAN PERJANJIAN KINERJA TAHUN 2024" in lampiran
    assert "Persentase Usulan Mutasi yang Diselesaikan Tepat Waktu" in lampiran and "90 Persen" in lampiran
    assert "Jumlah" in lampiran and "Halaman 2 dari 2" in halaman[-1]
    kedua = sum(p.anggaran for p in dok.program if p.level == "program")
    from sipekerja_module.domain.angka import format_angka
    assert format_angka(kedua, 0) in lampiran
    buku = load_workbook(io.BytesIO(render_pk_xlsx(dok, kop=KOP)))
    assert buku.sheetnames == ["Perjanjian Kinerja", "Lampiran"]
    teks = [c for row in buku["Perjanjian Kinerja"].iter_rows(values_only=True) for c in row if c]
    assert "PERJANJIAN KINERJA TAHUN 2024" in teks and "Nur Aini, S.H." in teks
    lamp = list(buku["Lampiran"].iter_rows(values_only=True))
    assert ("1", "Meningkatnya Ketepatan Waktu Layanan Mutasi dan Promosi ASN",
            "Persentase Usulan Mutasi yang Diselesaikan Tepat Waktu", "90 Persen") in lamp
    jumlah = [r for r in lamp if r[1] == "Jumlah"][0]
    assert jumlah[2] == float(kedua)


def test_agency_pk_pihak_kedua_is_the_bupati_and_f4_is_taller(session, demo_2024):
    kepala = _jabatan(session, "Kepala Badan")
    pk = session.execute(select(PerjanjianKinerja).filter_by(jabatan_id=kepala.id)).scalar_one()
    dok = q.dokumen_pk(q.load_pk(pk), tempat="Tana Paser", nama_daerah="Kabupaten Paser",
                       tanggal_cetak=date(2024, 12, 1))
    assert (dok.pihak_kedua.nama, dok.pihak_kedua.jabatan) == ("H. Muhammad Syahrani, S.E., M.M.", "Bupati Paser")
    a4 = pypdf.PdfReader(io.BytesIO(render_pk_pdf(dok, kop=KOP, ukuran="A4")))
    f4 = pypdf.PdfReader(io.BytesIO(render_pk_pdf(dok, kop=KOP, ukuran="F4")))
    assert float(f4.pages[0].mediabox.height) > float(a4.pages[0].mediabox.height)
    assert "Sasaran Strategis" in a4.pages[1].extract_text()


def test_a_pk_write_bumps_only_its_own_agencys_data_version(session, demo_2024):
    lain = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
    session.commit()
    pk = session.execute(select(PerjanjianKinerja)).scalars().first()
    sebelum = dict(session.execute(select(PerangkatDaerah.kode, PerangkatDaerah.versi_data)).all())
    svc.add_sasaran_pk(pk=pk, uraian="Sasaran tambahan", oleh=None)
    session.commit()
    session.expire_all()
    sesudah = dict(session.execute(select(PerangkatDaerah.kode, PerangkatDaerah.versi_data)).all())
    assert sesudah["BKPSDM"] == sebelum["BKPSDM"] + 1 and sesudah[lain.kode] == sebelum[lain.kode]
