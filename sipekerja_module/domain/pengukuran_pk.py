"""Pengukuran Kinerja per level (*Tingkatan Pengukuran Kinerja*, issue 16 item 3): the Kepala's PK
(sasaran strategis + IKU), the Sekretaris' and each Kepala Bidang's PK, per triwulan and per year.

Pure: it takes the PK as plain values (``domain.pk``) and the measurement of the plan indicators
for each period (:class:`UkuranRencana`, made from ``domain.pengukuran.HasilIndikator`` by
:func:`ukuran_dari_hasil`), and returns frozen values that the page, the PDF and the XLSX only
format.

Where a PK indicator's figure comes from (printed as the *sumber*):

- **dari indikator rencana**: the PK indicator is linked to the plan indicator that measures it
  (``IndikatorPK.indikator_id``). Its target to date, realisasi, capaian (to date and against the
  annual target), predikat, "data s.d. <bulan>" and "belum diverifikasi" are that indicator's for
  the period, exactly as ``domain.pengukuran`` measures it (like with like: reported months against
  the targets of the same months). A belum lapor plan indicator makes the PK indicator belum lapor;
  it is never replaced by a mean of other indicators.
- **rata-rata N indikator pendukung**: a PK indicator without a plan link is measured by the
  indicators that support it along the cascade (``IndikatorPK.induk_id``), recursively (a
  supporting indicator without a link is itself the mean of its own supporters). Roll-up rule —
  the one of ``domain.pengukuran`` (DOMAIN.md "Roll-up"; no regulation):
  :func:`~.predikat.rangkum_capaian`, the plain mean of the supporters' capaian *as displayed*
  (clamped at 0, rounded, capped by the scale's ``batas_rerata`` when it has one); supporters that
  are belum lapor or undefined are left out and counted ("2 dari 3 indikator pendukung"). Without a
  cap this equals ``domain.pk.rata_rata_anak`` of the pohon kinerja up to the rounding of each
  supporter. **Like with like**: capaian to date is the mean of the supporters' capaian to date,
  capaian against the annual target the mean of theirs against their annual targets; the two
  kinds are never mixed. What is averaged are *capaian* (percent of target achieved, polarity
  already applied), never realisasi: the supporters' realisasi have other satuan, so such a row
  shows no target to date and no realisasi ("–"), only capaian and predikat, and says so.
- nothing: no link and no measured supporter: "–", never 0%.

Sasaran and the whole PK get the same roll-up of their own indicators' displayed figures, with the
count per predikat (``Ringkasan``).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .akses import Subjek
from .capaian import Target
from .capaian import format_target
from .capaian import tampilkan_capaian
from .data_rencana import DataRencana
from .errors import NilaiTidakValid
from .pengukuran import HasilIndikator
from .pengukuran import hitung_pengukuran
from .pengukuran import label_data_sd
from .periode import Periode
from .pk import IndikatorPKData
from .pk import JabatanData
from .pk import SasaranPKData
from .pk import boleh_melihat_jabatan
from .pohon import pohon_rencana
from .predikat import BandPredikat
from .predikat import Ringkasan
from .predikat import SkalaPredikat
from .predikat import rangkum_capaian
from .predikat import tentukan_predikat

#: ``?tingkat=`` of the budget nomenclature (Sasaran → Program → Kegiatan → Sub Kegiatan), the default.
TINGKAT_ANGGARAN = "anggaran"
LABEL_ANGGARAN = "Anggaran (rincian kegiatan)"
#: The *sumber* printed beside a figure taken from the linked plan indicator.
SUMBER_RENCANA = "dari indikator rencana"
#: Beside a figure that counts a month not verified yet (as ``reports.tables.BELUM_DIVERIFIKASI``).
BELUM_DIVERIFIKASI = "belum diverifikasi"
#: The periods of the per-triwulan summary: TW I–IV and the year.
PERIODE_RINGKAS: tuple[Periode, ...] = (*(Periode.triwulanan(t) for t in range(1, 5)), Periode.tahunan())


# --- the level selector ------------------------------------------------------------------------


@dataclass(frozen=True)
class PilihanTingkat:
    """One option of the *Tingkat* selector: ``kode`` for ``?tingkat=``, the label as shown."""

    kode: str
    label: str
    jabatan_id: int | None = None


def label_tingkat(jabatan: JabatanData) -> str:
    """The label of a PK level: ``PK Kepala (sasaran strategis + IKU)`` for the head of the agency,
    ``PK <jabatan>`` below it (``PK Sekretaris``, ``PK Kepala Bidang Mutasi dan Promosi``).

    :param jabatan: the position.
    :return: the label.
    """
    if jabatan.parent_id is None:
        return "PK Kepala (sasaran strategis + IKU)"
    return f"PK {jabatan.nama}"


def pilihan_tingkat(jabatan: Sequence[JabatanData], subjek: Subjek) -> tuple[PilihanTingkat, ...]:
    """The levels a user may ask for: the budget nomenclature, then every position with a PK that
    the user may read (``domain.pk.boleh_melihat_jabatan``: Utama and Pimpinan every one, a Bidang
    its own unit's and the Kepala's), in the order of the positions.

    :param jabatan: the agency-year's positions (``queries.pk.list_jabatan``: the head first).
    :param subjek: who is asking.
    :return: the options, the budget nomenclature first.
    """
    return (PilihanTingkat(TINGKAT_ANGGARAN, LABEL_ANGGARAN),
            *(PilihanTingkat(str(j.id), label_tingkat(j), j.id) for j in jabatan
              if j.pk_id is not None and boleh_melihat_jabatan(subjek, j)))


def parse_tingkat(teks: str | None) -> int | None:
    """``?tingkat=``: empty or ``anggaran`` → None (the budget nomenclature), digits → a position id.

    :param teks: the parameter as sent.
    :return: the position id, or None.
    :raise NilaiTidakValid: for anything else.
    """
    teks = (teks or "").strip()
    if teks in ("", TINGKAT_ANGGARAN):
        return None
    if not teks.isascii() or not teks.isdigit() or len(teks) > 12:
        raise NilaiTidakValid("Tingkat pengukuran tidak dikenal. Pilih Anggaran atau Perjanjian Kinerja salah satu "
                              "jabatan.")
    return int(teks)


# --- inputs: the plan indicators' measurement --------------------------------------------------


@dataclass(frozen=True)
class UkuranRencana:
    """The measured figures of one plan indicator for one period (raw, as ``domain.pengukuran``)."""

    target_sd: Decimal | Target | None
    target_tahunan: Target | None
    realisasi_sd: Decimal | None
    #: Unclamped, unrounded; None when undefined or belum lapor.
    capaian_sd: Decimal | None
    capaian_tahunan: Decimal | None
    belum_lapor: bool
    #: The last reported month when it is before the period's end.
    data_sd: int | None = None
    belum_diverifikasi: bool = False


def ukuran_dari_hasil(hasil: HasilIndikator) -> UkuranRencana:
    """The figures of a plan indicator's measurement that a PK level uses.

    :param hasil: one indicator of ``hitung_pengukuran(...).per_indikator``.
    :return: its figures.
    """
    c = hasil.capaian
    return UkuranRencana(target_sd=c.target_sd, target_tahunan=c.target_tahunan, realisasi_sd=c.realisasi_sd,
                         capaian_sd=hasil.capaian_sd_mentah, capaian_tahunan=hasil.capaian_tahunan_mentah,
                         belum_lapor=hasil.belum_lapor, data_sd=hasil.data_sd,
                         belum_diverifikasi=hasil.belum_diverifikasi)


# --- outputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NilaiPK:
    """One PK indicator's figures for one period."""

    #: ``"rencana"`` (the linked plan indicator), ``"kaskade"`` (mean of supporters) or None (nothing).
    sumber: str | None
    target_sd: Decimal | Target | None = None
    realisasi_sd: Decimal | None = None
    #: For roll-ups: unclamped (``"rencana"``) or the mean (``"kaskade"``); None when not measured.
    capaian_sd_mentah: Decimal | None = None
    capaian_tahunan_mentah: Decimal | None = None
    predikat_sd: BandPredikat | None = None
    predikat_tahunan: BandPredikat | None = None
    belum_lapor: bool = False
    data_sd: int | None = None
    belum_diverifikasi: bool = False
    #: For ``"kaskade"``: supporters whose capaian to date entered the mean, and all supporters.
    jumlah_terukur: int = 0
    jumlah_pendukung: int = 0
    #: The linked plan indicator's annual target (for the note when it differs from the PK's).
    target_tahunan_rencana: Target | None = None

    @property
    def capaian_sd(self) -> Decimal | None:
        """Capaian to date as displayed (clamped at 0), None when not measured."""
        return tampilkan_capaian(self.capaian_sd_mentah)

    @property
    def capaian_tahunan(self) -> Decimal | None:
        """Capaian against the annual target as displayed (clamped at 0)."""
        return tampilkan_capaian(self.capaian_tahunan_mentah)

    @property
    def label_sumber(self) -> str:
        """``dari indikator rencana``, ``rata-rata 2 indikator pendukung`` (``2 dari 3`` when some
        were left out), ``tanpa indikator rencana dan pendukung terukur`` or ``""``."""
        if self.sumber == "rencana":
            return SUMBER_RENCANA
        if self.sumber == "kaskade":
            if self.jumlah_terukur == self.jumlah_pendukung:
                return f"rata-rata {self.jumlah_terukur} indikator pendukung"
            return f"rata-rata {self.jumlah_terukur} dari {self.jumlah_pendukung} indikator pendukung"
        if self.jumlah_pendukung:
            return f"{self.jumlah_pendukung} indikator pendukung belum terukur"
        return "tanpa indikator rencana dan indikator pendukung"

    @property
    def label_data_sd(self) -> str | None:
        """``data s.d. Agustus`` when the figure stops before the period's end."""
        return label_data_sd(self.data_sd)


