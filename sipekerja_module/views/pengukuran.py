"""Pengukuran Kerja: capaian and predikat per indicator for a month, triwulan or the year, with
roll-ups, anggaran, the ranking of units per triwulan and two SVG charts.

Access: Utama and Pimpinan see every unit of their agency (``?unit=`` narrows the tree); a
Bidang account sees its own unit, and another unit's id gives 403.

``?tingkat=`` (issue 16 item 3) chooses the level measured: ``anggaran`` (default, the budget
nomenclature) or the id of a position whose Perjanjian Kinerja is measured
(``domain.pengukuran_pk``). Utama and Pimpinan may ask for every position; a Bidang for its own
unit's and the Kepala's (another Kabid's answers 403); a position of another agency or year, or
without a PK, answers 404. The plan is loaded once
(``load_rencana``, eight statements) and measured for every period the page shows; the page body
is cached per data version of the agency (``views.fragmen``), and below it the rows of the main
tables (``views.pengukuran_blok``) and the ranking each under their own inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import Blueprint
from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from markupsafe import Markup

from ..domain.akses import Fitur
from ..domain.akses import boleh_melihat
from ..domain.capaian import format_target
from ..domain.data_rencana import DataRencana
from ..domain.data_rencana import UnitData
from ..domain.errors import SipekerjaError
from ..domain.pengukuran import PengukuranUnit
from ..domain.pengukuran import PeringkatUnit
from ..domain.pengukuran import susun_pengukuran_unit
from ..domain.pengukuran_pk import PengukuranPK
from ..domain.pengukuran_pk import PilihanTingkat
from ..domain.pengukuran_pk import parse_tingkat
from ..domain.pengukuran_pk import pilihan_tingkat
from ..domain.pengukuran_pk import ukur_tingkat_pk
from ..domain.pengukuran_pk import ukuran_rencana
from ..domain.periode import JenisPeriode
from ..domain.periode import Periode
from ..domain.periode import triwulan_dari_bulan
from ..domain.pk import JabatanData
from ..domain.pk import assert_boleh_melihat_jabatan
from ..domain.predikat import SkalaPredikat
from ..domain.versi_target import ATURAN_BAWAAN
from ..domain.versi_target import keterangan_versi
from ..queries.pengukuran_pk import get_jabatan
from ..queries.pengukuran_pk import list_jabatan_tingkat
from ..queries.pengukuran_pk import load_tingkat_pk
from ..queries.rencana import load_rencana
from ..reports import grafik
from ..reports.html import predikat_html
from . import fragmen
from . import konteks
from .parameter import periode_diminta
from .parameter import tolak
from .parameter import unit_dipilih
from .pengukuran_blok import badan_pengukuran
from .pengukuran_blok import per_unit_terverifikasi
from .permissions import require_fitur

bp = Blueprint("pengukuran", __name__, url_prefix="/pengukuran")

#: The period picker: (group label, periods).
PILIHAN_PERIODE: tuple[tuple[str, tuple[Periode, ...]], ...] = (
    ("Bulan", tuple(Periode.bulanan(b) for b in range(1, 13))),
    ("Triwulan", tuple(Periode.triwulanan(t) for t in range(1, 5))),
    ("Tahun", (Periode.tahunan(),)),
)


def periode_bawaan(data: DataRencana) -> Periode:
    """The triwulan of the latest month with realisasi (Triwulan I before the first report)."""
    bulan = data.bulan_realisasi_terakhir
    return Periode.triwulanan(triwulan_dari_bulan(bulan) if bulan else 1)


def periode_terpilih(data: DataRencana, *, boleh_bulan: bool = True) -> Periode:
    """The period of ``?periode=`` (:func:`periode_diminta`), or :func:`periode_bawaan` of the plan."""
    return periode_diminta(boleh_bulan=boleh_bulan) or periode_bawaan(data)


@dataclass(frozen=True)
class PeringkatGrafik:
    """The ranking of units and the charts: the agency's (or the own unit's) verified figures only
    (DOMAIN.md: rankings count verified months only)."""

    unit: tuple[UnitData, ...]
    pengukuran_agensi: PengukuranUnit
    per_triwulan: dict[int, PengukuranUnit]
    #: ``{triwulan: {unit_id: PeringkatUnit}}``.
    peringkat_triwulan: dict[int, dict[int, PeringkatUnit]]
    grafik: tuple[grafik.Grafik, ...]


def _peringkat_grafik(agensi: DataRencana, periode: Periode, skala: SkalaPredikat) -> PeringkatGrafik:
    """Rank the units by their verified figures for the period and each triwulan (each unit's
    roll-ups from the block store where its inputs are unchanged: ``per_unit_terverifikasi``)."""
    triwulan = [Periode.triwulanan(t) for t in range(1, 5)]
    daftar = triwulan if periode in triwulan else triwulan + [periode]  # a triwulan asked for is measured once
    per_unit = per_unit_terverifikasi(agensi, daftar, skala)
    hasil = {p: susun_pengukuran_unit(agensi.unit, p, skala, {u: h[i] for u, h in per_unit.items()})
             for i, p in enumerate(daftar)}
    pengukuran_agensi = hasil[periode]
    per_triwulan = {t: hasil[p] for t, p in enumerate(triwulan, start=1)}
    return PeringkatGrafik(
        unit=agensi.unit, pengukuran_agensi=pengukuran_agensi, per_triwulan=per_triwulan,
        peringkat_triwulan={t: {p.unit.id: p for p in hasil.peringkat} for t, hasil in per_triwulan.items()},
        grafik=(grafik.grafik_capaian_triwulan(agensi.unit, per_triwulan),
                grafik.grafik_serapan_capaian(agensi.unit, pengukuran_agensi)),
    )


#: Part of the ranking block's key: a change to how it is built or marked up makes new keys.
_BENTUK_PERINGKAT = 3


def _badge_predikat(band) -> Markup:
    """``predikat_badge`` of ``_macros.html`` (the same markup), for the ranking's many cells."""
    return Markup(predikat_html(band))


