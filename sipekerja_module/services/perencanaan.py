"""Write use-cases of Perencanaan Kerja: sasaran, plan nodes from the nomenclature,
indicators, monthly targets and budgets, and fixing (*menetapkan*) the plan.

Every function flushes and never commits; every change leaves an audit record. Grids are
saved whole or not at all, and a grid opened before someone else saved it is refused
(:class:`~sipekerja_module.domain.errors.KonflikData`) instead of overwriting.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select

from ..domain.capaian import Agregasi
from ..domain.capaian import Polaritas
from ..domain.capaian import RumusNegatif
from ..domain.capaian import Target
from ..domain.capaian import format_target
from ..domain.capaian import target_dari_kolom
from ..domain.errors import NilaiTidakValid
from ..domain.nomenklatur import jalur_kode
from ..domain.nomenklatur import normalisasi_kode
from ..domain.rencana import PESAN_RENTANG_NEGATIF
from ..domain.rencana import StatusRencana
from ..domain.rencana import assert_isian_valid
from ..domain.rencana import assert_rencana_bisa_diubah
from ..domain.rencana import periksa_anggaran_bulanan
from ..domain.rencana import periksa_target_bulanan
from ..domain.rencana import periksa_target_indikator
from ..extensions import db_session
from ..models import Indikator
from ..models import NodeRencana
from ..models import Nomenklatur
from ..models import Pengguna
from ..models import PerangkatDaerah
from ..models import RealisasiAnggaran
from ..models import RealisasiKinerja
from ..models import RencanaKerja
from ..models import Sasaran
from ..models import Satuan
from ..models import Tahun
from ..models import TargetAnggaran
from ..models import TargetKinerja
from ..models import UnitKerja
from ..models.base import utcnow
from ..queries.versi_target import ada_perubahan
from .audit import record_audit
from .audit import snapshot
from .konkurensi import assert_versi
from .konkurensi import flush_or_conflict
from .ringkasan import tandai_kotor
from .versi_target import hapus_baris_versi

LEVEL_RENCANA = ("program", "kegiatan", "sub_kegiatan")
#: The indicator's manual (``domain.data_rencana.ManualIndikator``) and the longest text of each field.
FIELDS_MANUAL = {"definisi_operasional": 2000, "formula": 1000, "sumber_data": 500, "penanggung_jawab": 255}
FIELDS_INDIKATOR = ("uraian", "satuan_id", "polaritas", "agregasi", "rumus_negatif", "target_tahunan", "target_atas",
                    *FIELDS_MANUAL)
_LABEL_MANUAL = {"definisi_operasional": "Definisi operasional", "formula": "Formula", "sumber_data": "Sumber data",
                 "penanggung_jawab": "Penanggung jawab"}


def _manual(manual: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """The manual's fields trimmed (empty → None) and checked against their column sizes."""
    hasil = {}
    for kolom, maks in FIELDS_MANUAL.items():
        teks = ((manual or {}).get(kolom) or "").strip()
        if len(teks) > maks:
            raise NilaiTidakValid(f"{_LABEL_MANUAL[kolom]} paling banyak {maks} karakter.")
        hasil[kolom] = teks or None
    return hasil


def get_or_create_rencana(*, perangkat_daerah_id: int, tahun_id: int) -> RencanaKerja:
    """Return the plan of an agency for a year, creating it as *draf* on first use.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: the plan row.
    """
    rencana = db_session.execute(
        select(RencanaKerja).filter_by(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
    ).scalar_one_or_none()
    if rencana is None:
        rencana = RencanaKerja(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id, status="draf")
        db_session.add(rencana)
        db_session.flush()
    return rencana


def tetapkan_rencana(*, rencana: RencanaKerja, oleh: Pengguna | None, now: datetime) -> RencanaKerja:
    """Fix the plan: from now on target changes need Utama to reopen it.

    :param rencana: the plan.
    :param oleh: the Pengguna Utama.
    :param now: the moment of fixing (aware).
    :return: the plan.
    :raise NilaiTidakValid: when the plan is already ditetapkan.
    """
    if StatusRencana(rencana.status) is StatusRencana.DITETAPKAN:
        raise NilaiTidakValid("Rencana kerja sudah ditetapkan.")
    sebelum = snapshot(rencana, ("status",))
    rencana.status = StatusRencana.DITETAPKAN.value
    rencana.ditetapkan_dt = now
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="tetapkan_rencana", objek=rencana, sebelum=sebelum,
                 sesudah=snapshot(rencana, ("status",)))
    return rencana


