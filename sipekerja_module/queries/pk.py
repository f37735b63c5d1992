"""Reads of the Perjanjian Kinerja per level: positions, one PK with its rows, the choices its forms
offer, and the whole agency-year for the pohon kinerja. Each function runs a fixed number of
statements whatever the size of the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..domain.capaian import target_dari_kolom
from ..domain.pk import DokumenPK
from ..domain.pk import IndikatorPKData
from ..domain.pk import JabatanData
from ..domain.pk import Pemegang
from ..domain.pk import Pihak
from ..domain.pk import ProgramPKData
from ..domain.pk import SasaranPKData
from ..domain.pk import jabatan_kepala_daerah_bawaan
from ..domain.pk import pihak_kedua
from ..extensions import db_session
from ..models import Indikator
from ..models import IndikatorPK
from ..models import Jabatan
from ..models import NodeRencana
from ..models import PerangkatDaerah
from ..models import PerjanjianKinerja
from ..models import ProgramPK
from ..models import SasaranPK
from ..models import Satuan
from ..models import Tahun
from ..models import UnitKerja


def get_jabatan(jabatan_id: int) -> Jabatan | None:
    """The position, or None."""
    return db_session.get(Jabatan, jabatan_id)


def get_pk(pk_id: int) -> PerjanjianKinerja | None:
    """The PK, or None."""
    return db_session.get(PerjanjianKinerja, pk_id)


def get_sasaran_pk(sasaran_id: int) -> SasaranPK | None:
    """A PK's sasaran, or None."""
    return db_session.get(SasaranPK, sasaran_id)


def get_indikator_pk(indikator_id: int) -> IndikatorPK | None:
    """A PK indicator, or None."""
    return db_session.get(IndikatorPK, indikator_id)


def get_program_pk(program_id: int) -> ProgramPK | None:
    """A PK budget row, or None."""
    return db_session.get(ProgramPK, program_id)


def get_indikator_rencana(indikator_id: int) -> Indikator | None:
    """A plan indicator, or None."""
    return db_session.get(Indikator, indikator_id)


def get_node(node_id: int) -> NodeRencana | None:
    """A plan node, or None."""
    return db_session.get(NodeRencana, node_id)


def get_unit(unit_id: int) -> UnitKerja | None:
    """A unit kerja, or None."""
    return db_session.get(UnitKerja, unit_id)


def get_satuan(satuan_id: int) -> Satuan | None:
    """A satuan, or None."""
    return db_session.get(Satuan, satuan_id)


def get_tahun_id(tahun_id: int) -> Tahun:
    """The year row of an id that exists (a position's or a PK's year)."""
    return db_session.get(Tahun, tahun_id)


def angka_tahun(tahun_id: int) -> int:
    """The year number of a year id that exists, e.g. 2024."""
    return get_tahun_id(tahun_id).tahun


def _pemegang(j) -> Pemegang | None:
    if not j.pemegang_nama:
        return None
    return Pemegang(nama=j.pemegang_nama, nip=j.pemegang_nip, pangkat=j.pemegang_pangkat)


def list_jabatan(*, perangkat_daerah_id: int, tahun_id: int) -> list[JabatanData]:
    """The agency-year's positions with their holder, unit and PK, in display order (one statement).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: the positions, the head first, then by ``urutan`` and name.
    """
    rows = db_session.execute(
        select(Jabatan, UnitKerja.nama.label("unit_nama"), PerjanjianKinerja.id.label("pk_id"))
        .outerjoin(UnitKerja, UnitKerja.id == Jabatan.unit_kerja_id)
        .outerjoin(PerjanjianKinerja, PerjanjianKinerja.jabatan_id == Jabatan.id)
        .where(Jabatan.perangkat_daerah_id == perangkat_daerah_id, Jabatan.tahun_id == tahun_id)
        .order_by(Jabatan.parent_id.is_not(None), Jabatan.urutan, Jabatan.nama)
    ).all()
    return [JabatanData(id=r.Jabatan.id, nama=r.Jabatan.nama, parent_id=r.Jabatan.parent_id,
                        unit_kerja_id=r.Jabatan.unit_kerja_id, unit_nama=r.unit_nama, pemegang=_pemegang(r.Jabatan),
                        urutan=r.Jabatan.urutan, pk_id=r.pk_id, kepala_daerah_nama=r.Jabatan.kepala_daerah_nama,
                        kepala_daerah_jabatan=r.Jabatan.kepala_daerah_jabatan, versi=r.Jabatan.version)
            for r in rows]