def keterangan_nilai(nilai: NilaiPK, target_pk: Target | None) -> str:
    """The Keterangan of a PK indicator's row: its source, then "data s.d. <bulan>", "belum
    diverifikasi", and a note when the plan indicator's annual target differs from the PK's.

    :param nilai: the figures.
    :param target_pk: the PK indicator's annual target.
    :return: the text.
    """
    bagian = [nilai.label_sumber]
    if nilai.sumber == "kaskade":
        bagian.append("capaian saja (satuan berbeda)")
    if nilai.label_data_sd:
        bagian.append(nilai.label_data_sd)
    if nilai.belum_diverifikasi:
        bagian.append(BELUM_DIVERIFIKASI)
    rencana = nilai.target_tahunan_rencana
    if nilai.sumber == "rencana" and target_pk is not None and rencana is not None and rencana != target_pk:
        bagian.append(f"target tahunan indikator rencana {format_target(rencana)}")
    return "; ".join(b for b in bagian if b)


@dataclass(frozen=True)
class IndikatorUkurPK:
    """A PK indicator with its figures for the chosen period and for TW I–IV and the year."""

    indikator: IndikatorPKData
    nilai: NilaiPK
    #: In the order of :data:`PERIODE_RINGKAS`.
    per_periode: tuple[NilaiPK, ...]

    @property
    def keterangan(self) -> str:
        """:func:`keterangan_nilai` of the chosen period."""
        return keterangan_nilai(self.nilai, self.indikator.target)


