"""Renstra: the agency's five-year periods and their targets (issue 16 item 5).

Routes (``/sipekerja/renstra``): the list of periods; one period as a grid of indicators × years
(baseline, yearly targets, end target, and per year the PK targets with a flag where they differ
from the Renstra); the forms that fill it; the grid as a landscape PDF and as XLSX.

Access: every page needs Pengukuran Kerja (Utama, Bidang, Pimpinan read: a Renstra is the agency's
document); every write needs the right to change Perencanaan and is the Pengguna Utama's alone
(``domain.pk.assert_boleh_mengelola_pk``). A period or indicator of another agency answers 404.
"""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import url_for

from ..domain.akses import Fitur
from ..domain.capaian import format_target
from ..domain.errors import SipekerjaError
from ..domain.pk import assert_boleh_mengelola_pk
from ..domain.pk import boleh_mengelola_pk
from ..domain.renstra import StatusBanding
from ..models import IndikatorRenstra
from ..models import Renstra
from ..queries import renstra as q
from ..queries.pk import get_satuan
from ..queries.referensi import list_satuan
from ..reports.kop import kop
from ..reports.renstra import render_renstra_pdf
from ..reports.renstra import render_renstra_xlsx
from ..services import renstra as svc
from . import konteks
from .forms import KonfirmasiForm
from .forms import kesalahan_ke_flash
from .forms import pilihan
from .forms_renstra import RenstraForm
from .forms_renstra import kelas_form_indikator
from .parameter import ukuran_kertas
from .permissions import require_fitur
from .unduh import PDF_MIME
from .unduh import XLSX_MIME
from .unduh import batasi_unduhan
from .unduh import kirim

bp = Blueprint("renstra", __name__, url_prefix="/renstra")


def _renstra_milik(renstra_id: int) -> Renstra:
    """A period of the user's own agency (404 otherwise)."""
    renstra = q.get_renstra(renstra_id)
    if renstra is None or renstra.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    return renstra


def _indikator_milik(indikator_id: int) -> tuple[IndikatorRenstra, Renstra]:
    indikator = q.get_indikator_renstra(indikator_id)
    if indikator is None:
        abort(404)
    return indikator, _renstra_milik(indikator.renstra_id)


def _render_index(status: int = 200, form: RenstraForm | None = None):
    pd = konteks.perangkat_daerah()
    return render_template("sipekerja/renstra/index.html", pd=pd, daftar=q.list_renstra(perangkat_daerah_id=pd.id),
                           kelola=boleh_mengelola_pk(konteks.subjek()),
                           form=form or RenstraForm(formdata=None)), status


@bp.get("/")
@require_fitur(Fitur.PENGUKURAN)
def index():
    """List the agency's Renstra periods."""
    return _render_index()


@bp.post("/")
@bp.post("/<int:renstra_id>")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def simpan_renstra(renstra_id: int | None = None):
    """Add a Renstra period, or change one (years, legal basis)."""
    assert_boleh_mengelola_pk(konteks.subjek())
    renstra = _renstra_milik(renstra_id) if renstra_id else None
    form = RenstraForm()
    if form.validate():
        try:
            hasil = svc.save_renstra(
                perangkat_daerah=konteks.perangkat_daerah(), tahun_awal=form.tahun_awal.data,
                tahun_akhir=form.tahun_akhir.data, nomor=form.nomor.data, renstra=renstra,
                versi=form.versi_wajib() if renstra else None, oleh=konteks.pengguna())
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash(f"Renstra {hasil.tahun_awal}\u2013{hasil.tahun_akhir} disimpan.")
            return redirect(url_for(".tampil", renstra_id=hasil.id))
    kesalahan_ke_flash(form)
    if renstra is not None:
        return _render_renstra(renstra, 422)
    return _render_index(422, form=form)


def _form_indikator(renstra: Renstra, formdata: bool = True):
    kelas = kelas_form_indikator(tuple(range(renstra.tahun_awal, renstra.tahun_akhir + 1)))
    form = kelas() if formdata else kelas(formdata=None)
    satuan = list_satuan(renstra.perangkat_daerah_id, aktif_saja=True)
    form.satuan_id.choices = pilihan([(s.id, s.nama) for s in satuan])
    return form