def list_indikator_pk(*, perangkat_daerah_id: int, tahun_id: int) -> list[IndikatorPKData]:
    """Every PK indicator of the agency-year (one statement), for the pohon kinerja.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: the indicators.
    """
    rows = db_session.execute(
        select(IndikatorPK, Satuan.nama.label("satuan"), PerjanjianKinerja.jabatan_id)
        .join(Satuan, Satuan.id == IndikatorPK.satuan_id)
        .join(PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id)
        .join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
        .join(SasaranPK, SasaranPK.id == IndikatorPK.sasaran_pk_id)
        .where(Jabatan.perangkat_daerah_id == perangkat_daerah_id, Jabatan.tahun_id == tahun_id)
        .order_by(SasaranPK.urutan, SasaranPK.id, IndikatorPK.urutan, IndikatorPK.id)
    ).all()
    return [_data_indikator(r.IndikatorPK, r.satuan, r.jabatan_id) for r in rows]


def _data_indikator(i: IndikatorPK, satuan: str, jabatan_id: int) -> IndikatorPKData:
    return IndikatorPKData(id=i.id, pk_id=i.pk_id, jabatan_id=jabatan_id, sasaran_id=i.sasaran_pk_id,
                           uraian=i.uraian, satuan=satuan, target=target_dari_kolom(i.target_nilai, i.target_atas),
                           indikator_rencana_id=i.indikator_id, induk_id=i.induk_id, urutan=i.urutan,
                           indikator_renstra_id=i.indikator_renstra_id)


@dataclass(frozen=True)
class IsiPK:
    """One PK as its page shows it: the position and the one above, rows, and labels of its links."""

    pk_id: int
    versi: int
    tanggal: date | None
    tahun: int
    tahun_id: int
    perangkat_daerah_id: int
    perangkat_daerah: str
    jabatan: JabatanData
    atasan: JabatanData | None
    kepala_daerah_nama: str | None
    kepala_daerah_jabatan: str | None
    sasaran: tuple[SasaranPKData, ...]
    program: tuple[ProgramPKData, ...]
    #: Plan indicator id → its text; upper PK indicator id → its text (for the link columns).
    label_rencana: dict[int, str]
    label_induk: dict[int, str]
    versi_indikator: dict[int, int]


def load_pk(pk: PerjanjianKinerja) -> IsiPK:
    """Load one PK with its rows (five statements).

    :param pk: the PK.
    :return: its content.
    """
    Atasan = aliased(Jabatan)
    baris = db_session.execute(
        select(Jabatan, Atasan, Tahun.tahun, PerangkatDaerah.nama, UnitKerja.nama.label("unit_nama"))
        .outerjoin(Atasan, Atasan.id == Jabatan.parent_id)
        .join(Tahun, Tahun.id == Jabatan.tahun_id)
        .join(PerangkatDaerah, PerangkatDaerah.id == Jabatan.perangkat_daerah_id)
        .outerjoin(UnitKerja, UnitKerja.id == Jabatan.unit_kerja_id)
        .where(Jabatan.id == pk.jabatan_id)
    ).one()
    j, a = baris[0], baris[1]
    jabatan = JabatanData(id=j.id, nama=j.nama, parent_id=j.parent_id, unit_kerja_id=j.unit_kerja_id,
                          unit_nama=baris.unit_nama, pemegang=_pemegang(j), urutan=j.urutan, pk_id=pk.id)
    atasan = None if a is None else JabatanData(id=a.id, nama=a.nama, parent_id=a.parent_id,
                                                unit_kerja_id=a.unit_kerja_id, unit_nama=None, pemegang=_pemegang(a))
    sasaran_rows = db_session.execute(select(SasaranPK).filter_by(pk_id=pk.id)
                                      .order_by(SasaranPK.urutan, SasaranPK.id)).scalars().all()
    Induk = aliased(IndikatorPK)
    ind_rows = db_session.execute(
        select(IndikatorPK, Satuan.nama.label("satuan"), Indikator.uraian.label("uraian_rencana"),
               Induk.uraian.label("uraian_induk"))
        .join(Satuan, Satuan.id == IndikatorPK.satuan_id)
        .outerjoin(Indikator, Indikator.id == IndikatorPK.indikator_id)
        .outerjoin(Induk, Induk.id == IndikatorPK.induk_id)
        .where(IndikatorPK.pk_id == pk.id).order_by(IndikatorPK.urutan, IndikatorPK.id)
    ).all()
    per_sasaran: dict[int, list[IndikatorPKData]] = {}
    label_rencana, label_induk, versi = {}, {}, {}
    for r in ind_rows:
        per_sasaran.setdefault(r.IndikatorPK.sasaran_pk_id, []).append(_data_indikator(r.IndikatorPK, r.satuan, j.id))
        versi[r.IndikatorPK.id] = r.IndikatorPK.version
        if r.IndikatorPK.indikator_id is not None:
            label_rencana[r.IndikatorPK.indikator_id] = r.uraian_rencana
        if r.IndikatorPK.induk_id is not None:
            label_induk[r.IndikatorPK.induk_id] = r.uraian_induk
    prog_rows = db_session.execute(
        select(ProgramPK, NodeRencana.level, NodeRencana.kode)
        .outerjoin(NodeRencana, NodeRencana.id == ProgramPK.node_id)
        .where(ProgramPK.pk_id == pk.id).order_by(ProgramPK.urutan, ProgramPK.id)
    ).all()
    return IsiPK(
        pk_id=pk.id, versi=pk.version, tanggal=pk.tanggal, tahun=baris.tahun, tahun_id=j.tahun_id,
        perangkat_daerah_id=j.perangkat_daerah_id, perangkat_daerah=baris.nama, jabatan=jabatan, atasan=atasan,
        kepala_daerah_nama=j.kepala_daerah_nama, kepala_daerah_jabatan=j.kepala_daerah_jabatan,
        sasaran=tuple(SasaranPKData(id=s.id, uraian=s.uraian, urutan=s.urutan,
                                    indikator=tuple(per_sasaran.get(s.id, ()))) for s in sasaran_rows),
        program=tuple(ProgramPKData(id=p.ProgramPK.id, uraian=p.ProgramPK.uraian, anggaran=p.ProgramPK.anggaran,
                                    keterangan=p.ProgramPK.keterangan, level=p.level or "lain", kode=p.kode or "")
                      for p in prog_rows),
        label_rencana=label_rencana, label_induk=label_induk, versi_indikator=versi,
    )


