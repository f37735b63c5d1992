"""Measurement used for decisions (issue 16, item 7): the evaluation meeting of a triwulan's
measurement (*rapat evaluasi hasil pengukuran kinerja*), its findings per unit and indicator, the
decisions taken (reward, punishment, adjustment of strategy or target) with who follows up and by
when, and their status in the triwulans after.

The SAKIP evaluation (PermenPAN-RB 88/2021) asks that measurement results be *used*: this is the
record that shows it. Pure rules: the kinds and states, the date and text checks, who may do what,
the findings proposed from a measurement, and the plain values of the printed report.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from enum import Enum
from types import MappingProxyType

from .akses import Peran
from .akses import Subjek
from .angka import format_persen
from .errors import AksesDitolak
from .errors import NilaiTidakValid
from .periode import NAMA_TRIWULAN
from .periode import format_tanggal
from .predikat import BandPredikat
from .predikat import SkalaPredikat


class JenisKeputusan(Enum):
    """What a decision does with a result."""

    REWARD = "reward"
    PUNISHMENT = "punishment"
    PENYESUAIAN_STRATEGI = "penyesuaian_strategi"
    PENYESUAIAN_TARGET = "penyesuaian_target"
    LAINNYA = "lainnya"


LABEL_JENIS: Mapping[JenisKeputusan, str] = MappingProxyType({
    JenisKeputusan.REWARD: "Reward (penghargaan)",
    JenisKeputusan.PUNISHMENT: "Punishment (sanksi/teguran)",
    JenisKeputusan.PENYESUAIAN_STRATEGI: "Penyesuaian strategi",
    JenisKeputusan.PENYESUAIAN_TARGET: "Penyesuaian target",
    JenisKeputusan.LAINNYA: "Lainnya",
})


class StatusTindakLanjut(Enum):
    """Where the follow-up of a decision stands."""

    BELUM = "belum"
    DALAM_PROSES = "dalam_proses"
    SELESAI = "selesai"


LABEL_STATUS: Mapping[StatusTindakLanjut, str] = MappingProxyType({
    StatusTindakLanjut.BELUM: "Belum ditindaklanjuti",
    StatusTindakLanjut.DALAM_PROSES: "Dalam proses",
    StatusTindakLanjut.SELESAI: "Selesai",
})

#: Presentation key of each state (Bootstrap contextual class).
WARNA_STATUS: Mapping[StatusTindakLanjut, str] = MappingProxyType({
    StatusTindakLanjut.BELUM: "danger", StatusTindakLanjut.DALAM_PROSES: "warning",
    StatusTindakLanjut.SELESAI: "success",
})


class SumberTemuan(Enum):
    """Where a finding came from: proposed from the measurement, or typed by the Pengguna Utama."""

    PREDIKAT = "predikat"
    TERLAMBAT = "terlambat"
    MANUAL = "manual"


#: How many of the lowest bands of the active scale make a finding: under Permendagri 86/2017 the
#: two lowest are *Sangat Rendah* and *Rendah* (the issue's rule); another agency's scale keeps the
#: same meaning (its two lowest bands) without naming labels in code.
JUMLAH_BAND_TEMUAN = 2

#: Minutes (notulen) are documents or scans: PDF, DOCX, JPEG, PNG (a spreadsheet is no minutes).
MIME_NOTULEN = frozenset({
    "application/pdf", "image/jpeg", "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
})


def parse_jenis(nilai: str) -> JenisKeputusan:
    """The kind of decision from its form value.

    :raise NilaiTidakValid: for an unknown kind.
    """
    try:
        return JenisKeputusan(nilai)
    except ValueError:
        raise NilaiTidakValid("Jenis keputusan tidak dikenal.") from None


def parse_status(nilai: str) -> StatusTindakLanjut:
    """The follow-up state from its form value.

    :raise NilaiTidakValid: for an unknown state.
    """
    try:
        return StatusTindakLanjut(nilai)
    except ValueError:
        raise NilaiTidakValid("Status tindak lanjut tidak dikenal.") from None


def teks_wajib(teks: str | None, nama: str, maks: int) -> str:
    """A required text, trimmed.

    :raise NilaiTidakValid: empty, or longer than ``maks``.
    """
    teks = (teks or "").strip()
    if not teks:
        raise NilaiTidakValid(f"{nama} wajib diisi.")
    return teks_opsional(teks, nama, maks) or teks


def teks_opsional(teks: str | None, nama: str, maks: int) -> str | None:
    """An optional text, trimmed (None when empty).

    :raise NilaiTidakValid: longer than ``maks``.
    """
    teks = (teks or "").strip()
    if len(teks) > maks:
        raise NilaiTidakValid(f"{nama} paling banyak {maks} karakter.")
    return teks or None


def periksa_tanggal_rapat(tanggal: date | None, tahun: int) -> date:
    """A meeting about year ``tahun`` happens in that year or the next (TW IV is evaluated in January).

    :raise NilaiTidakValid: no date, or a date outside those two years.
    """
    if tanggal is None:
        raise NilaiTidakValid("Tanggal rapat wajib diisi.")
    if not tahun <= tanggal.year <= tahun + 1:
        raise NilaiTidakValid(f"Tanggal rapat evaluasi tahun {tahun} harus pada tahun {tahun} atau {tahun + 1}.")
    return tanggal


def periksa_batas_waktu(batas: date | None, tanggal_rapat: date) -> date:
    """The due date of a decision: required, not before the meeting that took it.

    :raise NilaiTidakValid: missing, or before the meeting.
    """
    if batas is None:
        raise NilaiTidakValid("Batas waktu tindak lanjut wajib diisi.")
    if batas < tanggal_rapat:
        raise NilaiTidakValid(f"Batas waktu tindak lanjut ({format_tanggal(batas)}) tidak boleh sebelum tanggal "
                              f"rapat ({format_tanggal(tanggal_rapat)}).")
    return batas


# --- access ------------------------------------------------------------------------------------


def boleh_mengelola_rapat(subjek: Subjek) -> bool:
    """Meetings, findings and decisions are the Pengguna Utama's to record."""
    return Peran.UTAMA in subjek.peran


