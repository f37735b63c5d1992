"""Factory functions for readable test data (no factory_boy): each creates one object with
sensible defaults, adds it to the host session and flushes."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal

from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import Indikator
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import Nomenklatur
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import Satuan
from sipekerja_module.models import Tahun
from sipekerja_module.models import UnitKerja

NOMENKLATUR = (
    ("5", "urusan", "UNSUR PENUNJANG URUSAN PEMERINTAHAN", None),
    ("5.03", "bidang_urusan", "KEPEGAWAIAN", "5"),
    ("5.03.02", "program", "PROGRAM KEPEGAWAIAN DAERAH", "5.03"),
    ("5.03.02.2.01", "kegiatan", "Pengadaan, Pemberhentian dan Informasi Kepegawaian ASN", "5.03.02"),
    ("5.03.02.2.01.0010", "sub_kegiatan", "Pengelolaan Sistem Informasi Kepegawaian", "5.03.02.2.01"),
    ("5.03.02.2.01.0011", "sub_kegiatan", "Pengelolaan Data Kepegawaian", "5.03.02.2.01"),
    ("5.03.02.2.02", "kegiatan", "Mutasi dan Promosi ASN", "5.03.02"),
    ("5.03.02.2.02.0002", "sub_kegiatan", "Pengelolaan Kenaikan Pangkat ASN", "5.03.02.2.02"),
)


def _add(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def create_perangkat_daerah(kode: str = "BKPSDM", nama: str = "BKPSDM Kabupaten Paser") -> PerangkatDaerah:
    return _add(PerangkatDaerah(kode=kode, nama=nama))


def create_unit(pd: PerangkatDaerah, kode: str = "BKPSDM-PPIK", nama: str = "Bidang PPIK",
                jenis: str = "bidang") -> UnitKerja:
    return _add(UnitKerja(perangkat_daerah_id=pd.id, kode=kode, nama=nama, jenis=jenis))


def create_tahun(tahun: int = 2024) -> Tahun:
    return _add(Tahun(tahun=tahun))


def create_satuan(nama: str = "Dokumen") -> Satuan:
    return _add(Satuan(nama=nama))


def create_nomenklatur() -> None:
    for kode, level, nama, induk in NOMENKLATUR:
        db.session.add(Nomenklatur(kode=kode, level=level, nama=nama, kode_induk=induk))
    db.session.flush()


def create_pengguna(nip: str = "199306242015071002", peran=("utama",), unit: UnitKerja | None = None,
                    nama: str = "Admin Perencanaan") -> Pengguna:
    return _add(Pengguna(issuer="http://portal.test", subject=nip, nip=nip, nama=nama, peran=list(peran),
                         unit_kerja_id=unit.id if unit else None,
                         perangkat_daerah_id=unit.perangkat_daerah_id if unit else None))


def create_indikator(node, satuan: Satuan, *, uraian: str = "Jumlah Dokumen", agregasi: str = "kumulatif",
                     polaritas: str = "positif", target: Decimal | None = Decimal(12)) -> Indikator:
    return _add(Indikator(tahun_id=node.tahun_id, perangkat_daerah_id=node.perangkat_daerah_id,
                          unit_kerja_id=node.unit_kerja_id, node_id=node.id, uraian=uraian, satuan_id=satuan.id,
                          polaritas=polaritas, agregasi=agregasi, target_tahunan=target))


def buka_kembali(tahun_id: int, triwulan: int, hari: int = 7) -> None:
    """Reopen a triwulan's input window for ``hari`` days from now and commit (the demo year's
    deadlines have long passed). Needs an app context."""
    jendela = db.session.execute(select(JendelaInput).filter_by(tahun_id=tahun_id, triwulan=triwulan)).scalar_one()
    jendela.status = "dibuka_kembali"
    jendela.dibuka_kembali_sampai_dt = datetime.now(timezone.utc) + timedelta(days=hari)
    db.session.commit()


def create_dinkes(tahun: Tahun) -> tuple[PerangkatDaerah, UnitKerja, Pengguna]:
    """A second agency beside the demo's: DINKES with one unit, one sub kegiatan with one indicator
    (the first satuan), and its Pengguna Utama (flushed; the caller commits)."""
    from sipekerja_module.services import perencanaan

    pd = create_perangkat_daerah("DINKES", "Dinas Kesehatan Kabupaten Paser")
    unit = create_unit(pd, "DINKES-UMUM", "Sekretariat Dinkes", "sekretariat")
    satuan = db.session.execute(select(Satuan).order_by(Satuan.id).limit(1)).scalar_one()
    sub = perencanaan.add_node(tahun=tahun, unit_kerja=unit, kode="5.03.01.2.02.0001", sasaran=None, oleh=None)
    create_indikator(sub, satuan, target=Decimal(12))
    utama = create_pengguna("198002022005011002", ("utama",), unit, "Utama Dinkes")
    return pd, unit, utama