def buka_rencana(*, rencana: RencanaKerja, oleh: Pengguna | None, alasan: str) -> RencanaKerja:
    """Reopen a fixed plan for changes; the reason is required and audited.

    :param rencana: the plan.
    :param oleh: the Pengguna Utama.
    :param alasan: why the plan is reopened.
    :return: the plan.
    :raise NilaiTidakValid: without a reason, or when the plan is not ditetapkan.
    """
    alasan = (alasan or "").strip()
    if not alasan:
        raise NilaiTidakValid("Alasan membuka kembali rencana wajib diisi.")
    if StatusRencana(rencana.status) is not StatusRencana.DITETAPKAN:
        raise NilaiTidakValid("Rencana kerja belum ditetapkan, jadi tidak perlu dibuka kembali.")
    rencana.status = StatusRencana.DRAF.value
    rencana.ditetapkan_dt = None
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="buka_rencana", objek=rencana, sebelum={"status": "ditetapkan"},
                 sesudah={"status": "draf"}, alasan=alasan)
    return rencana


def _assert_rencana_draf(perangkat_daerah_id: int, tahun_id: int) -> None:
    rencana = get_or_create_rencana(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
    assert_rencana_bisa_diubah(rencana.status)


def _assert_murni_bisa_diubah(perangkat_daerah_id: int, tahun_id: int) -> None:
    """The murni targets are history once a perubahan exists (``domain.versi_target``)."""
    if ada_perubahan(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id):
        raise NilaiTidakValid("Target murni hanya dapat dibaca karena sudah ada perubahan target. "
                              "Ubah target pada versi perubahan terakhir.")


def create_sasaran(
    *, perangkat_daerah: PerangkatDaerah, tahun: Tahun, kode: str, uraian: str, oleh: Pengguna | None
) -> Sasaran:
    """Add a sasaran strategis to an agency's Perjanjian Kinerja.

    :param perangkat_daerah: the agency.
    :param tahun: the year.
    :param kode: short code, unique within the agency and year (e.g. ``S1``).
    :param uraian: the objective as written in the PK.
    :param oleh: who adds it.
    :return: the new sasaran.
    :raise NilaiTidakValid: for an empty or duplicate code or an empty description.
    """
    kode, uraian = (kode or "").strip(), (uraian or "").strip()
    if not kode or not uraian:
        raise NilaiTidakValid("Kode dan uraian sasaran wajib diisi.")
    duplikat = db_session.execute(
        select(exists().where(Sasaran.perangkat_daerah_id == perangkat_daerah.id, Sasaran.tahun_id == tahun.id,
                              Sasaran.kode == kode))
    ).scalar()
    if duplikat:
        raise NilaiTidakValid(f"Kode sasaran {kode} sudah dipakai pada tahun {tahun.tahun}.")
    urutan = db_session.execute(
        select(func.count()).select_from(Sasaran).filter_by(perangkat_daerah_id=perangkat_daerah.id, tahun_id=tahun.id)
    ).scalar_one()
    sasaran = Sasaran(perangkat_daerah_id=perangkat_daerah.id, tahun_id=tahun.id, kode=kode, uraian=uraian,
                      urutan=urutan + 1)
    db_session.add(sasaran)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="tambah_sasaran", objek=sasaran, sebelum=None,
                 sesudah=snapshot(sasaran, ("kode", "uraian")))
    return sasaran


