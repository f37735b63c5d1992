"""Referensi (Pengguna Utama): unit kerja, tahun and input windows, satuan, predikat scale,
nomenclature. Every route needs the Referensi feature; POST routes need the right to change.

Windows, the scale and satuan written here are the agency's own (its override of the kabupaten
default, made on the first change); the kabupaten defaults are the kabupaten admin's
(``views.admin_kabupaten``). A window of another agency answers 404."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from ..domain.akses import Fitur
from ..domain.alur import LABEL_KEADAAN
from ..domain.alur import WARNA_KEADAAN
from ..domain.alur import format_batas
from ..domain.alur import keadaan_jendela
from ..domain.angka import DESIMAL_KINERJA
from ..domain.angka import parse_angka
from ..domain.angka import periksa_kolom
from ..domain.errors import NilaiTidakValid
from ..domain.errors import SipekerjaError
from ..domain.identitas import LABEL_PERAN
from ..domain.identitas import PeranPenandatangan
from ..domain.identitas import jabatan_kepala_unit
from ..domain.periode import StatusJendela
from ..domain.predikat import SKALA_PERMENDAGRI_86_2017
from ..domain.predikat import WARNA_PREDIKAT
from ..extensions import db_session
from ..models import JendelaInput
from ..models import PerangkatDaerah
from ..models import Tahun
from ..models import UnitKerja
from ..queries.referensi import count_nomenklatur
from ..queries.referensi import get_jendela_terlihat
from ..queries.referensi import get_kop_laporan
from ..queries.referensi import get_skala_predikat_aktif
from ..queries.referensi import jendela_domain
from ..queries.referensi import list_jendela_efektif
from ..queries.referensi import list_pembukaan_unit
from ..queries.referensi import list_penandatangan
from ..queries.referensi import list_perangkat_daerah_aktif
from ..queries.referensi import list_satuan
from ..queries.referensi import list_tahun
from ..queries.referensi import list_unit_kerja
from ..queries.referensi import search_nomenklatur
from ..services import nomenklatur as nomenklatur_svc
from ..services import referensi as svc
from . import konteks
from .forms import PESAN_VERSI
from .forms import KonfirmasiForm
from .forms import KopLaporanForm
from .forms import PenandatanganForm
from .forms import SatuanForm
from .forms import TahunForm
from .forms import UnggahForm
from .forms import UnitKerjaForm
from .forms import kesalahan_ke_flash
from .forms import pilihan
from .forms_admin_kabupaten import PerangkatDaerahForm
from .permissions import require_fitur

bp = Blueprint("referensi", __name__, url_prefix="/referensi")
HALAMAN_NOMENKLATUR = 50


def _unit_milik(unit_id: int) -> UnitKerja:
    """Load a unit of the user's own agency (404 otherwise: no probing other agencies)."""
    unit = db_session.get(UnitKerja, unit_id)
    if unit is None or unit.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    return unit


def keadaan_jendela_tahun(tahun_list, jendela_tahun: dict[int, list[JendelaInput]]
                          ) -> dict[int, tuple[str, str, str]]:
    """Per window id: its state *now* (a stored "terbuka" past its deadline is closed), the badge
    colour and the closing moment in words."""
    now, zona = konteks.sekarang(), konteks.zona()
    hasil = {}
    for tahun in tahun_list:
        for jendela in jendela_tahun.get(tahun.id, []):
            domain = jendela_domain(jendela, tahun.tahun, zona)
            k = keadaan_jendela(domain, now)
            hasil[jendela.id] = (LABEL_KEADAAN[k], WARNA_KEADAAN[k], format_batas(domain.batas_efektif))
    return hasil


class BandDiketik(NamedTuple):
    """A predikat row as the user typed it, shown again when the scale is refused."""

    batas_teks: str
    label: str
    warna: str


