"""Write use-cases of Referensi: perangkat daerah and unit kerja, years, input windows, satuan and
the predikat scale. Nomenclature import lives in ``nomenklatur.py``.

Input windows, predikat scales and satuan exist at two levels: the kabupaten default (no
``perangkat_daerah_id``; written only with ``perangkat_daerah=None``, which the views allow only the
kabupaten admin) and an agency's own rows (its Pengguna Utama's changes: the first change of a
default window makes the agency's own copy, a scale saved by an agency is its own, a satuan an
agency adds is offered to it only). Nothing the plan refers to is ever hard-deleted: agencies and
units are deactivated.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from datetime import tzinfo
from decimal import Decimal

from sqlalchemy import delete
from sqlalchemy import or_
from sqlalchemy import select

from ..domain.errors import AksesDitolak
from ..domain.errors import NilaiTidakValid
from ..domain.identitas import PeranPenandatangan
from ..domain.identitas import bersihkan_nip_penandatangan
from ..domain.identitas import bersihkan_teks
from ..domain.periode import JendelaInput as JendelaDomain
from ..domain.periode import StatusJendela
from ..domain.periode import default_jendela
from ..domain.periode import periksa_batas_buka_kembali
from ..domain.predikat import WARNA_PREDIKAT
from ..domain.predikat import BandPredikat as BandDomain
from ..domain.predikat import SkalaPredikat as SkalaDomain
from ..extensions import db_session
from ..models import BandPredikat
from ..models import Indikator
from ..models import JendelaInput
from ..models import KopLaporan
from ..models import NodeRencana
from ..models import PembukaanJendela
from ..models import Penandatangan
from ..models import Pengguna
from ..models import PerangkatDaerah
from ..models import Sasaran
from ..models import Satuan
from ..models import SkalaPredikat
from ..models import Tahun
from ..models import UnitKerja
from .audit import record_audit
from .audit import snapshot
from .konkurensi import assert_versi
from .konkurensi import flush_or_conflict
from .pk import salin_pk
from .ringkasan import tandai_kotor

JENIS_UNIT = ("sekretariat", "bidang")


def _wajib(teks: str | None, nama: str, maks: int | None = None) -> str:
    teks = (teks or "").strip()
    if not teks:
        raise NilaiTidakValid(f"{nama} wajib diisi.")
    if maks is not None and len(teks) > maks:
        raise NilaiTidakValid(f"{nama} paling banyak {maks} karakter.")
    return teks


def save_perangkat_daerah(*, kode: str, nama: str, aktif: bool = True, perangkat_daerah: PerangkatDaerah | None = None,
                          oleh: Pengguna | None) -> PerangkatDaerah:
    """Add an agency, or rename / (de)activate ``perangkat_daerah`` (its code never changes: it is
    the portal's unit claim and the prefix of its units' codes).

    :param kode: short code, e.g. ``DINKES`` (letters, digits, ``-`` and ``_``); ignored when changing.
    :param nama: display name.
    :param aktif: False hides the agency from pickers, sign-in and the kabupaten dashboard; its history stays.
    :param perangkat_daerah: the agency to change; None adds one.
    :param oleh: who acts.
    :return: the agency.
    :raise NilaiTidakValid: for empty or over-long fields, a malformed code or one already in use.
    """
    nama = _wajib(nama, "Nama perangkat daerah", 255)
    if any(ord(c) < 32 or ord(c) == 127 for c in nama):
        raise NilaiTidakValid("Nama perangkat daerah tidak boleh memuat karakter kontrol.")
    if perangkat_daerah is None:
        kode = _wajib(kode, "Kode perangkat daerah", 32).upper()
        if not all(c.isascii() and (c.isalnum() or c in "-_") for c in kode):
            raise NilaiTidakValid("Kode perangkat daerah hanya boleh berisi huruf, angka, tanda - dan _ "
                                  "(contoh: DINKES).")
        lain = db_session.execute(select(PerangkatDaerah).filter_by(kode=kode)).scalar_one_or_none()
        if lain is not None:
            raise NilaiTidakValid(f"Kode perangkat daerah {kode} sudah dipakai oleh {lain.nama}.")
    fields = ("kode", "nama", "aktif")
    sebelum = snapshot(perangkat_daerah, fields) if perangkat_daerah else None
    if perangkat_daerah is None:
        perangkat_daerah = PerangkatDaerah(kode=kode)
        db_session.add(perangkat_daerah)
    perangkat_daerah.nama, perangkat_daerah.aktif = nama, aktif
    db_session.flush()
    record_audit(pengguna=oleh, aksi="ubah_perangkat_daerah" if sebelum else "tambah_perangkat_daerah",
                 objek=perangkat_daerah, sebelum=sebelum, sesudah=snapshot(perangkat_daerah, fields))
    return perangkat_daerah


def save_unit_kerja(
    *,
    perangkat_daerah: PerangkatDaerah,
    kode: str,
    nama: str,
    jenis: str,
    aktif: bool = True,
    unit: UnitKerja | None = None,
    oleh: Pengguna | None,
) -> UnitKerja:
    """Create a unit kerja, or change ``unit`` when given (deactivate with ``aktif=False``).

    :param perangkat_daerah: the agency the unit belongs to.
    :param kode: globally unique code, the value of the portal's ``unit_kerja`` claim.
    :param nama: display name.
    :param jenis: ``sekretariat`` or ``bidang``.
    :param aktif: False hides the unit from new plans; its history stays.
    :param unit: the unit to change; None creates one.
    :param oleh: who acts.
    :return: the unit.
    :raise NilaiTidakValid: for empty fields, an unknown jenis or a code already in use.
    """
    kode, nama = _wajib(kode, "Kode unit kerja", 64).upper(), _wajib(nama, "Nama unit kerja", 255)
    if jenis not in JENIS_UNIT:
        raise NilaiTidakValid("Jenis unit kerja harus Sekretariat atau Bidang.")
    lain = db_session.execute(select(UnitKerja).filter_by(kode=kode)).scalar_one_or_none()
    if lain is not None and lain is not unit:
        raise NilaiTidakValid(f"Kode unit kerja {kode} sudah dipakai oleh {lain.nama}.")
    fields = ("kode", "nama", "jenis", "aktif")
    sebelum = snapshot(unit, fields) if unit else None
    if unit is None:
        unit = UnitKerja(perangkat_daerah_id=perangkat_daerah.id)
        db_session.add(unit)
    unit.kode, unit.nama, unit.jenis, unit.aktif = kode, nama, jenis, aktif
    db_session.flush()
    record_audit(pengguna=oleh, aksi="ubah_unit_kerja" if sebelum else "tambah_unit_kerja", objek=unit,
                 sebelum=sebelum, sesudah=snapshot(unit, fields))
    return unit


def create_tahun(
    *, tahun: int, zona: tzinfo, salin_dari: Tahun | None = None, oleh: Pengguna | None
) -> Tahun:
    """Open a budget year with the default input windows, optionally copying the previous
    year's plan tree (sasaran, nodes, indicators and their attributes) without any numbers.

    :param tahun: the year, e.g. 2025.
    :param zona: the agency's time zone for the window deadlines.
    :param salin_dari: a year whose plan tree is copied; targets, pagu and realisasi are not.
    :param oleh: who acts.
    :return: the new year.
    :raise NilaiTidakValid: for a year outside 2000–2100 or one that exists already.
    """
    if not 2000 <= tahun <= 2100:
        raise NilaiTidakValid("Tahun harus antara 2000 dan 2100.")
    if db_session.execute(select(Tahun).filter_by(tahun=tahun)).scalar_one_or_none() is not None:
        raise NilaiTidakValid(f"Tahun {tahun} sudah ada.")
    baru = Tahun(tahun=tahun, aktif=True)
    db_session.add(baru)
    db_session.flush()
    for jendela in default_jendela(tahun, zona):
        db_session.add(JendelaInput(tahun_id=baru.id, triwulan=jendela.triwulan, dibuka_dt=jendela.dibuka,
                                    ditutup_dt=jendela.ditutup, status=jendela.status.value))
    if salin_dari is not None:
        peta_node, peta_indikator = _salin_pohon(salin_dari, baru)
        salin_pk(lama=salin_dari, baru=baru, peta_indikator=peta_indikator, peta_node=peta_node)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="tambah_tahun", objek=baru, sebelum=None,
                 sesudah={"tahun": tahun, "salin_dari": salin_dari.tahun if salin_dari else None})
    return baru


def _salin_pohon(lama: Tahun, baru: Tahun) -> tuple[dict[int, int], dict[int, int]]:
    """Copy sasaran, nodes and indicators of one year into another, with no numbers.

    :return: old → new ids of the nodes and of the indicators (the PK copy follows them).
    """
    peta_sasaran: dict[int, int] = {}
    for sasaran in db_session.execute(select(Sasaran).filter_by(tahun_id=lama.id)).scalars().all():
        salinan = Sasaran(perangkat_daerah_id=sasaran.perangkat_daerah_id, tahun_id=baru.id, kode=sasaran.kode,
                          uraian=sasaran.uraian, urutan=sasaran.urutan)
        db_session.add(salinan)
        db_session.flush()
        peta_sasaran[sasaran.id] = salinan.id
    peta_node: dict[int, int] = {}
    # Ordered by level so parents are copied before their children.
    urutan_level = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2}
    nodes = sorted(db_session.execute(select(NodeRencana).filter_by(tahun_id=lama.id)).scalars().all(),
                   key=lambda n: (urutan_level[n.level], n.id))
    for node in nodes:
        salinan = NodeRencana(
            tahun_id=baru.id, perangkat_daerah_id=node.perangkat_daerah_id, unit_kerja_id=node.unit_kerja_id,
            sasaran_id=peta_sasaran.get(node.sasaran_id), parent_id=peta_node.get(node.parent_id),
            nomenklatur_id=node.nomenklatur_id, level=node.level, kode=node.kode, nama=node.nama,
        )
        db_session.add(salinan)
        db_session.flush()
        peta_node[node.id] = salinan.id
    salinan_indikator = {}
    for ind in db_session.execute(select(Indikator).filter_by(tahun_id=lama.id)).scalars().all():
        salinan_indikator[ind.id] = Indikator(
            tahun_id=baru.id, perangkat_daerah_id=ind.perangkat_daerah_id, unit_kerja_id=ind.unit_kerja_id,
            sasaran_id=peta_sasaran.get(ind.sasaran_id), node_id=peta_node.get(ind.node_id), uraian=ind.uraian,
            satuan_id=ind.satuan_id, polaritas=ind.polaritas, agregasi=ind.agregasi,
            rumus_negatif=ind.rumus_negatif, urutan=ind.urutan,
        )
        db_session.add(salinan_indikator[ind.id])
    db_session.flush()
    return peta_node, {lama_id: ind.id for lama_id, ind in salinan_indikator.items()}


def update_jendela(
    *, jendela: JendelaInput, versi: int | None, dibuka: datetime, ditutup: datetime, status: StatusJendela,
    dibuka_kembali_sampai: datetime | None = None, alasan: str | None = None,
    perangkat_daerah: PerangkatDaerah | None, oleh: Pengguna | None
) -> JendelaInput:
    """Change a window's moments or state. Reopening for everyone needs a reason.

    For an agency, a kabupaten default is never changed: its first change makes the agency's own
    window for the triwulan (the default stays for every other agency).

    :param jendela: the window as shown (a kabupaten default or the agency's own).
    :param versi: version the form was opened with.
    :param dibuka: opening moment (aware).
    :param ditutup: deadline (aware).
    :param status: terbuka / ditutup / dibuka_kembali.
    :param dibuka_kembali_sampai: until when a reopened window stays open.
    :param alasan: required when the new status is dibuka_kembali.
    :param perangkat_daerah: the agency whose window changes; None = the kabupaten default (the
        kabupaten admin).
    :param oleh: who acts.
    :return: the window written (the agency's own on its first change).
    :raise NilaiTidakValid: for inconsistent moments or a reopening without reason.
    :raise AksesDitolak: for another agency's window, or an agency's window changed as a default.
    :raise KonflikData: when someone changed the window meanwhile.
    """
    pd_id = perangkat_daerah.id if perangkat_daerah is not None else None
    if jendela.perangkat_daerah_id is not None and jendela.perangkat_daerah_id != pd_id:
        raise AksesDitolak("Jendela input ini milik perangkat daerah lain.")
    assert_versi(jendela, versi)
    status = StatusJendela(status)
    if status is StatusJendela.DIBUKA_KEMBALI:
        alasan = _wajib(alasan, "Alasan membuka kembali jendela input", 1000)
    # Validates the combination (ordering, zones) with the domain's rules before storing it.
    JendelaDomain(tahun=jendela.tahun.tahun, triwulan=jendela.triwulan, dibuka=dibuka, ditutup=ditutup,
                  status=status, dibuka_kembali_sampai=dibuka_kembali_sampai)
    fields = ("dibuka_dt", "ditutup_dt", "status", "dibuka_kembali_sampai_dt")
    sebelum = snapshot(jendela, fields)
    if jendela.perangkat_daerah_id != pd_id:
        # The agency's first change: its own window, the kabupaten default untouched.
        jendela = JendelaInput(tahun_id=jendela.tahun_id, triwulan=jendela.triwulan, perangkat_daerah_id=pd_id)
        db_session.add(jendela)
    jendela.dibuka_dt, jendela.ditutup_dt, jendela.status = dibuka, ditutup, status.value
    jendela.dibuka_kembali_sampai_dt = dibuka_kembali_sampai
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_jendela", objek=jendela, sebelum=sebelum,
                 sesudah={**snapshot(jendela, fields), "perangkat_daerah_id": pd_id}, alasan=alasan)
    return jendela


def kembalikan_jendela_bawaan(*, jendela: JendelaInput, perangkat_daerah: PerangkatDaerah,
                              oleh: Pengguna | None) -> JendelaInput:
    """Drop an agency's own window: the kabupaten default applies to it again. Its reopenings for
    single units move to the default (they concern that agency's units only).

    :param jendela: the agency's own window.
    :param perangkat_daerah: the agency.
    :param oleh: who acts.
    :return: the kabupaten default that now applies.
    :raise AksesDitolak: when the window is not the agency's own.
    :raise NilaiTidakValid: when the year has no default for the triwulan.
    """
    if jendela.perangkat_daerah_id != perangkat_daerah.id:
        raise AksesDitolak("Hanya jendela input milik perangkat daerah sendiri yang dapat dikembalikan ke bawaan.")
    bawaan = db_session.execute(select(JendelaInput).where(
        JendelaInput.tahun_id == jendela.tahun_id, JendelaInput.triwulan == jendela.triwulan,
        JendelaInput.perangkat_daerah_id.is_(None))).scalar_one_or_none()
    if bawaan is None:
        raise NilaiTidakValid("Tahun ini belum memiliki jendela input bawaan kabupaten untuk triwulan tersebut.")
    for pembukaan in db_session.execute(select(PembukaanJendela).filter_by(jendela_id=jendela.id)).scalars():
        pembukaan.jendela_id = bawaan.id
    sebelum = {**snapshot(jendela, ("dibuka_dt", "ditutup_dt", "status", "dibuka_kembali_sampai_dt")),
               "perangkat_daerah_id": perangkat_daerah.id}
    db_session.flush()
    db_session.delete(jendela)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="kembalikan_jendela_bawaan", objek=bawaan, sebelum=sebelum,
                 sesudah={"perangkat_daerah_id": perangkat_daerah.id, "triwulan": bawaan.triwulan})
    return bawaan


def buka_jendela_untuk_unit(
    *, jendela: JendelaInput, unit_kerja: UnitKerja, sampai: datetime, alasan: str, now: datetime,
    oleh: Pengguna | None
) -> PembukaanJendela:
    """Reopen a window for one unit only, until ``sampai``; the reason is required and audited.

    :param jendela: the window.
    :param unit_kerja: the unit that may write again.
    :param sampai: until when (aware, after ``now``).
    :param alasan: why.
    :param now: the current moment.
    :param oleh: the Pengguna Utama.
    :return: the reopening record.
    :raise NilaiTidakValid: without a reason or with a moment in the past.
    """
    alasan = _wajib(alasan, "Alasan membuka kembali jendela input", 1000)
    periksa_batas_buka_kembali(sampai, now)
    pembukaan = PembukaanJendela(jendela_id=jendela.id, unit_kerja_id=unit_kerja.id, sampai_dt=sampai,
                                 alasan=alasan, oleh_id=oleh.id if oleh else None)
    db_session.add(pembukaan)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="buka_jendela_unit", objek=pembukaan, sebelum=None,
                 sesudah={"jendela_id": jendela.id, "triwulan": jendela.triwulan, "unit_kerja": unit_kerja.kode,
                          "sampai": sampai}, alasan=alasan)
    return pembukaan


def save_satuan(*, nama: str, aktif: bool = True, satuan: Satuan | None = None,
                perangkat_daerah: PerangkatDaerah | None, oleh: Pengguna | None) -> Satuan:
    """Create or rename/deactivate a satuan (unit of measure): on the kabupaten list
    (``perangkat_daerah=None``, the kabupaten admin) or as an agency's own addition.

    :param nama: the name.
    :param aktif: False stops offering it for new indicators.
    :param satuan: the satuan to change (of the same owner); None adds one.
    :param perangkat_daerah: the agency adding to its own list; None = the kabupaten list.
    :param oleh: who acts.
    :return: the satuan.
    :raise NilaiTidakValid: for an empty name or one the agency already has (kabupaten list included).
    :raise AksesDitolak: for a satuan of another owner.
    """
    pd_id = perangkat_daerah.id if perangkat_daerah is not None else None
    if satuan is not None and satuan.perangkat_daerah_id != pd_id:
        raise AksesDitolak("Satuan ini bukan milik Anda untuk diubah.")
    nama = _wajib(nama, "Nama satuan", 64)
    pemilik = (Satuan.perangkat_daerah_id.is_(None) if pd_id is None
               else or_(Satuan.perangkat_daerah_id.is_(None), Satuan.perangkat_daerah_id == pd_id))
    lain = db_session.execute(select(Satuan).where(Satuan.nama == nama, pemilik)).scalars().first()
    if lain is not None and lain is not satuan:
        raise NilaiTidakValid(f"Satuan {nama} sudah ada" + (" di daftar kabupaten." if lain.perangkat_daerah_id is None
                                                             else "."))
    sebelum = snapshot(satuan, ("nama", "aktif")) if satuan else None
    if satuan is None:
        satuan = Satuan(perangkat_daerah_id=pd_id)
        db_session.add(satuan)
    satuan.nama, satuan.aktif = nama, aktif
    db_session.flush()
    record_audit(pengguna=oleh, aksi="ubah_satuan" if sebelum else "tambah_satuan", objek=satuan,
                 sebelum=sebelum, sesudah={**snapshot(satuan, ("nama", "aktif")), "perangkat_daerah_id": pd_id})
    return satuan


def save_skala_predikat(
    *, nama: str, bands: Sequence[tuple[Decimal, str, str]], aktifkan: bool, oleh: Pengguna | None,
    batas_rerata: Decimal | None = None, perangkat_daerah: PerangkatDaerah | None,
) -> SkalaPredikat:
    """Store a predikat scale (replacing the bands of one with the same name and owner): a
    kabupaten scale (``perangkat_daerah=None``, the kabupaten admin) or an agency's own, which
    then measures that agency only.

    The bands are validated by the domain: ordered, non-overlapping, covering 0 to infinity.

    :param nama: name of the scale, e.g. ``Permendagri 86/2017``.
    :param bands: (lower bound, label, colour) triples in any order.
    :param aktifkan: make it the one active scale.
    :param oleh: who acts.
    :param batas_rerata: cap on capaian in group means and rankings (100..1000 percent), None = none.
    :param perangkat_daerah: the agency whose own scale this is; None = a kabupaten scale.
    :return: the stored scale.
    :raise SkalaPredikatTidakValid: for inconsistent bands or a cap outside 100..1000.
    """
    nama = _wajib(nama, "Nama skala predikat", 128)
    domain = SkalaDomain(tuple(sorted((BandDomain(b, label, warna) for b, label, warna in bands),
                                      key=lambda band: band.batas_bawah)), nama=nama, batas_rerata=batas_rerata)
    for band in domain.bands:
        _wajib(band.label, "Label predikat", 64)
        if band.warna not in WARNA_PREDIKAT:
            raise NilaiTidakValid(f"Warna predikat harus salah satu dari: {', '.join(WARNA_PREDIKAT.values())}.")
    pd_id = perangkat_daerah.id if perangkat_daerah is not None else None
    sama_pemilik = (SkalaPredikat.perangkat_daerah_id.is_(None) if pd_id is None
                    else SkalaPredikat.perangkat_daerah_id == pd_id)
    skala = db_session.execute(select(SkalaPredikat).where(SkalaPredikat.nama == nama, sama_pemilik)
                               ).scalar_one_or_none()
    sebelum = None
    if skala is None:
        skala = SkalaPredikat(nama=nama, aktif=False, perangkat_daerah_id=pd_id)
        db_session.add(skala)
        db_session.flush()
    else:
        sebelum = {"band": [[str(b.batas_bawah), b.label] for b in skala.band], "aktif": skala.aktif,
                   "batas_rerata": None if skala.batas_rerata is None else str(skala.batas_rerata)}
        db_session.execute(delete(BandPredikat).where(BandPredikat.skala_id == skala.id))
        db_session.expire(skala, ["band"])
    for band in domain.bands:
        db_session.add(BandPredikat(skala_id=skala.id, batas_bawah=band.batas_bawah, label=band.label,
                                    warna=band.warna))
    skala.batas_rerata = domain.batas_rerata
    if aktifkan:
        for lain in db_session.execute(select(SkalaPredikat).where(SkalaPredikat.id != skala.id,
                                                                   sama_pemilik)).scalars():
            lain.aktif = False
        skala.aktif = True
    db_session.flush()
    _ukur_ulang(pd_id)
    record_audit(pengguna=oleh, aksi="ubah_skala_predikat", objek=skala, sebelum=sebelum,
                 sesudah={"band": [[str(b.batas_bawah), b.label] for b in domain.bands], "aktif": skala.aktif,
                          "batas_rerata": None if domain.batas_rerata is None else str(domain.batas_rerata)})
    return skala


def _ukur_ulang(pd_id: int | None) -> None:
    """Means, predikat and rankings follow the scale: every agency's for a kabupaten scale, one
    agency's every year for its own."""
    if pd_id is None:
        tandai_kotor(None, None)
        return
    for tahun_id in db_session.execute(select(Tahun.id)).scalars():
        tandai_kotor(pd_id, tahun_id)


def kembalikan_skala_bawaan(*, perangkat_daerah: PerangkatDaerah, oleh: Pengguna | None) -> None:
    """Stop using the agency's own predikat scale: the kabupaten scale measures it again (its own
    scales stay stored, inactive, to be activated again by saving one).

    :param perangkat_daerah: the agency.
    :param oleh: who acts.
    """
    aktif = db_session.execute(select(SkalaPredikat).filter_by(perangkat_daerah_id=perangkat_daerah.id,
                                                               aktif=True)).scalars().all()
    for skala in aktif:
        skala.aktif = False
        record_audit(pengguna=oleh, aksi="kembalikan_skala_bawaan", objek=skala, sebelum={"aktif": True},
                     sesudah={"aktif": False})
    db_session.flush()
    if aktif:
        _ukur_ulang(perangkat_daerah.id)


KOLOM_KOP = ("nama_daerah", "nama_instansi", "alamat", "telepon", "email", "website", "tempat_ttd")
KOLOM_PENANDATANGAN = ("nama", "nip", "jabatan", "pangkat")


def save_kop_laporan(*, perangkat_daerah: PerangkatDaerah, isian: dict[str, str | None],
                     oleh: Pengguna | None) -> KopLaporan:
    """Store the letterhead of an agency's printed reports (fields left empty fall back to configuration).

    Every field is checked before anything changes, so a refused form saves nothing.

    :param perangkat_daerah: the agency.
    :param isian: the fields of :data:`KOLOM_KOP` as typed (missing = empty).
    :param oleh: who acts.
    :return: the stored row.
    :raise NilaiTidakValid: for a field longer than its column, or an e-mail without ``@``.
    """
    bersih = {kolom: bersihkan_teks(isian.get(kolom), kolom) for kolom in KOLOM_KOP}
    if bersih["email"] and ("@" not in bersih["email"] or " " in bersih["email"]):
        raise NilaiTidakValid("Email tidak valid (contoh: bkpsdm@paserkab.go.id).")
    kop = db_session.execute(select(KopLaporan).filter_by(perangkat_daerah_id=perangkat_daerah.id)).scalar_one_or_none()
    sebelum = snapshot(kop, KOLOM_KOP) if kop else None
    if kop is None:
        kop = KopLaporan(perangkat_daerah_id=perangkat_daerah.id)
        db_session.add(kop)
    for kolom, nilai in bersih.items():
        setattr(kop, kolom, nilai)
    db_session.flush()
    sesudah = snapshot(kop, KOLOM_KOP)
    if sebelum != sesudah:
        record_audit(pengguna=oleh, aksi="ubah_kop_laporan", objek=kop, sebelum=sebelum, sesudah=sesudah)
    return kop


def save_penandatangan(*, perangkat_daerah: PerangkatDaerah, peran: PeranPenandatangan,
                       unit_kerja: UnitKerja | None = None, nama: str | None, nip: str | None,
                       jabatan: str | None, pangkat: str | None, oleh: Pengguna | None) -> Penandatangan:
    """Store who signs an agency's reports in one role (one row per role, per unit for a unit head).

    An empty name prints a dotted line to sign over; an empty jabatan prints the default one.

    :param perangkat_daerah: the agency.
    :param peran: the role.
    :param unit_kerja: the unit, required for :attr:`PeranPenandatangan.KEPALA_UNIT` and only then.
    :param nama: name with titles.
    :param nip: the NIP (spaces and dots allowed); empty prints no NIP line.
    :param jabatan: the position as printed.
    :param pangkat: rank and grade, e.g. ``Pembina Utama Muda (IV/c)``.
    :param oleh: who acts.
    :return: the stored row.
    :raise NIPTidakValid: for a NIP the ``domain.nip`` rules refuse.
    :raise NilaiTidakValid: for an over-long field, or a unit that does not fit the role or the agency.
    """
    if (peran is PeranPenandatangan.KEPALA_UNIT) != (unit_kerja is not None):
        raise NilaiTidakValid("Pilih unit kerja untuk penandatangan kepala unit kerja (dan hanya untuk itu).")
    if unit_kerja is not None and unit_kerja.perangkat_daerah_id != perangkat_daerah.id:
        raise NilaiTidakValid("Unit kerja tidak ditemukan pada perangkat daerah ini.")
    bersih = {"nama": bersihkan_teks(nama, "nama"), "nip": bersihkan_nip_penandatangan(nip),
              "jabatan": bersihkan_teks(jabatan, "jabatan"), "pangkat": bersihkan_teks(pangkat, "pangkat")}
    unit_id = unit_kerja.id if unit_kerja is not None else None
    baris = db_session.execute(select(Penandatangan).filter_by(
        perangkat_daerah_id=perangkat_daerah.id, peran=peran.value, unit_kerja_id=unit_id)).scalar_one_or_none()
    sebelum = snapshot(baris, KOLOM_PENANDATANGAN) if baris else None
    if baris is None:
        baris = Penandatangan(perangkat_daerah_id=perangkat_daerah.id, peran=peran.value, unit_kerja_id=unit_id)
        db_session.add(baris)
    for kolom, nilai in bersih.items():
        setattr(baris, kolom, nilai)
    db_session.flush()
    sesudah = snapshot(baris, KOLOM_PENANDATANGAN)
    if sebelum != sesudah:
        record_audit(pengguna=oleh, aksi="ubah_penandatangan", objek=baris, sebelum=sebelum,
                     sesudah={"peran": peran.value, "unit_kerja_id": unit_id, **sesudah})
    return baris