def _bagian_peringkat(agensi: DataRencana, periode: Periode, skala: SkalaPredikat, tahun: int,
                      semua_unit: bool) -> Markup:
    """Sections "Peringkat" and "Grafik", cached under the agency's verified-figures version
    (``services.versi``: bumped by a verification, a correction of a verified month or any change
    to the plan or the scale), the period, the scale and the viewer's scope. A Bidang's save of a
    month not yet verified leaves them in the store, and finding them costs no look at the data; a
    verification, which changes them, builds them again, measuring only the units it touched."""
    pd = konteks.perangkat_daerah()

    def buat(_posisi) -> list[str]:
        h = _peringkat_grafik(agensi, periode, skala)
        return [fragmen.render_isi("sipekerja/pengukuran/_peringkat.html", h=h, periode=periode, tahun=tahun,
                                   semua_unit=semua_unit, predikat=_badge_predikat)]

    if agensi.versi_rencana is None:  # data read inside a transaction that has written: not cached
        return Markup(buat(())[0])
    kunci = (_BENTUK_PERINGKAT, pd.id, pd.versi_terverifikasi, agensi.tahun_id, agensi.unit_kerja_id, periode, skala,
             semua_unit)
    return Markup(fragmen.ambil_blok("pengukuran-peringkat", [kunci], buat)[0])


# --- the level selector (issue 16 item 3) -------------------------------------------------------


@dataclass(frozen=True)
class Tingkat:
    """The levels the user may choose (``?tingkat=``) and the one chosen (None: the budget nomenclature)."""

    pilihan: tuple[PilihanTingkat, ...]
    jabatan: JabatanData | None

    @property
    def kode(self) -> str:
        """The chosen option's code (``anggaran`` or a position id)."""
        return "anggaran" if self.jabatan is None else str(self.jabatan.id)


def tingkat_terpilih() -> Tingkat:
    """Parse ``?tingkat=`` of the agency-year chosen and check who may see it (one statement).

    400 for a malformed value, 404 for a position of another agency or year or without a PK,
    403 (``AksesDitolak``) for a PK the user may not read.
    """
    try:
        jabatan_id = parse_tingkat(request.args.get("tingkat"))
    except SipekerjaError as error:
        abort(tolak(400, error.pesan))
    pd, tahun, subjek = konteks.perangkat_daerah(), konteks.tahun_terpilih(), konteks.subjek()
    # Positions and their PK are plan data: kept under the plan's version (every page view asks).
    daftar = fragmen.ambil_data_rencana("jabatan-tingkat", (tahun.id,), lambda: tuple(list_jabatan_tingkat(
        perangkat_daerah_id=pd.id, tahun_id=tahun.id)))
    jabatan = None
    if jabatan_id is not None:
        jabatan = next((j for j in daftar if j.id == jabatan_id and j.pk_id is not None), None)
        if jabatan is None:
            _ke_padanan_tahun(jabatan_id, daftar)
            abort(tolak(404, f"Perjanjian Kinerja tingkat ini tidak ada pada tahun {tahun.tahun}. Pilih tingkat "
                             "pengukuran lagi."))
        assert_boleh_melihat_jabatan(subjek, jabatan)
    return Tingkat(pilihan=pilihan_tingkat(daftar, subjek), jabatan=jabatan)


def _ke_padanan_tahun(jabatan_id: int, daftar: Sequence[JabatanData]) -> None:
    """A level of another year of the same agency (the year was switched with the level chosen): go
    to the position of the same name in the chosen year, when it has a PK (one statement, only here)."""
    lain = get_jabatan(jabatan_id)
    if lain is None or lain.perangkat_daerah_id != konteks.perangkat_daerah().id:
        return
    padanan = next((j for j in daftar if j.nama == lain.nama and j.pk_id is not None), None)
    if padanan is not None:
        abort(redirect(url_for(request.endpoint, **{**(request.view_args or {}), **request.args.to_dict(),
                                                    "tingkat": padanan.id})))


