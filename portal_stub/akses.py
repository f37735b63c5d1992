"""Write operations of Manajemen Akses Modul: every change is audited; nothing here commits.

The caller (a view or a CLI command) commits once, so a change and its audit record are one
transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from sipekerja_module.domain.errors import NIPTidakValid
from sipekerja_module.domain.nip import parse_nip

from .extensions import db
from .models import PERAN_MODUL
from .models import AksesModul
from .models import AuditAkses
from .models import Pegawai


class AksesTidakValid(Exception):
    """A request of Manajemen Akses Modul that cannot be carried out; ``pesan`` is Indonesian."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan


def _audit(*, oleh: Pegawai | None, aksi: str, pegawai: Pegawai, sebelum: dict | None, sesudah: dict | None) -> None:
    db.session.add(AuditAkses(
        oleh_id=oleh.id if oleh else None,
        oleh_nip=oleh.nip if oleh else None,
        aksi=aksi,
        pegawai_nip=pegawai.nip,
        sebelum=sebelum,
        sesudah=sesudah,
    ))


def find_pegawai_by_nip(nip: str) -> Pegawai | None:
    """Return the pegawai with this NIP (spaces and dots ignored), or None.

    :raise NIPTidakValid: if ``nip`` is not a well-formed NIP
    """
    return db.session.scalar(select(Pegawai).filter_by(nip=parse_nip(nip).nilai))


def list_pegawai(cari: str = "", *, batas: int = 200) -> list[Pegawai]:
    """Pegawai whose NIP, name, jabatan or unit contains ``cari``, ordered by name.

    :param cari: free text; empty lists everyone (up to ``batas``)
    :param batas: the most rows returned
    :return: the matching pegawai with their grants loaded
    """
    query = select(Pegawai).options(selectinload(Pegawai.akses)).order_by(Pegawai.nama).limit(batas)
    cari = cari.strip()
    if cari:
        digit = cari.replace(" ", "").replace(".", "")
        # A NIP typed with spaces or dots should still match the stored 18 digits.
        pola = f"%{digit if digit.isdigit() else cari}%"
        query = query.where(or_(
            Pegawai.nip.like(pola), Pegawai.nama.ilike(pola), Pegawai.jabatan.ilike(pola), Pegawai.unit_kode.ilike(pola)
        ))
    return list(db.session.scalars(query))


def tambah_pegawai(
    *,
    nip: str,
    nama: str,
    jabatan: str,
    unit_kode: str | None,
    password: str,
    is_admin: bool = False,
    oleh: Pegawai | None,
    unit_dikenal: Collection[str] | None = None,
) -> Pegawai:
    """Add a pegawai who can sign in to the portal (flushes).

    :param nip: the NIP as typed; validated by the domain rules and stored as 18 digits
    :param password: the initial password (stored as a scrypt hash)
    :param oleh: the admin doing it (None for the demo command)
    :param unit_dikenal: the unit (and agency) codes the module knows; another code is refused
        (None: not checked)
    :return: the new pegawai
    :raise NIPTidakValid: if the NIP is malformed
    :raise AksesTidakValid: if the NIP is taken, the name or password is missing, or the unit unknown
    """
    nilai = parse_nip(nip).nilai
    periksa_unit((unit_kode or "").strip().upper() or None, unit_dikenal, label="unit")
    if db.session.scalar(select(Pegawai.id).filter_by(nip=nilai)) is not None:
        raise AksesTidakValid(f"Pegawai dengan NIP {nilai} sudah terdaftar.")
    if not nama.strip():
        raise AksesTidakValid("Nama pegawai wajib diisi.")
    if len(password) < 8:
        raise AksesTidakValid("Kata sandi minimal 8 karakter.")
    pegawai = Pegawai(nip=nilai, nama=nama.strip(), jabatan=jabatan.strip(),
                      unit_kode=(unit_kode or "").strip().upper() or None, is_admin=is_admin)
    pegawai.set_password(password)
    db.session.add(pegawai)
    db.session.flush()
    _audit(oleh=oleh, aksi="tambah_pegawai", pegawai=pegawai, sebelum=None,
           sesudah={"nama": pegawai.nama, "jabatan": pegawai.jabatan, "unit_kode": pegawai.unit_kode})
    db.session.flush()
    return pegawai


def periksa_unit(unit_kode: str | None, unit_dikenal: Collection[str] | None, *, label: str = "unit kerja") -> None:
    """Refuse a unit code the module does not know (free text that matches no unit).

    :param unit_kode: the code as normalised (upper case), or None.
    :param unit_dikenal: the codes the module offers (the tile descriptor's ``unit_kerja``); None
        when the module offers no list (nothing to check against).
    :param label: what the code names, for the message.
    :raise AksesTidakValid: when the code is not in the list.
    """
    if unit_kode and unit_dikenal is not None and unit_kode not in unit_dikenal:
        raise AksesTidakValid(f"Kode {label} {unit_kode} tidak dikenal SIPEKERJA. Pilih unit kerja dari daftar "
                              "(unit ditambahkan oleh Pengguna Utama di Referensi SIPEKERJA).")