def _render_index(status: int = 200, band_diketik: list[BandDiketik] | None = None, **forms):
    """The Referensi page; after a refused write, with the form (or the predikat rows) as typed."""
    pd = konteks.perangkat_daerah()
    tahun_form = forms.get("tahun_form") or TahunForm()
    tahun_list = list_tahun()
    tahun_form.salin_dari.choices = pilihan([(0, "— tanpa salinan —")] + [(t.id, str(t.tahun)) for t in tahun_list])
    skala = get_skala_predikat_aktif(pd.id)
    jendela_tahun = list_jendela_efektif(pd.id)
    return render_template(
        "sipekerja/referensi/index.html",
        pd=pd,
        keadaan=keadaan_jendela_tahun(tahun_list, jendela_tahun),
        jendela_tahun=jendela_tahun,
        units=list_unit_kerja(pd.id, aktif_saja=False),
        tahun_list=tahun_list,
        satuan_list=list_satuan(pd.id),
        skala=skala,
        skala_default=SKALA_PERMENDAGRI_86_2017,
        band_diketik=band_diketik,
        warna_predikat=WARNA_PREDIKAT,
        jumlah_nomenklatur=count_nomenklatur(),
        unit_form=forms.get("unit_form") or UnitKerjaForm(),
        tahun_form=tahun_form,
        satuan_form=forms.get("satuan_form") or SatuanForm(),
        unggah_form=forms.get("unggah_form") or UnggahForm(),
    ), status


@bp.get("/")
@require_fitur(Fitur.REFERENSI)
def index():
    """Show all reference data of the user's agency; on a fresh one-agency deployment (no agency
    yet), the form that adds it: the guide's first step."""
    if not list_perangkat_daerah_aktif(batas=1):
        return render_template("sipekerja/referensi/pertama.html", form=PerangkatDaerahForm())
    return _render_index()


@bp.post("/perangkat-daerah")
@require_fitur(Fitur.REFERENSI, ubah=True)
def tambah_perangkat_daerah():
    """Add the agency of a one-agency deployment. Only while the kabupaten has no active agency:
    afterwards agencies are the kabupaten admin's (Admin Kabupaten)."""
    if list_perangkat_daerah_aktif(batas=1):
        abort(403, description="Perangkat daerah sudah ada; perangkat daerah lain ditambahkan oleh Admin Kabupaten.")
    form = PerangkatDaerahForm()
    if form.validate():
        try:
            svc.save_perangkat_daerah(kode=form.kode.data, nama=form.nama.data, oleh=konteks.pengguna())
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash(f"Perangkat daerah {form.nama.data} ditambahkan. Lanjutkan dengan unit kerja "
                                     "dan tahun anggaran.")
            return redirect(url_for(".index"))
    return render_template("sipekerja/referensi/pertama.html", form=form), 422


def _kirim(form, nama_form: str, simpan, pesan):
    """The shared POST flow of the index page's small forms: validate, call one service, commit
    and redirect — or show the page again with the form as typed (422), nothing saved."""
    if form.validate():
        try:
            simpan()
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash(pesan())
            return redirect(url_for(".index"))
    return _render_index(422, **{nama_form: form})


@bp.post("/unit")
@bp.post("/unit/<int:unit_id>")
@require_fitur(Fitur.REFERENSI, ubah=True)
def simpan_unit(unit_id: int | None = None):
    """Create a unit kerja, or change (or deactivate) one."""
    unit = _unit_milik(unit_id) if unit_id else None
    form = UnitKerjaForm()
    return _kirim(form, "unit_form", lambda: svc.save_unit_kerja(
        perangkat_daerah=konteks.perangkat_daerah(), kode=form.kode.data, nama=form.nama.data, jenis=form.jenis.data,
        aktif=form.aktif.data, unit=unit, oleh=konteks.pengguna()), lambda: f"Unit kerja {form.nama.data} disimpan.")


@bp.post("/tahun")
@require_fitur(Fitur.REFERENSI, ubah=True)
def tambah_tahun():
    """Open a new budget year, optionally copying a previous year's plan tree."""
    form = TahunForm()
    form.salin_dari.choices = pilihan([(0, "")] + [(t.id, str(t.tahun)) for t in list_tahun()])
    return _kirim(form, "tahun_form", lambda: svc.create_tahun(
        tahun=form.tahun.data, zona=konteks.zona(), oleh=konteks.pengguna(),
        salin_dari=db_session.get(Tahun, form.salin_dari.data) if form.salin_dari.data else None),
        lambda: f"Tahun {form.tahun.data} ditambahkan dengan jendela input bawaan.")