def assert_boleh_mengelola_rapat(subjek: Subjek) -> None:
    """Raise unless :func:`boleh_mengelola_rapat`.

    :raise AksesDitolak: for anyone but the Pengguna Utama.
    """
    if not boleh_mengelola_rapat(subjek):
        raise AksesDitolak("Hanya Pengguna Utama yang dapat mencatat rapat evaluasi, temuan, dan keputusan.")


def boleh_ubah_status(subjek: Subjek, unit_kerja_id: int) -> bool:
    """The unit a decision is assigned to reports its follow-up; the Pengguna Utama may too.

    :param subjek: who acts.
    :param unit_kerja_id: the unit that follows the decision up.
    """
    if Peran.UTAMA in subjek.peran:
        return True
    return Peran.BIDANG in subjek.peran and subjek.unit_id is not None and subjek.unit_id == unit_kerja_id


def assert_boleh_ubah_status(subjek: Subjek, unit_kerja_id: int) -> None:
    """Raise unless :func:`boleh_ubah_status`.

    :raise AksesDitolak: Pimpinan, or a Bidang of another unit.
    """
    if not boleh_ubah_status(subjek, unit_kerja_id):
        raise AksesDitolak("Status tindak lanjut hanya dapat diubah oleh unit kerja yang ditugasi atau "
                           "Pengguna Utama.")


def boleh_melihat_unit(subjek: Subjek, unit_kerja_id: int | None) -> bool:
    """Utama and Pimpinan read every finding and decision; a Bidang those of its own unit."""
    if subjek.peran & {Peran.UTAMA, Peran.PIMPINAN}:
        return True
    return subjek.unit_id is not None and unit_kerja_id == subjek.unit_id


# --- findings proposed from the measurement ----------------------------------------------------


@dataclass(frozen=True)
class TemuanUsulan:
    """A finding proposed when a meeting record is created."""

    sumber: SumberTemuan
    unit_kerja_id: int | None
    indikator_id: int | None
    uraian: str


@dataclass(frozen=True)
class HasilRendah:
    """One indicator's measured figure for the triwulan (from ``domain.pengukuran``)."""

    indikator_id: int
    unit_kerja_id: int | None
    uraian: str
    capaian: Decimal | None
    predikat: BandPredikat | None
    belum_diverifikasi: bool = False


@dataclass(frozen=True)
class UnitTerlambat:
    """A unit that had not submitted, or not been verified, when its deadline passed."""

    unit_kerja_id: int
    unit_nama: str
    status: str
    batas: datetime


def band_temuan(skala: SkalaPredikat) -> frozenset[str]:
    """The labels of the bands that make a finding: the :data:`JUMLAH_BAND_TEMUAN` lowest."""
    return frozenset(b.label for b in skala.bands[:JUMLAH_BAND_TEMUAN])


_KEADAAN = {"draf": "belum diajukan", "dikembalikan": "dikembalikan dan belum diajukan ulang",
            "diajukan": "sudah diajukan tetapi belum diverifikasi"}