@dataclass(frozen=True)
class RollUp:
    """The roll-up of some PK indicators for one period: both kinds of capaian, never mixed."""

    ringkasan_sd: Ringkasan
    ringkasan_tahunan: Ringkasan
    predikat_sd: BandPredikat | None
    predikat_tahunan: BandPredikat | None

    @property
    def capaian_sd(self) -> Decimal | None:
        """Mean capaian to date as displayed."""
        return tampilkan_capaian(self.ringkasan_sd.rata_rata)

    @property
    def capaian_tahunan(self) -> Decimal | None:
        """Mean capaian against the annual targets as displayed."""
        return tampilkan_capaian(self.ringkasan_tahunan.rata_rata)

    @property
    def keterangan(self) -> str:
        """``2 indikator tidak dihitung`` when some are left out of the mean, else ``""``."""
        n = self.ringkasan_sd.jumlah_belum_terukur
        return f"{n} indikator tidak dihitung (belum lapor/tanpa target)" if n else ""


@dataclass(frozen=True)
class SasaranUkurPK:
    """A sasaran of the PK with its indicators and their roll-up."""

    sasaran: SasaranPKData
    indikator: tuple[IndikatorUkurPK, ...]
    rollup: RollUp
    #: In the order of :data:`PERIODE_RINGKAS`.
    rollup_per_periode: tuple[RollUp, ...]