def _jendela_atau_404(jendela_id: int) -> JendelaInput:
    """A kabupaten default or the agency's own window (the one that applies to it); 404 for
    another agency's window: no probing."""
    jendela = get_jendela_terlihat(jendela_id, konteks.perangkat_daerah().id)
    if jendela is None:
        abort(404)
    return jendela


def waktu_lokal(teks: str | None, nama: str, *, wajib: bool = False) -> datetime | None:
    """Parse a ``datetime-local`` input (agency time) into an aware datetime.

    Only the years a budget year may have (2000–2100) are accepted: year 1 or 9999 would
    overflow when converted to UTC for storage.
    """
    if not teks:
        if wajib:
            raise NilaiTidakValid(f"{nama} wajib diisi.")
        return None
    try:
        waktu = datetime.fromisoformat(teks).replace(tzinfo=konteks.zona())
    except ValueError:
        raise NilaiTidakValid(f"{nama} tidak valid; gunakan format tanggal dan jam.") from None
    if not 2000 <= waktu.year <= 2100:
        raise NilaiTidakValid(f"{nama} harus antara tahun 2000 dan 2100.")
    return waktu


def _render_jendela(jendela: JendelaInput, status: int = 200, form=None):
    pd = konteks.perangkat_daerah()
    return render_template(
        "sipekerja/referensi/jendela.html", jendela=jendela,
        domain=jendela_domain(jendela, jendela.tahun.tahun, konteks.zona()), zona=konteks.zona(),
        units=list_unit_kerja(pd.id), pembukaan=list_pembukaan_unit(jendela, pd.id),
        aksi_simpan=url_for(".ubah_jendela", jendela_id=jendela.id),
        aksi_bawaan=url_for(".kembalikan_jendela", jendela_id=jendela.id) if jendela.perangkat_daerah_id else None,
        kembali=url_for(".index", _anchor="tahun"), pemilik=pd.nama,
        form=form, konfirmasi=KonfirmasiForm(),
    ), status


def simpan_jendela_dari_form(jendela: JendelaInput, perangkat_daerah: PerangkatDaerah | None) -> JendelaInput:
    """Parse the posted window form and store it for the agency (None = the kabupaten default).

    :return: the window written (the agency's own on its first change).
    :raise SipekerjaError: for a refused value; nothing is written.
    """
    form = request.form
    try:
        status = StatusJendela(form.get("status", ""))
    except ValueError:
        raise NilaiTidakValid("Status jendela tidak dikenal.") from None
    versi = form.get("versi", type=int)
    if versi is None:
        raise NilaiTidakValid(PESAN_VERSI)
    return svc.update_jendela(
        jendela=jendela, versi=versi, perangkat_daerah=perangkat_daerah,
        dibuka=waktu_lokal(form.get("dibuka"), "Waktu pembukaan", wajib=True),
        ditutup=waktu_lokal(form.get("ditutup"), "Batas waktu", wajib=True), status=status,
        dibuka_kembali_sampai=waktu_lokal(form.get("sampai"), "Batas pembukaan kembali"),
        alasan=form.get("alasan"), oleh=konteks.pengguna())


@bp.get("/jendela/<int:jendela_id>")
@require_fitur(Fitur.REFERENSI)
def jendela(jendela_id: int):
    """Show an input window with its per-unit reopenings."""
    return _render_jendela(_jendela_atau_404(jendela_id))


@bp.post("/jendela/<int:jendela_id>")
@require_fitur(Fitur.REFERENSI, ubah=True)
def ubah_jendela(jendela_id: int):
    """Change a window's moments or state (reopening for everyone needs a reason)."""
    jendela = _jendela_atau_404(jendela_id)
    try:
        jendela = simpan_jendela_dari_form(jendela, konteks.perangkat_daerah())
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render_jendela(jendela, 422, request.form)
    konteks.commit_dan_flash(f"Jendela input Triwulan {jendela.triwulan} {konteks.perangkat_daerah().nama} disimpan; "
                             "jendela bawaan kabupaten tidak berubah.")
    return redirect(url_for(".jendela", jendela_id=jendela.id))