def add_node(
    *, tahun: Tahun, unit_kerja: UnitKerja, kode: str, sasaran: Sasaran | None, oleh: Pengguna | None
) -> NodeRencana:
    """Put a program, kegiatan or sub kegiatan of the nomenclature into a unit's plan.

    Missing ancestors (the program above a kegiatan, the kegiatan above a sub kegiatan) are
    added for the same unit, so the tree is always complete.

    :param tahun: the year.
    :param unit_kerja: the owning unit.
    :param kode: nomenclature code in any accepted notation (2/4-digit sub kegiatan, level ``02``).
    :param sasaran: the sasaran the node serves (inherited by added ancestors).
    :param oleh: who adds it.
    :return: the node for ``kode``.
    :raise NilaiTidakValid: for an unknown code, a code above program level, or a node the unit
        already has.
    """
    kode = normalisasi_kode(kode)
    jalur = [k for k in jalur_kode(kode)]
    nomenklatur = {
        n.kode: n for n in db_session.execute(select(Nomenklatur).where(Nomenklatur.kode.in_(jalur))).scalars()
    }
    if kode not in nomenklatur:
        raise NilaiTidakValid(f"Kode {kode} tidak ada dalam nomenklatur. Impor nomenklatur terlebih dahulu.")
    if nomenklatur[kode].level not in LEVEL_RENCANA:
        raise NilaiTidakValid("Yang dapat ditambahkan hanya program, kegiatan, atau sub kegiatan.")
    if sasaran is not None and (sasaran.perangkat_daerah_id != unit_kerja.perangkat_daerah_id
                                or sasaran.tahun_id != tahun.id):
        raise NilaiTidakValid("Sasaran tidak sesuai dengan perangkat daerah dan tahun unit kerja.")
    ada = {
        n.kode: n
        for n in db_session.execute(
            select(NodeRencana).where(NodeRencana.tahun_id == tahun.id, NodeRencana.unit_kerja_id == unit_kerja.id,
                                      NodeRencana.kode.in_(jalur))
        ).scalars()
    }
    if kode in ada:
        raise NilaiTidakValid(f"{nomenklatur[kode].nama} ({kode}) sudah ada dalam rencana {unit_kerja.nama}.")
    induk = None
    for kode_jalur in jalur:
        item = nomenklatur.get(kode_jalur)
        if item is None or item.level not in LEVEL_RENCANA:
            continue
        node = ada.get(kode_jalur)
        if node is None:
            node = NodeRencana(
                tahun_id=tahun.id, perangkat_daerah_id=unit_kerja.perangkat_daerah_id, unit_kerja_id=unit_kerja.id,
                sasaran_id=sasaran.id if sasaran else None, parent_id=induk.id if induk else None,
                nomenklatur_id=item.id, level=item.level, kode=item.kode, nama=item.nama,
            )
            db_session.add(node)
            db_session.flush()
            record_audit(pengguna=oleh, aksi="tambah_node", objek=node, sebelum=None,
                         sesudah=snapshot(node, ("kode", "nama", "level", "unit_kerja_id", "sasaran_id")))
        induk = node
    return induk  # type: ignore[return-value]


def _subtree_ids(node: NodeRencana) -> list[int]:
    ids, frontier = [node.id], [node.id]
    while frontier:
        frontier = list(db_session.execute(
            select(NodeRencana.id).where(NodeRencana.parent_id.in_(frontier))
        ).scalars())
        ids.extend(frontier)
    return ids


