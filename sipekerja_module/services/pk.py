"""Write use-cases of the Perjanjian Kinerja per level (Pengguna Utama): positions and their
holders, a PK per position, its sasaran, indicators (targets, plan link, cascade link) and budget
rows, and the copy of all of it into a new year. Rules come from ``domain.pk``; every write is
audited; nothing is committed here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select

from ..domain.capaian import Target
from ..domain.errors import NilaiTidakValid
from ..domain.pk import IndikatorPKRef
from ..domain.pk import JabatanRef
from ..domain.pk import assert_ada_pemegang
from ..domain.pk import assert_boleh_hapus_indikator
from ..domain.pk import assert_satu_kepala
from ..domain.pk import periksa_atasan_jabatan
from ..domain.pk import periksa_pemegang
from ..domain.pk import periksa_tautan_kaskade
from ..domain.pk import periksa_tautan_rencana
from ..domain.renstra import periksa_tautan_renstra
from ..extensions import db_session
from ..models import Indikator
from ..models import IndikatorPK
from ..models import IndikatorRenstra
from ..models import Jabatan
from ..models import NodeRencana
from ..models import Pengguna
from ..models import PerangkatDaerah
from ..models import PerjanjianKinerja
from ..models import ProgramPK
from ..models import Renstra
from ..models import SasaranPK
from ..models import Satuan
from ..models import Tahun
from ..models import TargetTahunanRenstra
from ..models import UnitKerja
from .audit import record_audit
from .audit import snapshot
from .konkurensi import assert_versi
from .konkurensi import flush_or_conflict
from .rencana_aksi import salin_rencana_aksi

_FIELDS_JABATAN = ("nama", "parent_id", "unit_kerja_id", "urutan", "pemegang_nama", "pemegang_nip",
                   "pemegang_pangkat", "kepala_daerah_nama", "kepala_daerah_jabatan")
_FIELDS_INDIKATOR = ("uraian", "satuan_id", "target_nilai", "target_atas", "indikator_id", "induk_id", "sasaran_pk_id",
                     "indikator_renstra_id")
#: ``save_indikator_pk(indikator_renstra=TETAP)``: leave the Renstra link as it is.
TETAP = object()


def _wajib(teks: str | None, nama: str, maks: int) -> str:
    teks = (teks or "").strip()
    if not teks:
        raise NilaiTidakValid(f"{nama} wajib diisi.")
    if len(teks) > maks:
        raise NilaiTidakValid(f"{nama} paling banyak {maks} karakter.")
    return teks


def _opsional(teks: str | None, nama: str, maks: int) -> str | None:
    teks = (teks or "").strip()
    if len(teks) > maks:
        raise NilaiTidakValid(f"{nama} paling banyak {maks} karakter.")
    return teks or None


def _induk_jabatan(perangkat_daerah_id: int, tahun_id: int) -> dict[int, int | None]:
    rows = db_session.execute(select(Jabatan.id, Jabatan.parent_id).where(
        Jabatan.perangkat_daerah_id == perangkat_daerah_id, Jabatan.tahun_id == tahun_id)).all()
    return {r.id: r.parent_id for r in rows}


def save_jabatan(
    *, perangkat_daerah: PerangkatDaerah, tahun: Tahun, nama: str, atasan: Jabatan | None,
    unit_kerja: UnitKerja | None, urutan: int = 0, pemegang_nama: str | None = None,
    pemegang_nip: str | None = None, pemegang_pangkat: str | None = None,
    kepala_daerah_nama: str | None = None, kepala_daerah_jabatan: str | None = None,
    jabatan: Jabatan | None = None, versi: int | None = None, oleh: Pengguna | None,
) -> Jabatan:
    """Create a position of the agency for the year, or change ``jabatan`` when given.

    :param perangkat_daerah: the agency.
    :param tahun: the year.
    :param nama: the position, e.g. ``Kepala Bidang Mutasi dan Promosi``.
    :param atasan: the position above; None for the head of the agency (one per agency-year).
    :param unit_kerja: the unit it leads, of the same agency; None for the head.
    :param urutan: display order.
    :param pemegang_nama: the holder's name (empty: vacant).
    :param pemegang_nip: the holder's NIP (``domain.nip``).
    :param pemegang_pangkat: pangkat/golongan.
    :param kepala_daerah_nama: for the head only: the Bupati's name (pihak kedua of the agency PK).
    :param kepala_daerah_jabatan: for the head only: the Bupati's title (default from the region).
    :param jabatan: the position to change; None creates one.
    :param versi: version the edit form was opened with.
    :param oleh: who acts.
    :return: the position.
    :raise NilaiTidakValid: empty or duplicate name, a unit or parent of another agency or year, a
        cycle, a second head, a holder without name.
    :raise NIPTidakValid: a malformed NIP.
    :raise KonflikData: when someone changed the position meanwhile.
    """
    if jabatan is not None:
        assert_versi(jabatan, versi)
    nama = _wajib(nama, "Nama jabatan", 255)
    pemegang = periksa_pemegang(_opsional(pemegang_nama, "Nama pemegang jabatan", 255), pemegang_nip,
                                _opsional(pemegang_pangkat, "Pangkat/golongan", 128))
    if unit_kerja is not None and unit_kerja.perangkat_daerah_id != perangkat_daerah.id:
        raise NilaiTidakValid("Unit kerja jabatan harus unit pada perangkat daerah yang sama.")
    ref = JabatanRef(jabatan.id if jabatan else 0, perangkat_daerah.id, tahun.id, atasan.id if atasan else None, nama)
    periksa_atasan_jabatan(ref, JabatanRef(atasan.id, atasan.perangkat_daerah_id, atasan.tahun_id, atasan.parent_id,
                                           atasan.nama) if atasan else None,
                           _induk_jabatan(perangkat_daerah.id, tahun.id))
    if atasan is None:
        lain = db_session.execute(select(Jabatan.nama).where(
            Jabatan.perangkat_daerah_id == perangkat_daerah.id, Jabatan.tahun_id == tahun.id,
            Jabatan.parent_id.is_(None), Jabatan.id != ref.id)).scalars().all()
        assert_satu_kepala(ref.id, lain)
    sama = db_session.execute(select(Jabatan.id).where(
        Jabatan.perangkat_daerah_id == perangkat_daerah.id, Jabatan.tahun_id == tahun.id, Jabatan.nama == nama,
        Jabatan.id != ref.id)).first()
    if sama is not None:
        raise NilaiTidakValid(f"Jabatan {nama} sudah ada pada tahun {tahun.tahun}.")
    sebelum = snapshot(jabatan, _FIELDS_JABATAN) if jabatan else None
    if jabatan is None:
        jabatan = Jabatan(perangkat_daerah_id=perangkat_daerah.id, tahun_id=tahun.id)
        db_session.add(jabatan)
    jabatan.nama, jabatan.parent_id, jabatan.urutan = nama, atasan.id if atasan else None, urutan
    jabatan.unit_kerja_id = unit_kerja.id if unit_kerja else None
    jabatan.pemegang_nama = pemegang.nama if pemegang else None
    jabatan.pemegang_nip = pemegang.nip if pemegang else None
    jabatan.pemegang_pangkat = pemegang.pangkat if pemegang else None
    kepala = atasan is None
    jabatan.kepala_daerah_nama = _opsional(kepala_daerah_nama, "Nama kepala daerah", 255) if kepala else None
    jabatan.kepala_daerah_jabatan = _opsional(kepala_daerah_jabatan, "Jabatan kepala daerah", 255) if kepala else None
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_jabatan" if sebelum else "tambah_jabatan", objek=jabatan,
                 sebelum=sebelum, sesudah=snapshot(jabatan, _FIELDS_JABATAN))
    return jabatan


def create_pk(*, jabatan: Jabatan, tanggal: date | None = None, oleh: Pengguna | None) -> PerjanjianKinerja:
    """Start the Perjanjian Kinerja of a position for its year.

    :param jabatan: the position; it must have a holder with a NIP (pihak pertama).
    :param tanggal: the signing date, or None (the printout then carries the day of printing).
    :param oleh: who acts.
    :return: the PK (empty: sasaran, indicators and programs are added next).
    :raise NilaiTidakValid: a vacant position, or one that has a PK already.
    """
    assert_ada_pemegang(jabatan.nama, periksa_pemegang(jabatan.pemegang_nama, jabatan.pemegang_nip,
                                                       jabatan.pemegang_pangkat))
    ada = db_session.execute(select(PerjanjianKinerja.id).filter_by(jabatan_id=jabatan.id)).first()
    if ada is not None:
        raise NilaiTidakValid(f"Perjanjian Kinerja jabatan {jabatan.nama} sudah ada.")
    pk = PerjanjianKinerja(jabatan_id=jabatan.id, tanggal=tanggal)
    db_session.add(pk)
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="tambah_pk", objek=pk, sebelum=None,
                 sesudah={"jabatan": jabatan.nama, "pemegang_nip": jabatan.pemegang_nip, "tanggal": tanggal})
    return pk


def add_sasaran_pk(*, pk: PerjanjianKinerja, uraian: str, oleh: Pengguna | None) -> SasaranPK:
    """Add a sasaran to a PK (last in order).

    :raise NilaiTidakValid: an empty or too long text.
    """
    uraian = _wajib(uraian, "Sasaran", 1000)
    urutan = db_session.scalar(select(func.count(SasaranPK.id)).filter_by(pk_id=pk.id)) or 0
    sasaran = SasaranPK(pk_id=pk.id, uraian=uraian, urutan=urutan + 1)
    db_session.add(sasaran)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="tambah_sasaran_pk", objek=sasaran, sebelum=None,
                 sesudah={"pk_id": pk.id, "uraian": uraian})
    return sasaran


def _ref_indikator(ind_pk_id: int, pk: PerjanjianKinerja, uraian: str = "") -> IndikatorPKRef:
    jabatan = pk.jabatan
    return IndikatorPKRef(ind_pk_id, jabatan.perangkat_daerah_id, _angka_tahun(jabatan.tahun_id), jabatan.id, uraian)


def _angka_tahun(tahun_id: int) -> int:
    return db_session.get(Tahun, tahun_id).tahun


def _periksa_kaskade(bawah: IndikatorPKRef, induk: IndikatorPK) -> None:
    atas_pk = db_session.get(PerjanjianKinerja, induk.pk_id)
    atas = _ref_indikator(induk.id, atas_pk, induk.uraian)
    jabatan = db_session.get(Jabatan, bawah.jabatan_id)
    ids_pk = select(PerjanjianKinerja.id).join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id).where(
        Jabatan.perangkat_daerah_id == jabatan.perangkat_daerah_id, Jabatan.tahun_id == jabatan.tahun_id)
    rows = db_session.execute(select(IndikatorPK.id, IndikatorPK.induk_id).where(IndikatorPK.pk_id.in_(ids_pk))).all()
    periksa_tautan_kaskade(bawah, atas, induk_indikator={r.id: r.induk_id for r in rows},
                           induk_jabatan=_induk_jabatan(jabatan.perangkat_daerah_id, jabatan.tahun_id))


def save_indikator_pk(
    *, pk: PerjanjianKinerja, sasaran: SasaranPK, uraian: str, satuan: Satuan, target: Target | None,
    indikator_rencana: Indikator | None, induk: IndikatorPK | None, indikator: IndikatorPK | None = None,
    versi: int | None = None, oleh: Pengguna | None, indikator_renstra: IndikatorRenstra | None | object = TETAP,
) -> IndikatorPK:
    """Create or change an indicator of a PK: its target, the plan indicator that measures it, the
    upper indicator it supports and the Renstra indicator whose yearly target it carries.

    :param pk: the PK.
    :param sasaran: the PK's sasaran it belongs to.
    :param uraian: the indicator's text.
    :param satuan: unit of measure.
    :param target: the annual target (point or range); None takes the Renstra target of the PK's year
        when linked to a Renstra indicator that has one, else leaves it unset.
    :param indikator_rencana: a plan indicator of the same agency and year, or None.
    :param induk: the upper indicator (a PK indicator of a position above), or None.
    :param indikator: the indicator to change; None creates one.
    :param versi: version the edit form was opened with.
    :param oleh: who acts.
    :param indikator_renstra: a Renstra indicator of the same agency whose period holds the PK's year,
        None to unlink, :data:`TETAP` (default) to keep the stored link.
    :return: the indicator.
    :raise NilaiTidakValid: empty text, a sasaran of another PK, a plan indicator of another agency or
        year, a cascade link to another agency or year, to a position not above, or forming a cycle,
        a Renstra indicator of another agency or of a period not holding the PK's year.
    :raise KonflikData: when someone changed the indicator meanwhile.
    """
    if indikator is not None:
        assert_versi(indikator, versi)
    uraian = _wajib(uraian, "Uraian indikator", 1000)
    if sasaran.pk_id != pk.id:
        raise NilaiTidakValid("Sasaran yang dipilih bukan sasaran Perjanjian Kinerja ini.")
    jabatan = pk.jabatan
    if indikator_rencana is not None:
        periksa_tautan_rencana(perangkat_daerah_id=jabatan.perangkat_daerah_id, tahun_id=jabatan.tahun_id,
                               rencana_perangkat_daerah_id=indikator_rencana.perangkat_daerah_id,
                               rencana_tahun_id=indikator_rencana.tahun_id)
    if induk is not None:
        _periksa_kaskade(_ref_indikator(indikator.id if indikator else 0, pk, uraian), induk)
    if indikator_renstra is TETAP:
        indikator_renstra = db_session.get(IndikatorRenstra, indikator.indikator_renstra_id) \
            if indikator is not None and indikator.indikator_renstra_id else None
    if indikator_renstra is not None:
        target_renstra = _target_renstra(indikator_renstra, jabatan)
        target = target_renstra if target is None else target
    sebelum = snapshot(indikator, _FIELDS_INDIKATOR) if indikator else None
    if indikator is None:
        urutan = db_session.scalar(select(func.count(IndikatorPK.id)).filter_by(sasaran_pk_id=sasaran.id)) or 0
        indikator = IndikatorPK(pk_id=pk.id, urutan=urutan + 1)
        db_session.add(indikator)
    indikator.sasaran_pk_id, indikator.uraian, indikator.satuan_id = sasaran.id, uraian, satuan.id
    indikator.target_nilai = None if target is None else (target.bawah if target.is_rentang else target.nilai)
    indikator.target_atas = target.atas if target is not None and target.is_rentang else None
    indikator.indikator_id = indikator_rencana.id if indikator_rencana else None
    indikator.induk_id = induk.id if induk else None
    indikator.indikator_renstra_id = indikator_renstra.id if indikator_renstra else None
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_indikator_pk" if sebelum else "tambah_indikator_pk", objek=indikator,
                 sebelum=sebelum, sesudah=snapshot(indikator, _FIELDS_INDIKATOR))
    return indikator


def _target_renstra(indikator_renstra: IndikatorRenstra, jabatan: Jabatan) -> Target | None:
    """Check the Renstra link of a PK indicator and return the Renstra target of the PK's year."""
    renstra = db_session.get(Renstra, indikator_renstra.renstra_id)
    tahun = _angka_tahun(jabatan.tahun_id)
    periksa_tautan_renstra(perangkat_daerah_id=jabatan.perangkat_daerah_id, tahun=tahun,
                           renstra_perangkat_daerah_id=renstra.perangkat_daerah_id, tahun_awal=renstra.tahun_awal,
                           tahun_akhir=renstra.tahun_akhir)
    nilai = db_session.scalar(select(TargetTahunanRenstra.nilai).filter_by(
        indikator_renstra_id=indikator_renstra.id, tahun=tahun))
    return None if nilai is None else Target.tunggal(nilai)