@bp.post("/jendela/<int:jendela_id>/bawaan")
@require_fitur(Fitur.REFERENSI, ubah=True)
def kembalikan_jendela(jendela_id: int):
    """Drop the agency's own window of a triwulan: the kabupaten default applies again."""
    jendela = _jendela_atau_404(jendela_id)
    try:
        bawaan = svc.kembalikan_jendela_bawaan(jendela=jendela, perangkat_daerah=konteks.perangkat_daerah(),
                                               oleh=konteks.pengguna())
    except SipekerjaError as error:
        konteks.gagal(error)
        return redirect(url_for(".jendela", jendela_id=jendela.id))
    konteks.commit_dan_flash(f"Jendela input Triwulan {bawaan.triwulan} kembali mengikuti bawaan kabupaten.")
    return redirect(url_for(".jendela", jendela_id=bawaan.id))


@bp.post("/jendela/<int:jendela_id>/unit")
@require_fitur(Fitur.REFERENSI, ubah=True)
def buka_untuk_unit(jendela_id: int):
    """Reopen a closed window for one unit, with a reason."""
    jendela = _jendela_atau_404(jendela_id)
    unit = _unit_milik(request.form.get("unit_kerja_id", type=int) or 0)
    try:
        sampai = waktu_lokal(request.form.get("sampai"), "Batas pembukaan kembali")
        if sampai is None:
            raise NilaiTidakValid("Batas pembukaan kembali wajib diisi.")
        svc.buka_jendela_untuk_unit(jendela=jendela, unit_kerja=unit, sampai=sampai,
                                    alasan=request.form.get("alasan", ""), now=konteks.sekarang(),
                                    oleh=konteks.pengguna())
    except SipekerjaError as error:
        konteks.gagal(error)
    else:
        konteks.commit_dan_flash(f"Jendela input dibuka kembali untuk {unit.nama}.")
    return redirect(url_for(".jendela", jendela_id=jendela.id))


@bp.post("/satuan")
@require_fitur(Fitur.REFERENSI, ubah=True)
def tambah_satuan():
    """Add a satuan."""
    form = SatuanForm()
    return _kirim(form, "satuan_form", lambda: svc.save_satuan(
        nama=form.nama.data, perangkat_daerah=konteks.perangkat_daerah(), oleh=konteks.pengguna()),
        lambda: f"Satuan {form.nama.data} ditambahkan untuk {konteks.perangkat_daerah().nama}.")


class SkalaDiketik(NamedTuple):
    """The predikat form as typed: the parsed scale, or the rows to show again when refused."""

    nama: str
    bands: list[tuple[Decimal, str, str]]
    batas_rerata: Decimal | None


def baris_diketik() -> list[BandDiketik]:
    """The predikat rows of the posted form as typed (shown again after a refusal)."""
    batas, label, warna = (request.form.getlist(k) for k in ("batas_bawah", "label", "warna"))
    return [BandDiketik(b, nama, w) for b, nama, w in zip(batas, label, warna) if b.strip() or nama.strip()]


def baca_skala_form() -> SkalaDiketik:
    """Parse the posted predikat form: rows of (lower bound, label, colour) and the optional cap.

    :raise SipekerjaError: for a number that is not one.
    """
    bands: list[tuple[Decimal, str, str]] = [
        (periksa_kolom(parse_angka(b.batas_teks, "Batas bawah predikat"), DESIMAL_KINERJA), b.label.strip(),
         (b.warna or "secondary").strip())
        for b in baris_diketik()
    ]
    teks_batas = (request.form.get("batas_rerata") or "").strip()
    batas_rerata = periksa_kolom(parse_angka(teks_batas), 4) if teks_batas else None
    return SkalaDiketik(request.form.get("nama", ""), bands, batas_rerata)