def remove_node(*, node: NodeRencana, oleh: Pengguna | None) -> None:
    """Remove a node, its descendants, their indicators and targets — only while no realisasi
    refers to any of them (what has been reported is never deleted).

    :param node: the node to remove.
    :param oleh: who removes it.
    :raise NilaiTidakValid: when realisasi exists below the node.
    """
    _assert_rencana_draf(node.perangkat_daerah_id, node.tahun_id)
    node_ids = _subtree_ids(node)
    indikator_ids = list(db_session.execute(select(Indikator.id).where(Indikator.node_id.in_(node_ids))).scalars())
    ada_realisasi = db_session.execute(select(
        exists().where(RealisasiKinerja.indikator_id.in_(indikator_ids)) | exists().where(
            RealisasiAnggaran.node_id.in_(node_ids))
    )).scalar()
    if ada_realisasi:
        raise NilaiTidakValid(f"{node.nama} tidak dapat dihapus karena sudah memiliki realisasi.")
    sebelum = snapshot(node, ("kode", "nama", "level", "unit_kerja_id"))
    hapus_baris_versi(indikator_ids=indikator_ids, node_ids=node_ids)
    db_session.execute(TargetKinerja.__table__.delete().where(TargetKinerja.indikator_id.in_(indikator_ids)))
    db_session.execute(Indikator.__table__.delete().where(Indikator.id.in_(indikator_ids)))
    db_session.execute(TargetAnggaran.__table__.delete().where(TargetAnggaran.node_id.in_(node_ids)))
    for node_id in reversed(node_ids):  # children first: parent_id references
        db_session.execute(NodeRencana.__table__.delete().where(NodeRencana.id == node_id))
    db_session.flush()
    record_audit(pengguna=oleh, aksi="hapus_node", objek=node, sebelum=sebelum, sesudah=None)
    tandai_kotor(node.perangkat_daerah_id, node.tahun_id)
    db_session.expunge(node)


def _target_kolom(target: Target | None) -> tuple[Decimal | None, Decimal | None]:
    if target is None:
        return None, None
    if target.is_rentang:
        return target.bawah, target.atas
    return target.nilai, None


def create_indikator(
    *,
    induk: Sasaran | NodeRencana,
    uraian: str,
    satuan: Satuan,
    polaritas: Polaritas,
    agregasi: Agregasi,
    target: Target | None,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
    manual: Mapping[str, str | None] | None = None,
    oleh: Pengguna | None,
) -> Indikator:
    """Attach an indicator to a sasaran (an IKU, owned by Utama) or to a plan node (owned by
    the node's unit).

    :param induk: the sasaran or node that carries the indicator.
    :param uraian: the indicator's wording.
    :param satuan: its unit of measure.
    :param polaritas: positif or negatif.
    :param agregasi: how months combine.
    :param target: the annual target (single or range), or None for later.
    :param rumus_negatif: formula for negatif indicators.
    :param manual: the indicator's manual, keys of :data:`FIELDS_MANUAL` (missing or empty = not set).
    :param oleh: who adds it.
    :return: the new indicator.
    :raise NilaiTidakValid: for an empty description, an over-long manual field, or a range target on
        a negatif indicator.
    :raise RencanaTerkunci: when the plan is ditetapkan.
    """
    uraian = (uraian or "").strip()
    if not uraian:
        raise NilaiTidakValid("Uraian indikator wajib diisi.")
    periksa_target_indikator(target, polaritas)
    _assert_rencana_draf(induk.perangkat_daerah_id, induk.tahun_id)
    bawah, atas = _target_kolom(target)
    isi_manual = _manual(manual)
    is_node = isinstance(induk, NodeRencana)
    indikator = Indikator(
        tahun_id=induk.tahun_id, perangkat_daerah_id=induk.perangkat_daerah_id,
        unit_kerja_id=induk.unit_kerja_id if is_node else None,
        node_id=induk.id if is_node else None, sasaran_id=None if is_node else induk.id,
        uraian=uraian, satuan_id=satuan.id, polaritas=Polaritas(polaritas).value, agregasi=Agregasi(agregasi).value,
        rumus_negatif=RumusNegatif(rumus_negatif).value, target_tahunan=bawah, target_atas=atas, **isi_manual,
    )
    db_session.add(indikator)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="tambah_indikator", objek=indikator, sebelum=None,
                 sesudah=snapshot(indikator, FIELDS_INDIKATOR))
    tandai_kotor(indikator.perangkat_daerah_id, indikator.tahun_id)
    return indikator


