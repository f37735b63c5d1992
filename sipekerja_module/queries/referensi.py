"""Read side of the reference data every page shows next to the plan: agencies and their units,
budget years, input windows (as domain values), satuan, sasaran strategis, the active predikat
scale, the nomenclature, the audit trail of an object and the agency's Pengguna Utama.

Views call these instead of writing ``select()`` themselves, so one read has one spelling (the
order of units, the default year) wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..domain.akses import Peran
from ..domain.identitas import DataKop
from ..domain.identitas import DataPenandatangan
from ..domain.identitas import PeranPenandatangan
from ..domain.periode import JendelaInput as JendelaDomain
from ..domain.periode import StatusJendela
from ..extensions import db_session
from ..models import AuditLog
from ..models import JendelaInput
from ..models import KopLaporan
from ..models import Nomenklatur
from ..models import PembukaanJendela
from ..models import Penandatangan
from ..models import Pengguna
from ..models import PerangkatDaerah
from ..models import Sasaran
from ..models import Satuan
from ..models import SkalaPredikat
from ..models import Tahun
from ..models import UnitKerja

#: How many recently signed-in accounts of an agency are looked through for its Pengguna Utama.
_CALON_PENGGUNA_UTAMA = 50


def list_perangkat_daerah_aktif(*, batas: int | None = None) -> list[PerangkatDaerah]:
    """Active agencies (in no particular order).

    :param batas: at most this many (the caller only wants to know whether there is exactly one).
    :return: the agencies.
    """
    query = select(PerangkatDaerah).where(PerangkatDaerah.aktif.is_(True))
    if batas is not None:
        query = query.limit(batas)
    return list(db_session.execute(query).scalars())


def list_unit_kerja(perangkat_daerah_id: int, *, aktif_saja: bool = True) -> list[UnitKerja]:
    """The units of an agency in their display order (``urutan``, then name).

    :param perangkat_daerah_id: the agency.
    :param aktif_saja: leave out deactivated units (every picker); False for the Referensi list.
    :return: the units.
    """
    query = select(UnitKerja).where(UnitKerja.perangkat_daerah_id == perangkat_daerah_id)
    if aktif_saja:
        query = query.where(UnitKerja.aktif.is_(True))
    return list(db_session.execute(query.order_by(UnitKerja.urutan, UnitKerja.nama)).scalars())


def get_tahun(tahun: int | None = None) -> Tahun | None:
    """A budget year by its number, or by default the latest active year.

    :param tahun: the year number asked for (``?tahun=``), or None.
    :return: the year, or None when there is no such year (or no active year).
    """
    query = select(Tahun).filter_by(tahun=tahun) if tahun is not None else select(Tahun).where(Tahun.aktif.is_(True))
    return db_session.execute(query.order_by(Tahun.tahun.desc()).limit(1)).scalar_one_or_none()


def list_tahun() -> list[Tahun]:
    """Every budget year, newest first."""
    return list(db_session.execute(select(Tahun).order_by(Tahun.tahun.desc())).scalars())


def list_angka_tahun() -> list[int]:
    """The numbers of every budget year, newest first (the year picker)."""
    return list(db_session.execute(select(Tahun.tahun).order_by(Tahun.tahun.desc())).scalars())


def jendela_domain(jendela: JendelaInput, tahun: int, zona: tzinfo) -> JendelaDomain:
    """Convert a stored window into the domain value (aware datetimes in the agency's zone).

    :param jendela: the stored window.
    :param tahun: its year number.
    :param zona: the agency's time zone.
    :return: the domain window.
    """
    sampai = jendela.dibuka_kembali_sampai_dt
    return JendelaDomain(
        tahun=tahun, triwulan=jendela.triwulan, dibuka=jendela.dibuka_dt.astimezone(zona),
        ditutup=jendela.ditutup_dt.astimezone(zona), status=StatusJendela(jendela.status),
        dibuka_kembali_sampai=sampai.astimezone(zona) if sampai else None,
    )


def _milik_atau_bawaan(kolom, perangkat_daerah_id: int | None):
    """Rows of the kabupaten default, plus the agency's own when an agency is given."""
    if perangkat_daerah_id is None:
        return kolom.is_(None)
    return or_(kolom.is_(None), kolom == perangkat_daerah_id)


def list_jendela_efektif(perangkat_daerah_id: int | None, *, tahun_id: int | None = None
                         ) -> dict[int, list[JendelaInput]]:
    """The input windows an agency works with, per year id (one query): per triwulan its own row
    when it made one, else the kabupaten default.

    :param perangkat_daerah_id: the agency; None = the kabupaten defaults only.
    :param tahun_id: only this year (all years when None).
    :return: year id → windows by triwulan.
    """
    query = select(JendelaInput).where(_milik_atau_bawaan(JendelaInput.perangkat_daerah_id, perangkat_daerah_id))
    if tahun_id is not None:
        query = query.where(JendelaInput.tahun_id == tahun_id)
    rows = db_session.execute(query).scalars()
    pilih: dict[tuple[int, int], JendelaInput] = {}
    for j in rows:
        kunci = (j.tahun_id, j.triwulan)
        if kunci not in pilih or j.perangkat_daerah_id is not None:
            pilih[kunci] = j
    hasil: dict[int, list[JendelaInput]] = {}
    for (tahun_id, _), j in sorted(pilih.items()):
        hasil.setdefault(tahun_id, []).append(j)
    return hasil


def get_jendela_terlihat(jendela_id: int, perangkat_daerah_id: int | None) -> JendelaInput | None:
    """A window the agency may see (a kabupaten default or its own), or None (another agency's).

    When the id is a default the agency has its own row for, the agency's own row is returned:
    that is the window which applies to it.

    :param jendela_id: the window asked for.
    :param perangkat_daerah_id: the agency; None = only kabupaten defaults are visible.
    :return: the window that applies, or None.
    """
    jendela = db_session.get(JendelaInput, jendela_id)
    if jendela is None or jendela.perangkat_daerah_id not in (None, perangkat_daerah_id):
        return None
    if jendela.perangkat_daerah_id is None and perangkat_daerah_id is not None:
        sendiri = db_session.execute(select(JendelaInput).filter_by(
            tahun_id=jendela.tahun_id, triwulan=jendela.triwulan, perangkat_daerah_id=perangkat_daerah_id)
        ).scalar_one_or_none()
        return sendiri or jendela
    return jendela


def list_pembukaan_unit(jendela: JendelaInput, perangkat_daerah_id: int | None) -> list[PembukaanJendela]:
    """The reopenings of a triwulan's window for single units of an agency (on the default or on
    its own row); None = of every agency (the kabupaten admin's view of a default).

    :param jendela: the window shown.
    :param perangkat_daerah_id: the agency whose units are listed.
    :return: the reopenings, latest deadline first.
    """
    query = (select(PembukaanJendela).join(JendelaInput, JendelaInput.id == PembukaanJendela.jendela_id)
             .join(UnitKerja, UnitKerja.id == PembukaanJendela.unit_kerja_id)
             .where(JendelaInput.tahun_id == jendela.tahun_id, JendelaInput.triwulan == jendela.triwulan)
             .options(contains_eager(PembukaanJendela.unit_kerja)))
    if perangkat_daerah_id is not None:
        query = query.where(UnitKerja.perangkat_daerah_id == perangkat_daerah_id)
    return list(db_session.execute(query.order_by(PembukaanJendela.sampai_dt.desc())).scalars())


def list_satuan(perangkat_daerah_id: int | None = None, *, aktif_saja: bool = False) -> list[Satuan]:
    """Satuan by name: the kabupaten list plus the agency's own additions.

    :param perangkat_daerah_id: the agency whose additions are offered too; None = the kabupaten list.
    :param aktif_saja: only the ones offered for new indicators.
    :return: the satuan.
    """
    query = select(Satuan).where(_milik_atau_bawaan(Satuan.perangkat_daerah_id, perangkat_daerah_id))
    if aktif_saja:
        query = query.where(Satuan.aktif.is_(True))
    return list(db_session.execute(query.order_by(Satuan.nama)).scalars())


def list_sasaran(*, perangkat_daerah_id: int, tahun_id: int) -> list[Sasaran]:
    """The sasaran strategis of an agency's year, in their order.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: the sasaran.
    """
    return list(db_session.execute(select(Sasaran).filter_by(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
                                   .order_by(Sasaran.urutan)).scalars())


def get_skala_predikat_aktif(perangkat_daerah_id: int | None = None) -> SkalaPredikat | None:
    """The stored predikat scale that applies to an agency, with its bands (to show and edit it):
    its own active scale, else the active kabupaten scale; None when neither exists.

    Measuring uses the domain value of :func:`sipekerja_module.queries.pengukuran.load_skala_aktif`.

    :param perangkat_daerah_id: the agency; None = the kabupaten default.
    """
    rows = db_session.execute(select(SkalaPredikat).where(
        SkalaPredikat.aktif.is_(True), _milik_atau_bawaan(SkalaPredikat.perangkat_daerah_id, perangkat_daerah_id)
    )).scalars().all()
    return next((r for r in rows if r.perangkat_daerah_id is not None), rows[0] if rows else None)


def list_perangkat_daerah() -> list[PerangkatDaerah]:
    """Every agency, active ones first, by name (the kabupaten admin's list)."""
    return list(db_session.execute(select(PerangkatDaerah).order_by(PerangkatDaerah.aktif.desc(),
                                                                    PerangkatDaerah.nama)).scalars())


def count_nomenklatur() -> int:
    """How many nomenclature codes are stored."""
    return db_session.execute(select(func.count()).select_from(Nomenklatur)).scalar_one()


def search_nomenklatur(q: str, *, batas: int) -> list[Nomenklatur]:
    """Nomenclature entries whose code or name contains ``q`` (all when empty), by code.

    :param q: the search text.
    :param batas: at most this many.
    :return: the entries.
    """
    query = select(Nomenklatur).order_by(Nomenklatur.kode)
    if q:
        pola = f"%{q}%"
        query = query.where(or_(Nomenklatur.kode.ilike(pola), Nomenklatur.nama.ilike(pola)))
    return list(db_session.execute(query.limit(batas)).scalars())


def list_kode_nomenklatur(levels: Sequence[str], *, batas: int) -> list[tuple[str, str]]:
    """(kode, nama) of the nomenclature entries of some levels, by code (a picker's options).

    :param levels: e.g. ``("program", "kegiatan", "sub_kegiatan")``.
    :param batas: at most this many.
    :return: the pairs.
    """
    return [(kode, nama) for kode, nama in db_session.execute(
        select(Nomenklatur.kode, Nomenklatur.nama).where(Nomenklatur.level.in_(tuple(levels)))
        .order_by(Nomenklatur.kode).limit(batas))]


def list_audit_log(*, objek_tipe: str, objek_id: int) -> list[AuditLog]:
    """The audit trail of one object, newest first.

    :param objek_tipe: the object's class name, e.g. ``Indikator``.
    :param objek_id: its id.
    :return: the entries.
    """
    return list(db_session.execute(select(AuditLog).filter_by(objek_tipe=objek_tipe, objek_id=objek_id)
                                   .order_by(AuditLog.created_dt.desc(), AuditLog.id.desc())).scalars())


def get_pengguna_utama_terakhir(perangkat_daerah_id: int) -> Pengguna | None:
    """The agency's Pengguna Utama who signed in last (who co-signs a Lampiran PK printed by someone
    else), or None when none of its recently signed-in accounts has that role.

    :param perangkat_daerah_id: the agency.
    :return: the account.
    """
    calon = db_session.execute(
        select(Pengguna).where(Pengguna.perangkat_daerah_id == perangkat_daerah_id)
        .order_by(Pengguna.terakhir_masuk_dt.desc()).limit(_CALON_PENGGUNA_UTAMA)
    ).scalars()
    return next((p for p in calon if Peran.UTAMA.value in (p.peran or ())), None)


def get_kop_laporan(perangkat_daerah_id: int) -> KopLaporan | None:
    """The letterhead an agency stored in Referensi, or None (configuration applies).

    :param perangkat_daerah_id: the agency.
    :return: the row.
    """
    return db_session.execute(
        select(KopLaporan).filter_by(perangkat_daerah_id=perangkat_daerah_id)).scalar_one_or_none()


def list_penandatangan(perangkat_daerah_id: int) -> list[Penandatangan]:
    """The signers an agency stored in Referensi (agency-level roles first, then unit heads).

    :param perangkat_daerah_id: the agency.
    :return: the rows.
    """
    return list(db_session.execute(select(Penandatangan).filter_by(perangkat_daerah_id=perangkat_daerah_id)
                                   .order_by(Penandatangan.peran, Penandatangan.unit_kerja_id)).scalars())


def load_identitas_laporan(perangkat_daerah_id: int) -> tuple[DataKop | None, tuple[DataPenandatangan, ...]]:
    """What an agency's printed reports say about it: letterhead and signers, as plain values.

    :param perangkat_daerah_id: the agency.
    :return: (the stored letterhead or None, the stored signers).
    """
    k = get_kop_laporan(perangkat_daerah_id)
    data_kop = None if k is None else DataKop(
        nama_daerah=k.nama_daerah, nama_instansi=k.nama_instansi, alamat=k.alamat, telepon=k.telepon,
        email=k.email, website=k.website, tempat_ttd=k.tempat_ttd)
    return data_kop, tuple(
        DataPenandatangan(peran=PeranPenandatangan(p.peran), nama=p.nama, nip=p.nip, jabatan=p.jabatan,
                          pangkat=p.pangkat, unit_kerja_id=p.unit_kerja_id)
        for p in list_penandatangan(perangkat_daerah_id))


def get_perangkat_daerah_kode(kode: str) -> PerangkatDaerah | None:
    """An agency by its code (e.g. ``BKPSDM``), or None.

    :param kode: the code.
    :return: the agency.
    """
    return db_session.execute(select(PerangkatDaerah).filter_by(kode=kode)).scalar_one_or_none()


def list_unit_untuk_portal() -> list[dict[str, str]]:
    """The unit kerja a portal may grant a Sekretariat/Bidang role for (the tile descriptor's
    ``unit_kerja``, read by the portal's Manajemen Akses Modul): active units of active agencies.

    :return: ``[{"kode", "nama", "perangkat_daerah_kode", "perangkat_daerah"}]`` by agency, then unit order.
    """
    rows = db_session.execute(
        select(UnitKerja.kode, UnitKerja.nama, PerangkatDaerah.kode, PerangkatDaerah.nama)
        .join(PerangkatDaerah, PerangkatDaerah.id == UnitKerja.perangkat_daerah_id)
        .where(UnitKerja.aktif.is_(True), PerangkatDaerah.aktif.is_(True))
        .order_by(PerangkatDaerah.nama, UnitKerja.urutan, UnitKerja.kode)).all()
    return [{"kode": kode, "nama": nama, "perangkat_daerah_kode": pd_kode, "perangkat_daerah": pd_nama}
            for kode, nama, pd_kode, pd_nama in rows]
