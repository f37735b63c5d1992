"""Demo Perjanjian Kinerja of BKPSDM Kabupaten Paser (called by :func:`.demo.load_demo`).

Positions with fictional holders: the Kepala (pihak kedua: the Bupati), the Sekretaris, the four
Kepala Bidang and one lower post under the Kepala Bidang PPIK. Each signs a PK whose indicators are
measured by the demo plan's indicators, with a small cascade: every Sekretaris/Kabid indicator
supports one of the Kepala's four IKU, and the lower post's two indicators (sub kegiatan outputs)
support a Kabid PPIK indicator that has no plan indicator of its own, so the pohon kinerja shows a
mean of children. Fixed data, no randomness; written once, with the rest of the demo.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ..domain.capaian import Target
from ..domain.nip import parse_nip
from ..extensions import db_session
from ..models import Indikator
from ..models import IndikatorPK
from ..models import Jabatan
from ..models import NodeRencana
from ..models import Penandatangan
from ..models import PerangkatDaerah
from ..models import PerjanjianKinerja
from ..models import ProgramPK
from ..models import SasaranPK
from ..models import Satuan
from ..models import Tahun
from ..models import UnitKerja

KEPALA_DAERAH = ("H. Muhammad Syahrani, S.E., M.M.", "Bupati Paser")

#: (key, nama jabatan, atasan key, unit kode, holder name, NIP, pangkat).
JABATAN_DEMO = (
    ("kepala", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", None, None,
     "Drs. H. Ahmad Rifani, M.Si.", "197504121998031008", "Pembina Utama Muda (IV/c)"),
    ("sekretaris", "Sekretaris", "kepala", "BKPSDM-SEKRETARIAT",
     "Hj. Siti Rahmawati, S.Sos., M.AP.", "197803152003122002", "Pembina Tingkat I (IV/b)"),
    ("ppik", "Kepala Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", "kepala", "BKPSDM-PPIK",
     "Rudi Hartono, S.Kom., M.M.", "198005202005011003", "Pembina (IV/a)"),
    ("mutasi", "Kepala Bidang Mutasi dan Promosi", "kepala", "BKPSDM-MUTASI",
     "Nur Aini, S.H.", "198207142006042004", "Pembina (IV/a)"),
    ("pka", "Kepala Bidang Pengembangan Kompetensi Aparatur", "kepala", "BKPSDM-PKA",
     "Agus Salim, S.Pd., M.Pd.", "197911092005011005", "Pembina (IV/a)"),
    ("penilaian", "Kepala Bidang Penilaian Kinerja Aparatur dan Penghargaan", "kepala", "BKPSDM-PENILAIAN",
     "Dewi Lestari, S.E., M.Si.", "198112302006042006", "Pembina (IV/a)"),
    ("sik", "Subkoordinator Sistem Informasi Kepegawaian", "ppik", "BKPSDM-PPIK",
     "Fajar Nugroho, S.Kom.", "199001152015031007", "Penata (III/c)"),
)

#: Per position: sasaran → indicators as (key, uraian, satuan, target, plan indicator uraian or None,
#: upper indicator key or None); then the plan node codes of the budget table.
PK_DEMO = {
    "kepala": ((
        ("Meningkatnya Kualitas Tata Kelola Manajemen ASN", (
            ("merit", "Indeks Sistem Merit", "Indeks", "0.75", "Indeks Sistem Merit", None),
            ("kp", "Persentase Kenaikan Pangkat Tepat Waktu", "Persen", "95",
             "Persentase Kenaikan Pangkat Tepat Waktu", None))),
        ("Meningkatnya Kompetensi dan Kinerja ASN", (
            ("kompetensi", "Persentase ASN yang Memenuhi Standar Kompetensi", "Persen", "70",
             "Persentase ASN yang Memenuhi Standar Kompetensi", None),
            ("profesional", "Indeks Profesionalitas ASN", "Indeks", "72", "Indeks Profesionalitas ASN", None))),
    ), ("5.03.01", "5.03.02", "5.04.02")),
    "sekretaris": ((
        ("Meningkatnya Akuntabilitas Kinerja dan Keuangan Perangkat Daerah", (
            ("sakip", "Nilai SAKIP Perangkat Daerah", "Nilai", "72", "Nilai SAKIP Perangkat Daerah", "merit"),
            ("lapkeu", "Persentase Ketepatan Waktu Penyampaian Laporan Keuangan", "Persen", "100",
             "Persentase Ketepatan Waktu Penyampaian Laporan Keuangan", "merit"))),
    ), ("5.03.01", "5.03.01.2.01", "5.03.01.2.02")),
    "ppik": ((
        ("Meningkatnya Kualitas Data dan Layanan Informasi Kepegawaian", (
            ("mutakhir", "Persentase Data Kepegawaian yang Mutakhir", "Persen", "90",
             "Persentase Data Kepegawaian yang Mutakhir", "merit"),
            ("layanan_si", "Persentase Layanan Informasi Kepegawaian Berbasis Aplikasi", "Persen", "85", None,
             "merit"))),
    ), ("5.03.02", "5.03.02.2.01")),
    "mutasi": ((
        ("Meningkatnya Ketepatan Waktu Layanan Mutasi dan Promosi ASN", (
            ("usul_mutasi", "Persentase Usulan Mutasi yang Diselesaikan Tepat Waktu", "Persen", "90",
             "Persentase Usulan Mutasi yang Diselesaikan Tepat Waktu", "kp"),)),
    ), ("5.03.02", "5.03.02.2.02")),
    "pka": ((
        ("Meningkatnya Kompetensi ASN melalui Pengembangan Kompetensi", (
            ("jp20", "Persentase ASN yang Mengikuti Pengembangan Kompetensi Minimal 20 Jam Pelajaran", "Persen",
             "80", "Persentase ASN yang Mengikuti Pengembangan Kompetensi Minimal 20 Jam Pelajaran", "kompetensi"),
            ("meningkat", "Persentase ASN yang Kompetensinya Meningkat Setelah Pengembangan", "Persen", "75",
             "Persentase ASN yang Kompetensinya Meningkat Setelah Pengembangan", "kompetensi"))),
    ), ("5.03.02", "5.03.02.2.03", "5.04.02")),
    "penilaian": ((
        ("Meningkatnya Disiplin dan Kinerja ASN", (
            ("disiplin", "Persentase Pelanggaran Disiplin ASN", "Persen", "5", "Persentase Pelanggaran Disiplin ASN",
             "profesional"),)),
    ), ("5.03.02", "5.03.02.2.04")),
    "sik": ((
        ("Terselenggaranya Pengelolaan Sistem dan Data Informasi Kepegawaian", (
            ("lap_si", "Jumlah Laporan Pengelolaan Sistem Informasi Kepegawaian", "Laporan", "12",
             "Jumlah Laporan Pengelolaan Sistem Informasi Kepegawaian", "layanan_si"),
            ("dok_data", "Jumlah Dokumen Hasil Pengelolaan Data Kepegawaian", "Dokumen", "12",
             "Jumlah Dokumen Hasil Pengelolaan Data Kepegawaian", "layanan_si"))),
    ), ("5.03.02.2.01.0010", "5.03.02.2.01.0011")),
}


def load_demo_pk(pd: PerangkatDaerah, tahun: Tahun) -> None:
    """Write the demo positions, their PKs and the cascade (the demo plan must be flushed first).

    :param pd: the demo agency.
    :param tahun: the demo year.
    """
    units = {u.kode: u for u in db_session.scalars(select(UnitKerja).filter_by(perangkat_daerah_id=pd.id))}
    satuan = {s.nama: s for s in db_session.scalars(select(Satuan))}
    rencana = {i.uraian: i for i in db_session.scalars(select(Indikator).filter_by(perangkat_daerah_id=pd.id,
                                                                                 tahun_id=tahun.id))}
    nodes = db_session.scalars(select(NodeRencana).filter_by(perangkat_daerah_id=pd.id, tahun_id=tahun.id)).all()
    jabatan: dict[str, Jabatan] = {}
    for urutan, (kunci, nama, atasan, unit, pemegang, nip, pangkat) in enumerate(JABATAN_DEMO):
        kepala = atasan is None
        jabatan[kunci] = Jabatan(
            perangkat_daerah_id=pd.id, tahun_id=tahun.id, nama=nama, urutan=urutan,
            parent=jabatan[atasan] if atasan else None, unit_kerja=units[unit] if unit else None,
            pemegang_nama=pemegang, pemegang_nip=parse_nip(nip).nilai, pemegang_pangkat=pangkat,
            kepala_daerah_nama=KEPALA_DAERAH[0] if kepala else None,
            kepala_daerah_jabatan=KEPALA_DAERAH[1] if kepala else None)
        db_session.add(jabatan[kunci])
    db_session.flush()
    indikator: dict[str, IndikatorPK] = {}
    for kunci, (daftar_sasaran, kode_node) in PK_DEMO.items():
        j = jabatan[kunci]
        pk = PerjanjianKinerja(jabatan_id=j.id, tanggal=date(tahun.tahun, 1, 31))
        db_session.add(pk)
        db_session.flush()
        for no_sasaran, (uraian, daftar) in enumerate(daftar_sasaran, start=1):
            sasaran = SasaranPK(pk_id=pk.id, uraian=uraian, urutan=no_sasaran)
            db_session.add(sasaran)
            db_session.flush()
            for no, (kunci_ind, teks, nama_satuan, target, uraian_rencana, induk) in enumerate(daftar, start=1):
                t = Target.tunggal(Decimal(target))
                indikator[kunci_ind] = IndikatorPK(
                    pk_id=pk.id, sasaran_pk_id=sasaran.id, uraian=teks, satuan_id=satuan[nama_satuan].id,
                    target_nilai=t.nilai, indikator_id=rencana[uraian_rencana].id if uraian_rencana else None,
                    induk_id=indikator[induk].id if induk else None, urutan=no)
                db_session.add(indikator[kunci_ind])
                db_session.flush()
        unit_id = j.unit_kerja_id
        for no, kode in enumerate(kode_node, start=1):
            milik = [n for n in nodes if n.kode == kode and (unit_id is None or n.unit_kerja_id == unit_id)]
            db_session.add(ProgramPK(pk_id=pk.id, node_id=milik[0].id, uraian=milik[0].nama,
                                     anggaran=_pagu(nodes, kode, unit_id), keterangan="APBD", urutan=no))
    db_session.flush()
    _penandatangan(pd, jabatan)


def _penandatangan(pd: PerangkatDaerah, jabatan: dict[str, Jabatan]) -> None:
    """The signers of the demo's reports (Referensi → Identitas Laporan): the Kepala, the Bupati and
    each unit's head, the holders of the demo positions, so no printout shows a dotted line."""
    if db_session.scalar(select(Penandatangan.id).filter_by(perangkat_daerah_id=pd.id).limit(1)) is not None:
        return
    kepala = jabatan["kepala"]
    baris = [Penandatangan(perangkat_daerah_id=pd.id, peran="kepala", nama=kepala.pemegang_nama,
                           nip=kepala.pemegang_nip, jabatan=kepala.nama, pangkat=kepala.pemegang_pangkat),
             Penandatangan(perangkat_daerah_id=pd.id, peran="kepala_daerah", nama=KEPALA_DAERAH[0], nip=None,
                           jabatan=KEPALA_DAERAH[1], pangkat="")]
    for j in jabatan.values():
        if j.parent is kepala and j.unit_kerja_id is not None:
            baris.append(Penandatangan(perangkat_daerah_id=pd.id, peran="kepala_unit", unit_kerja_id=j.unit_kerja_id,
                                       nama=j.pemegang_nama, nip=j.pemegang_nip, jabatan=j.nama,
                                       pangkat=j.pemegang_pangkat))
    db_session.add_all(baris)
    db_session.flush()


def _pagu(nodes, kode: str, unit_id: int | None) -> Decimal:
    """Pagu of the sub kegiatan under a code (of one unit, or of the whole agency for the Kepala)."""
    return sum((n.pagu for n in nodes if n.pagu is not None and (n.kode == kode or n.kode.startswith(kode + "."))
                and (unit_id is None or n.unit_kerja_id == unit_id)), Decimal(0))