def beri_akses(*, pegawai: Pegawai, modul: str, peran: str, unit_kode: str | None, oleh: Pegawai | None,
               unit_dikenal: Collection[str] | None = None) -> AksesModul:
    """Grant ``peran`` in ``modul`` to ``pegawai``, replacing any earlier grant (flushes).

    :param peran: ``utama``, ``bidang`` or ``pimpinan``
    :param unit_kode: the unit kerja code; required for ``bidang`` and ignored otherwise
    :param oleh: the admin doing it (None for the demo command)
    :param unit_dikenal: the unit codes the module knows; a ``bidang`` unit outside it is refused
        (None: not checked, e.g. a module that offers no list)
    :return: the grant
    :raise AksesTidakValid: for an unknown role, a bidang grant without a unit or with a unit the
        module does not know
    """
    if peran not in PERAN_MODUL:
        raise AksesTidakValid(f"Peran {peran!r} tidak dikenal.")
    unit_kode = (unit_kode or "").strip().upper() or None
    if peran == "bidang" and not unit_kode:
        raise AksesTidakValid("Peran Sekretariat/Bidang wajib disertai kode unit kerja.")
    if peran == "bidang":
        periksa_unit(unit_kode, unit_dikenal)
    if peran != "bidang":
        unit_kode = None
    akses = pegawai.akses_modul(modul)
    sebelum = akses.as_dict() if akses else None
    if akses is None:
        akses = AksesModul(modul=modul, peran=peran)
        pegawai.akses.append(akses)
    akses.peran = peran
    akses.unit_kode = unit_kode
    akses.diberikan_oleh_id = oleh.id if oleh else None
    db.session.flush()
    if sebelum != akses.as_dict():
        _audit(oleh=oleh, aksi="beri_akses", pegawai=pegawai, sebelum=sebelum, sesudah=akses.as_dict())
        db.session.flush()
        _beri_tahu_modul(pegawai, modul)
    return akses


def cabut_akses(*, pegawai: Pegawai, modul: str, oleh: Pegawai | None) -> None:
    """Revoke ``pegawai``'s role in ``modul`` (flushes); the module's sign-ins of that pegawai end now.

    :raise AksesTidakValid: if the pegawai has no role in the module
    """
    akses = pegawai.akses_modul(modul)
    if akses is None:
        raise AksesTidakValid(f"{pegawai.nama} tidak memiliki akses {modul.upper()}.")
    sebelum = akses.as_dict()
    pegawai.akses.remove(akses)
    db.session.flush()
    _audit(oleh=oleh, aksi="cabut_akses", pegawai=pegawai, sebelum=sebelum, sesudah=None)
    db.session.flush()
    _beri_tahu_modul(pegawai, modul)


def _beri_tahu_modul(pegawai: Pegawai, modul: str) -> None:
    """Tell the installed modules that ``pegawai``'s access to ``modul`` changed, so they end
    the sign-ins that carry the old roles (each hook flushes in this same transaction)."""
    for hook in current_app.extensions.get("simpadu_akses_berubah", ()):
        hook(pegawai.nip, modul)


def list_audit(*, batas: int = 50) -> list[AuditAkses]:
    """The latest audit records, newest first."""
    return list(db.session.scalars(select(AuditAkses).order_by(AuditAkses.id.desc()).limit(batas)))


def nama_per_nip(nips: Iterable[str | None]) -> dict[str, str]:
    """Names of the pegawai with these NIPs (for the audit log in words)."""
    daftar = {n for n in nips if n}
    if not daftar:
        return {}
    return dict(db.session.execute(select(Pegawai.nip, Pegawai.nama).where(Pegawai.nip.in_(daftar))).all())


#: The audit log's actions in words.
AKSI = {"tambah_pegawai": "menambahkan pegawai", "beri_akses": "memberi akses", "cabut_akses": "mencabut akses"}


def uraian_akses(isi: dict | None, label_peran: dict[str, str]) -> str:
    """A grant or a pegawai record of the audit log in words (``Sekretariat/Bidang SIPEKERJA · BKPSDM-PPIK``).

    :param isi: the ``sebelum`` / ``sesudah`` of an audit record, or None.
    :param label_peran: role → label.
    :return: the text, "—" for nothing.
    """
    if not isi:
        return "—"
    if "peran" in isi:
        teks = f"{label_peran.get(isi['peran'], isi['peran'])} {str(isi.get('modul') or '').upper()}".strip()
        return f"{teks} · unit {isi['unit_kode']}" if isi.get("unit_kode") else teks
    unit = f"unit {isi['unit_kode']}" if isi.get("unit_kode") else ""
    bagian = [isi.get("nama") or "", isi.get("jabatan") or "", unit]
    return " · ".join(b for b in bagian if b) or "—"


__all__ = [
    "AksesTidakValid",
    "NIPTidakValid",
    "beri_akses",
    "cabut_akses",
    "find_pegawai_by_nip",
    "list_audit",
    "list_pegawai",
    "nama_per_nip",
    "periksa_unit",
    "tambah_pegawai",
    "uraian_akses",
]