def update_indikator(
    *,
    indikator: Indikator,
    versi: int | None,
    uraian: str,
    satuan: Satuan,
    polaritas: Polaritas,
    agregasi: Agregasi,
    target: Target | None,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
    manual: Mapping[str, str | None] | None = None,
    oleh: Pengguna | None,
) -> Indikator:
    """Change an indicator's attributes, annual target and manual.

    :param manual: the indicator's manual, keys of :data:`FIELDS_MANUAL`; None leaves it as it is.

    :param versi: the version the form was opened with; a different current version means
        someone else saved in between.
    :raise KonflikData: on a concurrent change.
    :raise NilaiTidakValid: for a range target (annual or monthly) on a negatif indicator.
    :raise RencanaTerkunci: when the plan is ditetapkan.
    """
    assert_versi(indikator, versi)
    uraian = (uraian or "").strip()
    if not uraian:
        raise NilaiTidakValid("Uraian indikator wajib diisi.")
    periksa_target_indikator(target, polaritas)
    if Polaritas(polaritas) is Polaritas.NEGATIF and db_session.scalar(select(exists().where(
            TargetKinerja.indikator_id == indikator.id, TargetKinerja.atas.is_not(None)))):
        raise NilaiTidakValid(f"Target bulanan indikator ini berupa rentang. {PESAN_RENTANG_NEGATIF}")
    _assert_rencana_draf(indikator.perangkat_daerah_id, indikator.tahun_id)
    sebelum = snapshot(indikator, FIELDS_INDIKATOR)
    bawah, atas = _target_kolom(target)
    if (bawah, atas) != (indikator.target_tahunan, indikator.target_atas):
        _assert_murni_bisa_diubah(indikator.perangkat_daerah_id, indikator.tahun_id)
    if manual is not None:
        for kolom, nilai in _manual(manual).items():
            setattr(indikator, kolom, nilai)
    indikator.uraian, indikator.satuan_id = uraian, satuan.id
    indikator.polaritas, indikator.agregasi = Polaritas(polaritas).value, Agregasi(agregasi).value
    indikator.rumus_negatif = RumusNegatif(rumus_negatif).value
    indikator.target_tahunan, indikator.target_atas = bawah, atas
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_indikator", objek=indikator, sebelum=sebelum,
                 sesudah=snapshot(indikator, FIELDS_INDIKATOR))
    tandai_kotor(indikator.perangkat_daerah_id, indikator.tahun_id)
    return indikator


def _simpan_bulanan(model, kolom_induk: str, induk_id: int,
                    nilai_bulanan: Mapping[int, Decimal | Target | None]) -> dict:
    """Upsert twelve monthly rows (a range target into ``nilai``..``atas``); return the previous
    values for the audit record."""
    ada = {
        row.bulan: row
        for row in db_session.execute(select(model).where(getattr(model, kolom_induk) == induk_id)).scalars()
    }
    rentang = hasattr(model, "atas")
    sebelum = {bulan: _teks_audit(row.nilai, row.atas if rentang else None) for bulan, row in sorted(ada.items())}
    for bulan in range(1, 13):
        nilai = nilai_bulanan.get(bulan)
        atas = None
        if isinstance(nilai, Target):
            nilai, atas = _target_kolom(nilai)
        kolom = {"nilai": nilai, **({"atas": atas} if rentang else {})}
        row = ada.get(bulan)
        if row is None:
            db_session.add(model(**{kolom_induk: induk_id, "bulan": bulan, **kolom}))
        else:
            for nama, isi in kolom.items():
                if getattr(row, nama) != isi:
                    setattr(row, nama, isi)
    return sebelum