def _render_renstra(renstra: Renstra, status: int = 200, form_indikator=None):
    isi = q.load_renstra(renstra)
    kelola = boleh_mengelola_pk(konteks.subjek())
    forms = {}
    if kelola:
        forms = {"form_indikator": form_indikator or _form_indikator(renstra, formdata=False),
                 "konfirmasi": KonfirmasiForm(),
                 "satuan": [(s.id, s.nama) for s in list_satuan(renstra.perangkat_daerah_id, aktif_saja=True)]}
    return render_template("sipekerja/renstra/tampil.html", pd=konteks.perangkat_daerah(), isi=isi, kelola=kelola,
                           format_target=format_target, StatusBanding=StatusBanding, **forms), status


@bp.get("/<int:renstra_id>")
@require_fitur(Fitur.PENGUKURAN)
def tampil(renstra_id: int):
    """Show a period: indicators × years, with the PK target of each year next to the Renstra's."""
    return _render_renstra(_renstra_milik(renstra_id))


def _simpan_indikator(renstra: Renstra, indikator: IndikatorRenstra | None):
    form = _form_indikator(renstra)
    if form.validate():
        try:
            svc.save_indikator_renstra(
                renstra=renstra, sasaran=form.sasaran.data, uraian=form.uraian.data,
                satuan=get_satuan(form.satuan_id.data), baseline=form.baseline.data,
                tahun_baseline=form.tahun_baseline.data, target_akhir=form.target_akhir.data,
                target_per_tahun=form.target_per_tahun(range(renstra.tahun_awal, renstra.tahun_akhir + 1)),
                indikator=indikator, versi=form.versi_wajib() if indikator else None, oleh=konteks.pengguna())
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash("Indikator Renstra disimpan.")
            return redirect(url_for(".tampil", renstra_id=renstra.id))
    kesalahan_ke_flash(form)
    return _render_renstra(renstra, 422, form_indikator=None if indikator else form)


@bp.post("/<int:renstra_id>/indikator")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def tambah_indikator(renstra_id: int):
    """Add an indicator to a period with its baseline, yearly targets and end target."""
    assert_boleh_mengelola_pk(konteks.subjek())
    return _simpan_indikator(_renstra_milik(renstra_id), None)


@bp.post("/indikator/<int:indikator_id>")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def simpan_indikator(indikator_id: int):
    """Change a Renstra indicator and its targets."""
    assert_boleh_mengelola_pk(konteks.subjek())
    indikator, renstra = _indikator_milik(indikator_id)
    return _simpan_indikator(renstra, indikator)


@bp.post("/indikator/<int:indikator_id>/hapus")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def hapus_indikator(indikator_id: int):
    """Remove a Renstra indicator (the PK indicators linked to it keep their own targets)."""
    assert_boleh_mengelola_pk(konteks.subjek())
    indikator, renstra = _indikator_milik(indikator_id)
    form = KonfirmasiForm()
    if form.validate():
        try:
            svc.hapus_indikator_renstra(indikator=indikator, oleh=konteks.pengguna())
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash("Indikator Renstra dihapus.")
            return redirect(url_for(".tampil", renstra_id=renstra.id))
    kesalahan_ke_flash(form)
    return _render_renstra(renstra, 422)


@bp.get("/<int:renstra_id>/pdf")
@require_fitur(Fitur.PENGUKURAN)
def unduh_pdf(renstra_id: int):
    """Download a period's grid as a landscape PDF (A4 or F4) with the letterhead."""
    ukuran = ukuran_kertas()
    renstra = _renstra_milik(renstra_id)
    pd = konteks.perangkat_daerah()
    isi = q.load_renstra(renstra)
    return kirim(render_renstra_pdf(isi, kop=kop(current_app.config), perangkat_daerah=pd.nama, ukuran=ukuran),
                 PDF_MIME, f"renstra-{renstra.tahun_awal}-{renstra.tahun_akhir}.pdf")


@bp.get("/<int:renstra_id>/xlsx")
@require_fitur(Fitur.PENGUKURAN)
def unduh_xlsx(renstra_id: int):
    """Download a period's grid as an XLSX workbook."""
    renstra = _renstra_milik(renstra_id)
    isi = q.load_renstra(renstra)
    pd = konteks.perangkat_daerah()
    return kirim(render_renstra_xlsx(isi, kop=kop(current_app.config), perangkat_daerah=pd.nama), XLSX_MIME,
                 f"renstra-{renstra.tahun_awal}-{renstra.tahun_akhir}.xlsx")


bp.record(batasi_unduhan)