@dataclass(frozen=True)
class PengukuranPK:
    """The measurement of one PK level for a period, with the per-triwulan summary."""

    jabatan: JabatanData
    periode: Periode
    skala: SkalaPredikat
    sasaran: tuple[SasaranUkurPK, ...]
    total: RollUp
    total_per_periode: tuple[RollUp, ...]
    periode_ringkas: tuple[Periode, ...] = PERIODE_RINGKAS

    @property
    def tingkat_instansi(self) -> bool:
        """True for the head of the agency's PK (its sasaran are the sasaran strategis)."""
        return self.jabatan.parent_id is None

    @property
    def label(self) -> str:
        """:func:`label_tingkat` of the position."""
        return label_tingkat(self.jabatan)


# --- measuring ---------------------------------------------------------------------------------


def _nilai_rencana(ukuran: UkuranRencana, skala: SkalaPredikat) -> NilaiPK:
    return NilaiPK(
        sumber="rencana", target_sd=ukuran.target_sd, realisasi_sd=None if ukuran.belum_lapor else ukuran.realisasi_sd,
        capaian_sd_mentah=ukuran.capaian_sd, capaian_tahunan_mentah=ukuran.capaian_tahunan,
        predikat_sd=tentukan_predikat(ukuran.capaian_sd, skala),
        predikat_tahunan=tentukan_predikat(ukuran.capaian_tahunan, skala), belum_lapor=ukuran.belum_lapor,
        data_sd=ukuran.data_sd, belum_diverifikasi=ukuran.belum_diverifikasi,
        target_tahunan_rencana=ukuran.target_tahunan)


class _Pengukur:
    """Measures PK indicators for one period, each once (memo), guarding against a stored cycle."""

    def __init__(self, indikator: Sequence[IndikatorPKData], ukuran: Mapping[int, UkuranRencana],
                 skala: SkalaPredikat) -> None:
        self.per_id = {i.id: i for i in indikator}
        self.anak: dict[int, list[int]] = {}
        for i in indikator:
            if i.induk_id is not None:
                self.anak.setdefault(i.induk_id, []).append(i.id)
        self.ukuran, self.skala = ukuran, skala
        self.memo: dict[int, NilaiPK] = {}

    def nilai(self, indikator_id: int, jalur: frozenset[int] = frozenset()) -> NilaiPK:
        """The figures of one PK indicator (see the module docstring for the rule)."""
        if indikator_id in self.memo:
            return self.memo[indikator_id]
        ind = self.per_id[indikator_id]
        ukuran = self.ukuran.get(ind.indikator_rencana_id) if ind.indikator_rencana_id is not None else None
        if ukuran is not None:
            hasil = _nilai_rencana(ukuran, self.skala)
        else:
            jalur = jalur | {indikator_id}
            anak = [self.nilai(a, jalur) for a in self.anak.get(indikator_id, ()) if a not in jalur]
            hasil = self._rata_rata(anak)
        self.memo[indikator_id] = hasil
        return hasil

    def _rata_rata(self, anak: list[NilaiPK]) -> NilaiPK:
        r_sd = rangkum_capaian([a.capaian_sd_mentah for a in anak], self.skala)
        r_tahunan = rangkum_capaian([a.capaian_tahunan_mentah for a in anak], self.skala)
        if r_sd.rata_rata is None and r_tahunan.rata_rata is None:
            return NilaiPK(sumber=None, jumlah_pendukung=len(anak))
        return NilaiPK(
            sumber="kaskade", capaian_sd_mentah=r_sd.rata_rata, capaian_tahunan_mentah=r_tahunan.rata_rata,
            predikat_sd=tentukan_predikat(r_sd.rata_rata, self.skala),
            predikat_tahunan=tentukan_predikat(r_tahunan.rata_rata, self.skala),
            belum_diverifikasi=any(a.belum_diverifikasi for a in anak if a.capaian_sd_mentah is not None),
            jumlah_terukur=r_sd.jumlah_terukur, jumlah_pendukung=len(anak))