def _tampak(capaian: Decimal | None) -> Decimal | None:
    # Negative results of the negatif formula are displayed clamped at 0 (DOMAIN.md).
    return None if capaian is None else max(capaian, Decimal(0))


def usulkan_temuan(*, triwulan: int, hasil: Iterable[HasilRendah], skala: SkalaPredikat,
                   terlambat: Iterable[UnitTerlambat], format_batas) -> list[TemuanUsulan]:
    """Findings proposed for a triwulan's meeting: each indicator whose predikat to date falls in the
    lowest bands (:func:`band_temuan`), then each unit late with its realisasi.

    :param triwulan: 1..4.
    :param hasil: the measured indicators of the agency for the triwulan.
    :param skala: the predikat scale used.
    :param terlambat: the late units.
    :param format_batas: formats a deadline (``domain.alur.format_batas``).
    :return: the proposals, indicators first (in plan order), then units.
    """
    rendah = band_temuan(skala)
    nama_tw = f"Triwulan {NAMA_TRIWULAN[triwulan - 1]}"
    usulan = []
    for h in hasil:
        if h.predikat is None or h.predikat.label not in rendah:
            continue
        catatan = " Data belum diverifikasi." if h.belum_diverifikasi else ""
        usulan.append(TemuanUsulan(
            SumberTemuan.PREDIKAT, h.unit_kerja_id, h.indikator_id,
            f"Capaian \u201c{h.uraian}\u201d s.d. {nama_tw}: {format_persen(_tampak(h.capaian))} "
            f"(predikat {h.predikat.label}).{catatan}"))
    for u in terlambat:
        usulan.append(TemuanUsulan(
            SumberTemuan.TERLAMBAT, u.unit_kerja_id, None,
            f"Realisasi {nama_tw} {u.unit_nama} {_KEADAAN.get(u.status, u.status)} sampai batas "
            f"input ({format_batas(u.batas)})."))
    return usulan


def unit_terlambat(*, unit: Sequence[tuple[int, str]], status: Mapping[int, str],
                   batas: Mapping[int, datetime | None], now: datetime) -> list[UnitTerlambat]:
    """Units whose deadline for the triwulan has passed at ``now`` without a verified triwulan.

    :param unit: (id, name) of the agency's active units.
    :param status: the triwulan's status per unit (absent: draf).
    :param batas: each unit's own deadline (None: no window).
    :param now: the moment of the proposal (aware).
    """
    hasil = []
    for unit_id, nama in unit:
        keadaan = status.get(unit_id, "draf")
        tenggat = batas.get(unit_id)
        if keadaan != "terverifikasi" and tenggat is not None and tenggat < now:
            hasil.append(UnitTerlambat(unit_id, nama, keadaan, tenggat))
    return hasil


# --- the printed report ------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisTemuan:
    """A finding as printed."""

    unit: str
    indikator: str
    uraian: str


@dataclass(frozen=True)
class BarisKeputusan:
    """A decision as printed, with its follow-up."""

    asal: str
    jenis: str
    uraian: str
    unit: str
    penanggung_jawab: str
    batas_waktu: date
    status: str
    catatan: str


@dataclass(frozen=True)
class LaporanTindakLanjut:
    """The *Laporan Tindak Lanjut Hasil Pengukuran Kinerja* of one meeting."""

    perangkat_daerah: str
    tahun: int
    triwulan: int
    tanggal: date
    tempat: str
    pimpinan_rapat: str
    peserta: tuple[str, ...]
    notulen: str | None
    temuan: tuple[BarisTemuan, ...]
    keputusan: tuple[BarisKeputusan, ...]
    #: Decisions of earlier triwulans not yet finished, carried into this meeting.
    bawaan: tuple[BarisKeputusan, ...]

    @property
    def judul(self) -> str:
        """The report's title."""
        return "LAPORAN TINDAK LANJUT HASIL PENGUKURAN KINERJA"

    @property
    def periode(self) -> str:
        """``Triwulan I Tahun 2024``."""
        return f"Triwulan {NAMA_TRIWULAN[self.triwulan - 1]} Tahun {self.tahun}"


def daftar_peserta(teks: str | None) -> tuple[str, ...]:
    """The participants typed one per line (or separated by semicolons), blanks dropped."""
    bagian = (teks or "").replace(";", "\n").splitlines()
    return tuple(p.strip() for p in bagian if p.strip())


def label_asal(tahun: int, triwulan: int) -> str:
    """``TW I 2024``: where a carried-forward decision was taken."""
    return f"TW {NAMA_TRIWULAN[triwulan - 1]} {tahun}"