def _teks_audit(nilai: Decimal | None, atas: Decimal | None) -> Decimal | str | None:
    """A monthly value as the audit trail keeps it: the number, or a range as text ("80–90")."""
    return nilai if atas is None else format_target(target_dari_kolom(nilai, atas))


def save_target_kinerja(
    *, indikator: Indikator, nilai_bulanan: Mapping[int, Decimal | Target | None], versi: int | None,
    oleh: Pengguna | None
) -> Indikator:
    """Save the twelve monthly targets of an indicator, all or nothing.

    :param indikator: the indicator.
    :param nilai_bulanan: month -> target, a number or a range :class:`Target` ("80–90", positif
        indicators only); None = no target that month.
    :param versi: the indicator's version when the grid was opened.
    :param oleh: who saves.
    :return: the indicator (its version is incremented).
    :raise IsianTidakValid: listing every inconsistent month (sum, December, sign).
    :raise KonflikData: when someone saved the grid in between.
    :raise RencanaTerkunci: when the plan is ditetapkan.
    """
    assert_versi(indikator, versi)
    _assert_rencana_draf(indikator.perangkat_daerah_id, indikator.tahun_id)
    _assert_murni_bisa_diubah(indikator.perangkat_daerah_id, indikator.tahun_id)
    target = target_dari_kolom(indikator.target_tahunan, indikator.target_atas)
    assert_isian_valid(periksa_target_bulanan(nilai_bulanan, target, indikator.agregasi, indikator.polaritas))
    sebelum = _simpan_bulanan(TargetKinerja, "indikator_id", indikator.id, nilai_bulanan)
    indikator.updated_dt = utcnow()  # bumps the version: the grid is one unit of concurrency
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_target_kinerja", objek=indikator, sebelum={"target_bulanan": sebelum},
                 sesudah={"target_bulanan": {
                     b: _teks_audit(*_target_kolom(nilai)) if isinstance(nilai, Target) else nilai
                     for b, nilai in ((b, nilai_bulanan.get(b)) for b in range(1, 13))}})
    tandai_kotor(indikator.perangkat_daerah_id, indikator.tahun_id)
    return indikator


def save_anggaran(
    *,
    node: NodeRencana,
    pagu: Decimal | None,
    nilai_bulanan: Mapping[int, Decimal | None],
    versi: int | None,
    oleh: Pengguna | None,
) -> NodeRencana:
    """Save a sub kegiatan's pagu and its twelve monthly budget targets, all or nothing.

    :param node: a sub kegiatan.
    :param pagu: the budget ceiling in Rupiah.
    :param nilai_bulanan: month -> Rupiah (None = nothing planned that month).
    :param versi: the node's version when the grid was opened.
    :param oleh: who saves.
    :return: the node.
    :raise NilaiTidakValid: when the node is not a sub kegiatan.
    :raise IsianTidakValid: when the months exceed the pagu or a value is negative.
    :raise KonflikData: when someone saved the grid in between.
    """
    if node.level != "sub_kegiatan":
        raise NilaiTidakValid("Pagu dan target anggaran hanya diisi pada sub kegiatan.")
    assert_versi(node, versi)
    _assert_rencana_draf(node.perangkat_daerah_id, node.tahun_id)
    _assert_murni_bisa_diubah(node.perangkat_daerah_id, node.tahun_id)
    assert_isian_valid(periksa_anggaran_bulanan(nilai_bulanan, pagu))
    pagu_lama = node.pagu
    sebelum = _simpan_bulanan(TargetAnggaran, "node_id", node.id, nilai_bulanan)
    node.pagu = pagu
    node.updated_dt = utcnow()
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_anggaran", objek=node,
                 sebelum={"pagu": pagu_lama, "target_bulanan": sebelum},
                 sesudah={"pagu": pagu, "target_bulanan": {b: nilai_bulanan.get(b) for b in range(1, 13)}})
    tandai_kotor(node.perangkat_daerah_id, node.tahun_id)
    return node