@bp.post("/predikat")
@require_fitur(Fitur.REFERENSI, ubah=True)
def simpan_predikat():
    """Save the agency's own predikat scale typed as rows of (lower bound, label, colour), with its optional cap."""
    try:
        skala = baca_skala_form()
        svc.save_skala_predikat(nama=skala.nama, bands=skala.bands, aktifkan=True, oleh=konteks.pengguna(),
                                batas_rerata=skala.batas_rerata, perangkat_daerah=konteks.perangkat_daerah())
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render_index(422, band_diketik=baris_diketik())
    konteks.commit_dan_flash(f"Skala predikat {konteks.perangkat_daerah().nama} disimpan dan diaktifkan; "
                             "skala bawaan kabupaten tidak berubah.")
    return redirect(url_for(".index", _anchor="predikat"))


@bp.post("/predikat/bawaan")
@require_fitur(Fitur.REFERENSI, ubah=True)
def kembalikan_predikat():
    """Stop using the agency's own predikat scale: the kabupaten scale measures it again."""
    svc.kembalikan_skala_bawaan(perangkat_daerah=konteks.perangkat_daerah(), oleh=konteks.pengguna())
    konteks.commit_dan_flash("Skala predikat kembali mengikuti bawaan kabupaten.")
    return redirect(url_for(".index", _anchor="predikat"))


@bp.get("/nomenklatur")
@require_fitur(Fitur.REFERENSI)
def nomenklatur():
    """List and search the nomenclature by code or name."""
    q = (request.args.get("q") or "").strip()[:100]
    rows = search_nomenklatur(q, batas=HALAMAN_NOMENKLATUR)
    return render_template("sipekerja/referensi/nomenklatur.html", rows=rows, q=q, unggah_form=UnggahForm(),
                           batas=HALAMAN_NOMENKLATUR)


@bp.post("/nomenklatur/impor")
@require_fitur(Fitur.REFERENSI, ubah=True)
def impor_nomenklatur():
    """Import the nomenclature from CSV or XLSX: all rows or none."""
    form = UnggahForm()
    if not form.validate():
        return _render_index(422, unggah_form=form)
    berkas = form.berkas.data
    data = berkas.read()
    try:
        if berkas.filename.lower().endswith(".xlsx"):
            rows = nomenklatur_svc.read_nomenklatur_xlsx(io.BytesIO(data))
        else:
            rows = nomenklatur_svc.read_nomenklatur_csv(io.BytesIO(data))
        hasil = nomenklatur_svc.import_nomenklatur(rows)
    except nomenklatur_svc.ImportGagal as error:
        db_session.rollback()
        return render_template("sipekerja/referensi/impor_gagal.html", error=error), 422
    except SipekerjaError as error:
        konteks.gagal(error)
        return redirect(url_for(".index", _anchor="nomenklatur"))
    konteks.commit_dan_flash(f"Nomenklatur diimpor: {hasil.created} baru, {hasil.updated} diperbarui, "
                             f"{hasil.unchanged} tidak berubah.")
    return redirect(url_for(".nomenklatur"))


# --- Kop dan penandatangan laporan ---------------------------------------------------------------