def rollup(nilai: Sequence[NilaiPK], skala: SkalaPredikat) -> RollUp:
    """The roll-up of some PK indicators' figures of one period (module docstring: the rule of
    ``domain.pengukuran``, each kind of capaian with its own kind).

    :param nilai: the indicators' figures.
    :param skala: the predikat scale.
    :return: the roll-up.
    """
    r_sd = rangkum_capaian([n.capaian_sd_mentah for n in nilai], skala)
    r_tahunan = rangkum_capaian([n.capaian_tahunan_mentah for n in nilai], skala)
    return RollUp(ringkasan_sd=r_sd, ringkasan_tahunan=r_tahunan,
                  predikat_sd=tentukan_predikat(r_sd.rata_rata, skala),
                  predikat_tahunan=tentukan_predikat(r_tahunan.rata_rata, skala))


def ukur_tingkat_pk(*, jabatan: JabatanData, sasaran: Sequence[SasaranPKData],
                    semua_indikator: Sequence[IndikatorPKData], ukuran: Mapping[Periode, Mapping[int, UkuranRencana]],
                    periode: Periode, skala: SkalaPredikat) -> PengukuranPK:
    """Measure the PK of one position for a period, and for TW I–IV and the year.

    :param jabatan: the position whose PK is measured.
    :param sasaran: its PK's sasaran with their indicators, in display order.
    :param semua_indikator: every PK indicator of the agency-year (the cascade below this PK).
    :param ukuran: per period (``periode`` and each of :data:`PERIODE_RINGKAS`), the measured plan
        indicators by plan indicator id (:func:`ukuran_dari_hasil`).
    :param periode: the chosen period (month, triwulan or year).
    :param skala: the predikat scale.
    :return: the measurement.
    :raise KeyError: when ``ukuran`` lacks one of the periods.
    """
    semua = {i.id: i for i in semua_indikator}
    for s in sasaran:  # the PK's own indicators are part of the cascade even when not listed in it
        for i in s.indikator:
            semua.setdefault(i.id, i)
    daftar = list(semua.values())
    pengukur = _Pengukur(daftar, ukuran[periode], skala)
    ringkas = [_Pengukur(daftar, ukuran[p], skala) for p in PERIODE_RINGKAS]
    hasil_sasaran = []
    for s in sasaran:
        baris = tuple(IndikatorUkurPK(indikator=i, nilai=pengukur.nilai(i.id),
                                      per_periode=tuple(p.nilai(i.id) for p in ringkas)) for i in s.indikator)
        hasil_sasaran.append(SasaranUkurPK(
            sasaran=s, indikator=baris, rollup=rollup([b.nilai for b in baris], skala),
            rollup_per_periode=tuple(rollup([b.per_periode[k] for b in baris], skala)
                                     for k in range(len(PERIODE_RINGKAS)))))
    semua_baris = [b for s in hasil_sasaran for b in s.indikator]
    return PengukuranPK(
        jabatan=jabatan, periode=periode, skala=skala, sasaran=tuple(hasil_sasaran),
        total=rollup([b.nilai for b in semua_baris], skala),
        total_per_periode=tuple(rollup([b.per_periode[k] for b in semua_baris], skala)
                                for k in range(len(PERIODE_RINGKAS))))


def ukuran_rencana(data: DataRencana, periode: Periode, skala: SkalaPredikat
                   ) -> dict[Periode, dict[int, UkuranRencana]]:
    """Measure the plan for ``periode`` and each of :data:`PERIODE_RINGKAS` (``hitung_pengukuran``,
    the tree built once) and keep each plan indicator's figures.

    :param data: the whole agency's plan (verified months only for a printed report).
    :param periode: the chosen period.
    :param skala: the predikat scale.
    :return: per period, per plan indicator id, its figures.
    """
    baris = pohon_rencana(data)
    hasil: dict[Periode, dict[int, UkuranRencana]] = {}
    for p in (periode, *PERIODE_RINGKAS):
        if p not in hasil:
            ukur = hitung_pengukuran(data, p, skala, baris=baris)
            hasil[p] = {i: ukuran_dari_hasil(h) for i, h in ukur.per_indikator.items()}
    return hasil