def hapus_indikator_pk(*, indikator: IndikatorPK, oleh: Pengguna | None) -> None:
    """Remove a PK indicator that no lower indicator supports.

    :raise NilaiTidakValid: when lower indicators support it.
    """
    pendukung = db_session.scalar(select(func.count(IndikatorPK.id)).filter_by(induk_id=indikator.id)) or 0
    assert_boleh_hapus_indikator(indikator.uraian, pendukung)
    sebelum = snapshot(indikator, _FIELDS_INDIKATOR)
    record_audit(pengguna=oleh, aksi="hapus_indikator_pk", objek=indikator, sebelum=sebelum, sesudah=None)
    db_session.delete(indikator)
    db_session.flush()


def _pagu_di_bawah(node: NodeRencana) -> Decimal | None:
    """Sum of the pagu of the node and every node below it (only sub kegiatan carry one)."""
    ids = {node.id}
    tingkat = [node.id]
    while tingkat:
        tingkat = db_session.execute(select(NodeRencana.id).where(NodeRencana.parent_id.in_(tingkat))).scalars().all()
        ids.update(tingkat)
    return db_session.scalar(select(func.sum(NodeRencana.pagu)).where(NodeRencana.id.in_(ids)))


def add_program_pk(*, pk: PerjanjianKinerja, node: NodeRencana | None, uraian: str | None, anggaran: Decimal | None,
                   keterangan: str | None, oleh: Pengguna | None) -> ProgramPK:
    """Add a budget row to a PK: a program/kegiatan/sub kegiatan of the plan (its anggaran defaults to
    the pagu below it) or a row typed by hand.

    :param pk: the PK.
    :param node: a plan node of the same agency and year, or None.
    :param uraian: the row's text (required without a node; default the node's name).
    :param anggaran: Rupiah, >= 0; None with a node takes the node's pagu.
    :param keterangan: e.g. ``APBD``.
    :param oleh: who acts.
    :return: the row.
    :raise NilaiTidakValid: a node of another agency or year, no text, a negative amount.
    """
    jabatan = pk.jabatan
    if node is not None and (node.perangkat_daerah_id != jabatan.perangkat_daerah_id
                             or node.tahun_id != jabatan.tahun_id):
        raise NilaiTidakValid("Program/kegiatan yang dipilih bukan bagian rencana perangkat daerah dan tahun ini.")
    uraian = _wajib(uraian or (node.nama if node else None), "Uraian program/kegiatan", 500)
    if anggaran is None and node is not None:
        anggaran = _pagu_di_bawah(node)
    if anggaran is not None and anggaran < 0:
        raise NilaiTidakValid("Anggaran tidak boleh negatif.")
    urutan = db_session.scalar(select(func.count(ProgramPK.id)).filter_by(pk_id=pk.id)) or 0
    program = ProgramPK(pk_id=pk.id, node_id=node.id if node else None, uraian=uraian, anggaran=anggaran,
                        keterangan=_opsional(keterangan, "Keterangan", 255) or "", urutan=urutan + 1)
    db_session.add(program)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="tambah_program_pk", objek=program, sebelum=None,
                 sesudah={"pk_id": pk.id, "uraian": uraian, "anggaran": anggaran, "node_id": program.node_id})
    return program