def dokumen_pk(isi: IsiPK, *, tempat: str, nama_daerah: str, tanggal_cetak: date) -> DokumenPK:
    """The printable PK from a loaded one (no statement).

    :param isi: the PK (:func:`load_pk`).
    :param tempat: the place above the signatures (``SIPEKERJA_TEMPAT_TTD``).
    :param nama_daerah: the region (``SIPEKERJA_NAMA_DAERAH``), for the Bupati's default title.
    :param tanggal_cetak: the date printed when the PK has no signing date.
    :return: the document.
    """
    j = isi.jabatan
    pertama = Pihak(nama=j.pemegang.nama if j.pemegang else None, jabatan=j.nama,
                    nip=j.pemegang.nip if j.pemegang else None, pangkat=j.pemegang.pangkat if j.pemegang else None)
    kedua = pihak_kedua(j, isi.atasan, nama_kepala_daerah=isi.kepala_daerah_nama,
                        jabatan_kepala_daerah=isi.kepala_daerah_jabatan or jabatan_kepala_daerah_bawaan(nama_daerah))
    return DokumenPK(tahun=isi.tahun, perangkat_daerah=isi.perangkat_daerah, pihak_pertama=pertama,
                     pihak_kedua=kedua, sasaran=isi.sasaran, program=isi.program, tempat=tempat,
                     tanggal=isi.tanggal or tanggal_cetak, tingkat_instansi=isi.atasan is None)


def list_opsi_indikator_rencana(*, perangkat_daerah_id: int, tahun_id: int) -> list[tuple[int, str]]:
    """Plan indicators a PK indicator may take its realisasi from (one statement): (id, label)."""
    rows = db_session.execute(
        select(Indikator.id, Indikator.uraian, NodeRencana.kode, Indikator.sasaran_id)
        .outerjoin(NodeRencana, NodeRencana.id == Indikator.node_id)
        .where(Indikator.perangkat_daerah_id == perangkat_daerah_id, Indikator.tahun_id == tahun_id)
        .order_by(Indikator.sasaran_id.is_(None), NodeRencana.kode, Indikator.urutan, Indikator.id)
    ).all()
    return [(r.id, f"{'IKU' if r.kode is None else r.kode} \u2013 {r.uraian}") for r in rows]


def list_opsi_induk(*, jabatan_atas: list[int]) -> list[tuple[int, str]]:
    """PK indicators of the positions above one (one statement): (id, "position – indicator")."""
    if not jabatan_atas:
        return []
    rows = db_session.execute(
        select(IndikatorPK.id, IndikatorPK.uraian, Jabatan.nama)
        .join(PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id)
        .join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
        .where(Jabatan.id.in_(jabatan_atas)).order_by(Jabatan.urutan, Jabatan.id, IndikatorPK.urutan, IndikatorPK.id)
    ).all()
    return [(r.id, f"{r.nama} \u2013 {r.uraian}") for r in rows]


def list_opsi_node(*, perangkat_daerah_id: int, tahun_id: int, unit_kerja_id: int | None) -> list[tuple[int, str]]:
    """Plan programs, kegiatan and sub kegiatan a PK's budget table may list (one statement): the
    unit's own for a position with a unit, every one for the head of the agency."""
    query = select(NodeRencana.id, NodeRencana.kode, NodeRencana.nama, NodeRencana.level).where(
        NodeRencana.perangkat_daerah_id == perangkat_daerah_id, NodeRencana.tahun_id == tahun_id)
    if unit_kerja_id is not None:
        query = query.where(NodeRencana.unit_kerja_id == unit_kerja_id)
    rows = db_session.execute(query.order_by(NodeRencana.kode, NodeRencana.id)).all()
    return [(r.id, f"{r.kode} {r.nama}") for r in rows]