def ukur_tingkat(data: DataRencana, jabatan: JabatanData, periode: Periode, skala: SkalaPredikat) -> PengukuranPK:
    """Load a position's PK (two statements) and measure it with the loaded agency plan."""
    tingkat = load_tingkat_pk(jabatan, perangkat_daerah_id=data.perangkat_daerah_id, tahun_id=data.tahun_id)
    return ukur_tingkat_pk(jabatan=jabatan, sasaran=tingkat.sasaran, semua_indikator=tingkat.semua_indikator,
                           ukuran=ukuran_rencana(data, periode, skala), periode=periode, skala=skala)


def _halaman_pk(tingkat: Tingkat, boleh_laporan: bool) -> str:
    """The page body for a PK level: the whole agency's plan (every realisasi, the unverified marked)."""
    pd, tahun = konteks.perangkat_daerah(), konteks.tahun_terpilih()
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    periode = periode_terpilih(data)
    skala = fragmen.skala_aktif()
    hasil = ukur_tingkat(data, tingkat.jabatan, periode, skala)
    return render_template(
        "sipekerja/pengukuran/_halaman_pk.html", pd=pd, tahun=tahun, daftar_tahun=fragmen.daftar_tahun(),
        periode=periode, pilihan_periode=PILIHAN_PERIODE, tingkat=tingkat, pk=hasil,
        band={b.label: b for b in skala.bands}, teks_target=format_target, boleh_laporan=boleh_laporan,
        # The report is per triwulan or year: a month links to its triwulan.
        periode_laporan=Periode.triwulanan(triwulan_dari_bulan(periode.nomor))
        if periode.jenis is JenisPeriode.BULAN else periode)


@bp.get("/")
@require_fitur(Fitur.PENGUKURAN)
def index():
    """Show capaian and predikat per indicator with roll-ups, anggaran, ranking and charts for a period."""
    pd, tahun, unit = konteks.perangkat_daerah(), konteks.tahun_terpilih(), unit_dipilih(Fitur.PENGUKURAN)
    semua_unit = boleh_melihat(konteks.subjek(), Fitur.PENGUKURAN, None)
    tingkat = tingkat_terpilih()
    if tingkat.jabatan is not None:
        # The options depend on the viewer's scope: a Bidang's ``unit`` is always its own.
        laporan = boleh_melihat(konteks.subjek(), Fitur.LAPORAN, None)
        kunci_pk = ("pk", tahun.id, tingkat.kode, unit.id if unit else "", semua_unit, laporan,
                    request.args.get("periode", ""))
        return render_template("sipekerja/pengukuran/index.html", isi=fragmen.ambil(
            "pengukuran", kunci_pk, lambda: _halaman_pk(tingkat, laporan)),
            url_pdf=_url_pdf(tahun.tahun, None, tingkat.kode))

    def isi() -> str:
        data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, unit_kerja_id=unit.id if unit else None)
        periode = periode_terpilih(data)
        # Ranking and charts always cover the whole agency, also when the tree is narrowed to one unit.
        agensi = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id) if semua_unit and unit else data
        # The scale is reference data of the agency: kept under its plan version.
        skala = fragmen.skala_aktif()
        # Without the context processors (the user, the menu, the bell: fragmen.render_isi), which
        # the page around it runs once.
        return fragmen.render_isi(
            "sipekerja/pengukuran/_halaman.html", pd=pd, tahun=tahun, unit=unit, semua_unit=semua_unit,
            daftar_tahun=fragmen.daftar_tahun(), periode=periode, pilihan_periode=PILIHAN_PERIODE,
            unit_agensi=agensi.unit,
            skala=skala, badan=badan_pengukuran(data, periode, skala), band={b.label: b for b in skala.bands},
            peringkat_grafik=_bagian_peringkat(agensi, periode, skala, tahun.tahun, semua_unit), tingkat=tingkat,
            versi_target=keterangan_versi(data.versi, data.aturan_versi or ATURAN_BAWAAN),
        )

    kunci = (tahun.id, unit.id if unit else "", semua_unit, request.args.get("periode", ""))
    return render_template("sipekerja/pengukuran/index.html", isi=fragmen.ambil("pengukuran", kunci, isi),
                           url_pdf=_url_pdf(tahun.tahun, unit))


def _url_pdf(tahun: int, unit, tingkat: str | None = None) -> str | None:
    """The printed Pengukuran report of the same year, unit (or PK level) and period (a month is
    reported in its triwulan: the report has no month columns), for whoever may see Laporan; else None."""
    if not boleh_melihat(konteks.subjek(), Fitur.LAPORAN, unit.id if unit else None):
        return None
    periode = periode_diminta()
    if periode is not None and periode.jenis is JenisPeriode.BULAN:
        periode = Periode.triwulanan(triwulan_dari_bulan(periode.nomor))
    return url_for("sipekerja.laporan.unduh_pdf", jenis="pengukuran", tahun=tahun, unit=unit.id if unit else None,
                   periode=periode.kode if periode else None, tingkat=tingkat, ukuran="A4")