def hapus_program_pk(*, program: ProgramPK, oleh: Pengguna | None) -> None:
    """Remove a budget row of a PK."""
    record_audit(pengguna=oleh, aksi="hapus_program_pk", objek=program,
                 sebelum=snapshot(program, ("pk_id", "uraian", "anggaran", "node_id")), sesudah=None)
    db_session.delete(program)
    db_session.flush()


def salin_pk(*, lama: Tahun, baru: Tahun, peta_indikator: dict[int, int], peta_node: dict[int, int]) -> None:
    """Copy the positions (with their holders), every PK's sasaran, indicators and budget rows, the
    cascade links and the Renstra links from one year into a new one — without anggaran and without
    the old targets (no numbers, as the plan copy), and without realisasi (a PK has none: it reads the
    plan's). An indicator linked to a Renstra whose period holds the new year keeps the link and takes
    the Renstra target of the new year as its target (the default of a linked indicator); a link to a
    period that has ended is dropped.
    The Rencana Aksi of each indicator (targets per triwulan and actions) is copied too, without its
    realisasi.

    :param lama: the year copied from.
    :param baru: the new year.
    :param peta_indikator: old plan indicator id → its copy (plan links follow the copied plan).
    :param peta_node: old plan node id → its copy.
    """
    jabatan = db_session.execute(select(Jabatan).filter_by(tahun_id=lama.id).order_by(Jabatan.id)).scalars().all()
    peta_jabatan: dict[int, Jabatan] = {}
    for j in jabatan:
        peta_jabatan[j.id] = Jabatan(
            perangkat_daerah_id=j.perangkat_daerah_id, tahun_id=baru.id, unit_kerja_id=j.unit_kerja_id, nama=j.nama,
            urutan=j.urutan, pemegang_nama=j.pemegang_nama, pemegang_nip=j.pemegang_nip,
            pemegang_pangkat=j.pemegang_pangkat, kepala_daerah_nama=j.kepala_daerah_nama,
            kepala_daerah_jabatan=j.kepala_daerah_jabatan)
        db_session.add(peta_jabatan[j.id])
    db_session.flush()
    for j in jabatan:
        peta_jabatan[j.id].parent_id = peta_jabatan[j.parent_id].id if j.parent_id in peta_jabatan else None
    ids_jabatan = [j.id for j in jabatan]
    pks = db_session.execute(select(PerjanjianKinerja).where(PerjanjianKinerja.jabatan_id.in_(ids_jabatan))
                             ).scalars().all()
    peta_pk = {}
    for pk in pks:
        peta_pk[pk.id] = PerjanjianKinerja(jabatan_id=peta_jabatan[pk.jabatan_id].id)
        db_session.add(peta_pk[pk.id])
    db_session.flush()
    ids_pk = list(peta_pk)
    peta_sasaran = {}
    for s in db_session.execute(select(SasaranPK).where(SasaranPK.pk_id.in_(ids_pk))).scalars():
        peta_sasaran[s.id] = SasaranPK(pk_id=peta_pk[s.pk_id].id, uraian=s.uraian, urutan=s.urutan)
        db_session.add(peta_sasaran[s.id])
    db_session.flush()
    indikator = db_session.execute(select(IndikatorPK).where(IndikatorPK.pk_id.in_(ids_pk))
                                   .order_by(IndikatorPK.id)).scalars().all()
    renstra = _renstra_tahun(baru.tahun, {i.indikator_renstra_id for i in indikator if i.indikator_renstra_id})
    peta_ind = {}
    for i in indikator:
        tautan = i.indikator_renstra_id if i.indikator_renstra_id in renstra else None
        peta_ind[i.id] = IndikatorPK(pk_id=peta_pk[i.pk_id].id, sasaran_pk_id=peta_sasaran[i.sasaran_pk_id].id,
                                     uraian=i.uraian, satuan_id=i.satuan_id, urutan=i.urutan,
                                     indikator_id=peta_indikator.get(i.indikator_id), indikator_renstra_id=tautan,
                                     target_nilai=renstra.get(tautan))
        db_session.add(peta_ind[i.id])
    db_session.flush()
    for i in indikator:
        if i.induk_id in peta_ind:
            peta_ind[i.id].induk_id = peta_ind[i.induk_id].id
    for p in db_session.execute(select(ProgramPK).where(ProgramPK.pk_id.in_(ids_pk))).scalars():
        db_session.add(ProgramPK(pk_id=peta_pk[p.pk_id].id, node_id=peta_node.get(p.node_id), uraian=p.uraian,
                                 keterangan=p.keterangan, urutan=p.urutan))
    db_session.flush()
    # Rencana Aksi (targets per triwulan and actions) follow their indicators, without realisasi.
    salin_rencana_aksi(peta_indikator_pk={lama_id: baru.id for lama_id, baru in peta_ind.items()})


def _renstra_tahun(tahun: int, ids: set[int]) -> dict[int, Decimal | None]:
    """Of these Renstra indicators, those whose period holds ``tahun``, with their target of that year
    (one statement)."""
    if not ids:
        return {}
    rows = db_session.execute(
        select(IndikatorRenstra.id, TargetTahunanRenstra.nilai)
        .join(Renstra, Renstra.id == IndikatorRenstra.renstra_id)
        .outerjoin(TargetTahunanRenstra, (TargetTahunanRenstra.indikator_renstra_id == IndikatorRenstra.id)
                   & (TargetTahunanRenstra.tahun == tahun))
        .where(IndikatorRenstra.id.in_(ids), Renstra.tahun_awal <= tahun, Renstra.tahun_akhir >= tahun)
    ).all()
    return {r.id: r.nilai for r in rows}