def _slot_penandatangan() -> list[dict]:
    """Every role that signs the agency's reports, with the stored signer and the defaults shown
    as placeholders: the head of agency, the head of the region, each active unit's head."""
    pd, config = konteks.perangkat_daerah(), current_app.config
    tersimpan = {(p.peran, p.unit_kerja_id): p for p in list_penandatangan(pd.id)}
    slot = [
        {"kunci": "kepala", "label": LABEL_PERAN[PeranPenandatangan.KEPALA], "unit": None,
         "baris": tersimpan.get(("kepala", None)), "jabatan_bawaan": config["SIPEKERJA_TTD_JABATAN"],
         "nama_bawaan": config["SIPEKERJA_TTD_NAMA"], "nip_bawaan": config["SIPEKERJA_TTD_NIP"] or "",
         "pangkat_bawaan": config.get("SIPEKERJA_TTD_PANGKAT") or ""},
        {"kunci": "kepala_daerah", "label": LABEL_PERAN[PeranPenandatangan.KEPALA_DAERAH], "unit": None,
         "baris": tersimpan.get(("kepala_daerah", None)),
         "jabatan_bawaan": config.get("SIPEKERJA_TTD_JABATAN_KEPALA_DAERAH") or "",
         "nama_bawaan": config.get("SIPEKERJA_TTD_NAMA_KEPALA_DAERAH") or "", "nip_bawaan": "", "pangkat_bawaan": ""},
    ]
    for unit in list_unit_kerja(pd.id):
        slot.append({"kunci": f"unit-{unit.id}", "label": f"Kepala unit kerja: {unit.nama}", "unit": unit,
                     "baris": tersimpan.get(("kepala_unit", unit.id)),
                     "jabatan_bawaan": jabatan_kepala_unit(unit.nama, unit.jenis), "nama_bawaan": "",
                     "nip_bawaan": "", "pangkat_bawaan": ""})
    return slot


def _render_identitas(status: int = 200, kop_form: KopLaporanForm | None = None,
                      ttd_form: PenandatanganForm | None = None):
    pd = konteks.perangkat_daerah()
    if kop_form is None:
        kop_form = KopLaporanForm(obj=get_kop_laporan(pd.id))
    return render_template("sipekerja/referensi/laporan.html", pd=pd, kop_form=kop_form, ttd_form=ttd_form,
                           slot=_slot_penandatangan(), konfigurasi=current_app.config), status


@bp.get("/laporan")
@require_fitur(Fitur.REFERENSI)
def identitas_laporan():
    """Show the letterhead and the signers of the agency's printed reports."""
    return _render_identitas()


@bp.post("/laporan/kop")
@require_fitur(Fitur.REFERENSI, ubah=True)
def simpan_kop():
    """Store the letterhead of the printed reports (empty fields print the configured default)."""
    form = KopLaporanForm()
    if form.validate():
        try:
            svc.save_kop_laporan(perangkat_daerah=konteks.perangkat_daerah(),
                                 isian={kolom: getattr(form, kolom).data for kolom in svc.KOLOM_KOP},
                                 oleh=konteks.pengguna())
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash("Kop laporan disimpan; berlaku untuk setiap PDF dan XLSX berikutnya.")
            return redirect(url_for(".identitas_laporan"))
    return _render_identitas(422, kop_form=form)


def _peran_dari_kunci(kunci: str | None) -> tuple[PeranPenandatangan, UnitKerja | None]:
    """``kepala`` / ``kepala_daerah`` / ``unit-<id>`` (a unit of the user's agency, else 404)."""
    if kunci in ("kepala", "kepala_daerah"):
        return PeranPenandatangan(kunci), None
    if kunci and kunci.startswith("unit-") and kunci[5:].isdigit() and len(kunci) <= 24:
        return PeranPenandatangan.KEPALA_UNIT, _unit_milik(int(kunci[5:]))
    raise NilaiTidakValid("Penandatangan tidak dikenal. Muat ulang halaman, lalu pilih dari daftar.")


@bp.post("/laporan/penandatangan")
@require_fitur(Fitur.REFERENSI, ubah=True)
def simpan_penandatangan():
    """Store who signs the reports in one role: name, NIP (checked by the NIP rules), jabatan, pangkat."""
    form = PenandatanganForm()
    if form.validate():
        try:
            peran, unit = _peran_dari_kunci(form.peran.data)
            baris = svc.save_penandatangan(perangkat_daerah=konteks.perangkat_daerah(), peran=peran, unit_kerja=unit,
                                           nama=form.nama.data, nip=form.nip.data, jabatan=form.jabatan.data,
                                           pangkat=form.pangkat.data, oleh=konteks.pengguna())
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash(f"Penandatangan disimpan: {baris.nama or 'nama dikosongkan (garis titik-titik)'}.")
            return redirect(url_for(".identitas_laporan", _anchor="penandatangan"))
    else:
        kesalahan_ke_flash(form)
    return _render_identitas(422, ttd_form=form)
