"""Perjanjian Kinerja per level and the pohon kinerja (issue 16).

Routes (``/sipekerja/pk``): the positions of the agency-year with their holders and PKs; one PK as
its document with the forms that fill it; its PDF and XLSX; the pohon kinerja for a period.

Access (``domain.pk``): every page needs Pengukuran Kerja (Utama, Bidang, Pimpinan); a Bidang sees
its own unit's PKs and the agency's (the head's), another unit's answers 403; every write needs the
right to change Perencanaan and is the Pengguna Utama's alone (a Bidang gets 403). An object of
another agency answers 404.
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
from ..domain.pengukuran import hitung_pengukuran
from ..domain.pk import CapaianTaut
from ..domain.pk import JabatanData
from ..domain.pk import assert_boleh_melihat_jabatan
from ..domain.pk import assert_boleh_mengelola_pk
from ..domain.pk import boleh_melihat_jabatan
from ..domain.pk import boleh_mengelola_pk
from ..domain.pk import saring_pohon
from ..domain.pk import susun_pohon
from ..domain.renstra import StatusBanding
from ..domain.renstra import bandingkan_target
from ..models import IndikatorPK
from ..models import Jabatan
from ..models import PerjanjianKinerja
from ..queries import pk as q
from ..queries import renstra as q_renstra
from ..queries.pengukuran import load_skala_aktif
from ..queries.referensi import list_angka_tahun
from ..queries.referensi import list_satuan
from ..queries.referensi import list_unit_kerja
from ..queries.rencana import load_rencana
from ..reports.kop import kop
from ..reports.pk import baris_program
from ..reports.pk import baris_sasaran
from ..reports.pk import render_pk_pdf
from ..reports.pk import render_pk_xlsx
from ..reports.pk import tanda_tangan_pk
from ..reports.pk import teks_target
from ..services import pk as svc
from . import konteks
from .forms import KonfirmasiForm
from .forms import kesalahan_ke_flash
from .forms import pilihan
from .forms_pk import TANPA
from .forms_pk import IndikatorPKForm
from .forms_pk import JabatanForm
from .forms_pk import PKBaruForm
from .forms_pk import ProgramPKForm
from .forms_pk import SasaranPKForm
from .parameter import ukuran_kertas
from .pengukuran import PILIHAN_PERIODE
from .pengukuran import periode_terpilih
from .permissions import require_fitur
from .unduh import PDF_MIME
from .unduh import XLSX_MIME
from .unduh import batasi_unduhan
from .unduh import kirim

bp = Blueprint("pk", __name__, url_prefix="/pk")


# --- loading with access checks ----------------------------------------------------------------


def _jabatan_milik(jabatan_id: int) -> Jabatan:
    """A position of the user's own agency (404 otherwise)."""
    jabatan = q.get_jabatan(jabatan_id)
    if jabatan is None or jabatan.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    return jabatan


def _pk_milik(pk_id: int) -> PerjanjianKinerja:
    """A PK of the user's own agency (404 otherwise) the user may read (403 otherwise)."""
    pk = q.get_pk(pk_id)
    if pk is None or pk.jabatan.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    j = pk.jabatan
    assert_boleh_melihat_jabatan(konteks.subjek(), JabatanData(id=j.id, nama=j.nama, parent_id=j.parent_id,
                                                                unit_kerja_id=j.unit_kerja_id, unit_nama=None,
                                                                pemegang=None))
    return pk


def _pk_kelola(pk_id: int) -> PerjanjianKinerja:
    assert_boleh_mengelola_pk(konteks.subjek())
    return _pk_milik(pk_id)


def _tahun_jabatan(jabatan: Jabatan) -> dict:
    return {"tahun": q.angka_tahun(jabatan.tahun_id)}


# --- positions ---------------------------------------------------------------------------------


def _pilihan_jabatan(form: JabatanForm, daftar: list[JabatanData], kecuali: int | None = None) -> None:
    form.parent_id.choices = pilihan([(TANPA, "— tanpa atasan (Kepala) —")]
                                     + [(j.id, j.nama) for j in daftar if j.id != kecuali])
    form.unit_kerja_id.choices = pilihan([(TANPA, "— seluruh perangkat daerah —")]
                                         + [(u.id, u.nama) for u in list_unit_kerja(konteks.perangkat_daerah().id)])


def _render_index(status: int = 200, form: JabatanForm | None = None):
    pd, tahun, subjek = konteks.perangkat_daerah(), konteks.tahun_terpilih(), konteks.subjek()
    daftar = q.list_jabatan(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    form_baru = form or JabatanForm(formdata=None)
    _pilihan_jabatan(form_baru, daftar)
    return render_template(
        "sipekerja/pk/index.html", pd=pd, tahun=tahun, daftar_tahun=list_angka_tahun(),
        kelola=boleh_mengelola_pk(subjek), daftar=[j for j in daftar if boleh_melihat_jabatan(subjek, j)],
        semua={j.id: j for j in daftar}, form=form_baru,
    ), status


@bp.get("/")
@require_fitur(Fitur.PENGUKURAN)
def index():
    """List the agency-year's positions, their holders and PKs."""
    return _render_index()


@bp.post("/jabatan")
@bp.post("/jabatan/<int:jabatan_id>")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def simpan_jabatan(jabatan_id: int | None = None):
    """Add a position of the year, or change one (its parent, unit and holder)."""
    assert_boleh_mengelola_pk(konteks.subjek())
    jabatan = _jabatan_milik(jabatan_id) if jabatan_id else None
    tahun = q.get_tahun_id(jabatan.tahun_id) if jabatan else konteks.tahun_terpilih()
    pd = konteks.perangkat_daerah()
    form = JabatanForm()
    _pilihan_jabatan(form, q.list_jabatan(perangkat_daerah_id=pd.id, tahun_id=tahun.id), kecuali=jabatan_id)
    if form.validate():
        try:
            hasil = svc.save_jabatan(
                perangkat_daerah=pd, tahun=tahun, nama=form.nama.data, urutan=form.urutan.data or 0,
                atasan=_jabatan_milik(form.parent_id.data) if form.parent_id.data else None,
                unit_kerja=q.get_unit(form.unit_kerja_id.data) if form.unit_kerja_id.data else None,
                pemegang_nama=form.pemegang_nama.data, pemegang_nip=form.pemegang_nip.data,
                pemegang_pangkat=form.pemegang_pangkat.data, kepala_daerah_nama=form.kepala_daerah_nama.data,
                kepala_daerah_jabatan=form.kepala_daerah_jabatan.data, jabatan=jabatan,
                versi=form.versi_wajib() if jabatan else None, oleh=konteks.pengguna())
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash(f"Jabatan {hasil.nama} disimpan.")
            return redirect(url_for(".index", tahun=tahun.tahun))
    kesalahan_ke_flash(form)
    return _render_index(422, form=None if jabatan else form)


@bp.post("/jabatan/<int:jabatan_id>/pk")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def buat_pk(jabatan_id: int):
    """Start the PK of a position (it must have a holder)."""
    assert_boleh_mengelola_pk(konteks.subjek())
    jabatan = _jabatan_milik(jabatan_id)
    form = PKBaruForm()
    if form.validate():
        try:
            pk = svc.create_pk(jabatan=jabatan, tanggal=form.tanggal.data, oleh=konteks.pengguna())
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash(f"Perjanjian Kinerja {jabatan.nama} dibuat.")
            return redirect(url_for(".tampil", pk_id=pk.id))
    kesalahan_ke_flash(form)
    return redirect(url_for(".index", **_tahun_jabatan(jabatan))), 303


# --- one PK ------------------------------------------------------------------------------------


def _siapkan_form_indikator(form: IndikatorPKForm, isi: q.IsiPK, daftar: list[JabatanData]) -> None:
    form.sasaran_id.choices = pilihan([(s.id, s.uraian) for s in isi.sasaran])
    form.satuan_id.choices = pilihan([(s.id, s.nama) for s in list_satuan(isi.perangkat_daerah_id, aktif_saja=True)])
    form.indikator_id.choices = pilihan([(TANPA, "— tidak ditautkan —")] + q.list_opsi_indikator_rencana(
        perangkat_daerah_id=isi.perangkat_daerah_id, tahun_id=isi.tahun_id))
    per_id = {j.id: j for j in daftar}
    atas, langkah = [], isi.jabatan.parent_id
    while langkah is not None and langkah in per_id and langkah not in atas:
        atas.append(langkah)
        langkah = per_id[langkah].parent_id
    form.induk_id.choices = pilihan([(TANPA, "— tidak ada (IKU Kepala) —")] + q.list_opsi_induk(jabatan_atas=atas))
    form.indikator_renstra_id.choices = pilihan([(TANPA, "— tidak ditautkan —")]
                                                + q_renstra.list_opsi_indikator_renstra(
                                                    perangkat_daerah_id=isi.perangkat_daerah_id, tahun=isi.tahun))


def _render_pk(pk: PerjanjianKinerja, status: int = 200, **forms):
    isi = q.load_pk(pk)
    dokumen = q.dokumen_pk(isi, tempat=current_app.config["SIPEKERJA_TEMPAT_TTD"],
                           nama_daerah=current_app.config["SIPEKERJA_NAMA_DAERAH"], tanggal_cetak=konteks.hari_ini())
    kelola = boleh_mengelola_pk(konteks.subjek())
    konteks_form = {}
    if kelola:
        daftar = q.list_jabatan(perangkat_daerah_id=isi.perangkat_daerah_id, tahun_id=isi.tahun_id)
        form_ind = forms.get("form_indikator") or IndikatorPKForm(formdata=None)
        _siapkan_form_indikator(form_ind, isi, daftar)
        form_prog = forms.get("form_program") or ProgramPKForm(formdata=None)
        form_prog.node_id.choices = pilihan([(TANPA, "— ketik uraian sendiri —")] + q.list_opsi_node(
            perangkat_daerah_id=isi.perangkat_daerah_id, tahun_id=isi.tahun_id,
            unit_kerja_id=isi.jabatan.unit_kerja_id))
        konteks_form = {"form_indikator": form_ind, "form_program": form_prog,
                        "form_sasaran": forms.get("form_sasaran") or SasaranPKForm(formdata=None),
                        "konfirmasi": KonfirmasiForm()}
    renstra = q_renstra.target_renstra_pk(pk.id)
    banding = {i.id: (renstra[i.id], bandingkan_target(i.target, renstra[i.id].target_tahun(isi.tahun)))
               for s in isi.sasaran for i in s.indikator if i.id in renstra}
    return render_template(
        "sipekerja/pk/tampil.html", isi=isi, dok=dokumen, kelola=kelola, baris_a=baris_sasaran(dokumen),
        baris_b=baris_program(dokumen), ttd=tanda_tangan_pk(dokumen), kop=kop(current_app.config),
        teks_target=teks_target, format_target=format_target, banding=banding, BERBEDA=StatusBanding.BERBEDA,
        **konteks_form,
    ), status


@bp.get("/<int:pk_id>")
@require_fitur(Fitur.PENGUKURAN)
def tampil(pk_id: int):
    """Show a PK as it will be printed, with the forms that fill it (Pengguna Utama)."""
    return _render_pk(_pk_milik(pk_id))


def _tulis(pk: PerjanjianKinerja, form, nama_form: str, simpan, pesan: str):
    """Validate, call one service, commit and go back to the PK — or show it again (422), nothing saved."""
    if form.validate():
        try:
            simpan()
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash(pesan)
            return redirect(url_for(".tampil", pk_id=pk.id))
    kesalahan_ke_flash(form)
    return _render_pk(pk, 422, **{nama_form: form})


@bp.post("/<int:pk_id>/sasaran")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def tambah_sasaran(pk_id: int):
    """Add a sasaran to a PK."""
    pk = _pk_kelola(pk_id)
    form = SasaranPKForm()
    return _tulis(pk, form, "form_sasaran", lambda: svc.add_sasaran_pk(pk=pk, uraian=form.uraian.data,
                                                                       oleh=konteks.pengguna()), "Sasaran ditambahkan.")


def _simpan_indikator(pk: PerjanjianKinerja, indikator: IndikatorPK | None):
    isi = q.load_pk(pk)
    form = IndikatorPKForm()
    _siapkan_form_indikator(form, isi, q.list_jabatan(perangkat_daerah_id=isi.perangkat_daerah_id,
                                                      tahun_id=isi.tahun_id))

    def simpan():
        return svc.save_indikator_pk(
            pk=pk, sasaran=q.get_sasaran_pk(form.sasaran_id.data), uraian=form.uraian.data,
            satuan=q.get_satuan(form.satuan_id.data), target=form.target.data,
            indikator_rencana=q.get_indikator_rencana(form.indikator_id.data) if form.indikator_id.data else None,
            induk=q.get_indikator_pk(form.induk_id.data) if form.induk_id.data else None, indikator=indikator,
            versi=form.versi_wajib() if indikator else None, oleh=konteks.pengguna(),
            indikator_renstra=q_renstra.get_indikator_renstra(form.indikator_renstra_id.data)
            if form.indikator_renstra_id.data else None)

    return _tulis(pk, form, "form_indikator", simpan, "Indikator kinerja disimpan.")


@bp.post("/<int:pk_id>/indikator")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def tambah_indikator(pk_id: int):
    """Add an indicator to a PK: its target, plan indicator and the upper indicator it supports."""
    return _simpan_indikator(_pk_kelola(pk_id), None)


@bp.post("/indikator/<int:indikator_id>")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def simpan_indikator(indikator_id: int):
    """Change a PK indicator: target, plan indicator, the upper indicator it supports."""
    indikator = q.get_indikator_pk(indikator_id)
    if indikator is None:
        abort(404)
    return _simpan_indikator(_pk_kelola(indikator.pk_id), indikator)


@bp.post("/indikator/<int:indikator_id>/hapus")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def hapus_indikator(indikator_id: int):
    """Remove a PK indicator that nothing supports."""
    indikator = q.get_indikator_pk(indikator_id)
    if indikator is None:
        abort(404)
    pk = _pk_kelola(indikator.pk_id)
    return _tulis(pk, KonfirmasiForm(), "konfirmasi", lambda: svc.hapus_indikator_pk(
        indikator=indikator, oleh=konteks.pengguna()), "Indikator dihapus.")


@bp.post("/<int:pk_id>/program")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def tambah_program(pk_id: int):
    """Add a program/kegiatan/sub kegiatan row with its anggaran to a PK."""
    pk = _pk_kelola(pk_id)
    isi = q.load_pk(pk)
    form = ProgramPKForm()
    form.node_id.choices = pilihan([(TANPA, "")] + q.list_opsi_node(
        perangkat_daerah_id=isi.perangkat_daerah_id, tahun_id=isi.tahun_id,
        unit_kerja_id=isi.jabatan.unit_kerja_id))
    return _tulis(pk, form, "form_program", lambda: svc.add_program_pk(
        pk=pk, node=q.get_node(form.node_id.data) if form.node_id.data else None, uraian=form.uraian.data,
        anggaran=form.anggaran.data, keterangan=form.keterangan.data, oleh=konteks.pengguna()),
        "Program/kegiatan ditambahkan.")


@bp.post("/program/<int:program_id>/hapus")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def hapus_program(program_id: int):
    """Remove a budget row of a PK."""
    program = q.get_program_pk(program_id)
    if program is None:
        abort(404)
    pk = _pk_kelola(program.pk_id)
    return _tulis(pk, KonfirmasiForm(), "konfirmasi", lambda: svc.hapus_program_pk(
        program=program, oleh=konteks.pengguna()), "Program/kegiatan dihapus.")


def _dokumen(pk_id: int):
    pk = _pk_milik(pk_id)
    isi = q.load_pk(pk)
    dok = q.dokumen_pk(isi, tempat=current_app.config["SIPEKERJA_TEMPAT_TTD"],
                       nama_daerah=current_app.config["SIPEKERJA_NAMA_DAERAH"], tanggal_cetak=konteks.hari_ini())
    return dok, f"perjanjian-kinerja-{isi.tahun}-{pk.jabatan_id}"


@bp.get("/<int:pk_id>/pdf")
@require_fitur(Fitur.PENGUKURAN)
def unduh_pdf(pk_id: int):
    """Download the PK (agreement and lampiran) as a portrait PDF on A4 or F4."""
    ukuran = ukuran_kertas()
    dok, nama = _dokumen(pk_id)
    return kirim(render_pk_pdf(dok, kop=kop(current_app.config), ukuran=ukuran), PDF_MIME, f"{nama}.pdf")


@bp.get("/<int:pk_id>/xlsx")
@require_fitur(Fitur.PENGUKURAN)
def unduh_xlsx(pk_id: int):
    """Download the PK as an XLSX workbook."""
    dok, nama = _dokumen(pk_id)
    return kirim(render_pk_xlsx(dok, kop=kop(current_app.config)), XLSX_MIME, f"{nama}.xlsx")


# --- pohon kinerja -----------------------------------------------------------------------------


@bp.get("/pohon")
@require_fitur(Fitur.PENGUKURAN)
def pohon():
    """Show the pohon kinerja from the head's IKU down, with capaian and predikat for a period."""
    pd, tahun, subjek = konteks.perangkat_daerah(), konteks.tahun_terpilih(), konteks.subjek()
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    periode = periode_terpilih(data)
    skala = load_skala_aktif(pd.id)
    hasil = hitung_pengukuran(data, periode, skala)
    capaian = {i: CapaianTaut(capaian=h.capaian_sd, predikat=h.predikat_sd, realisasi=h.capaian.realisasi_sd,
                              belum_lapor=h.belum_lapor) for i, h in hasil.per_indikator.items()}
    jabatan = q.list_jabatan(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    utuh = susun_pohon(jabatan, q.list_indikator_pk(perangkat_daerah_id=pd.id, tahun_id=tahun.id), capaian, skala)
    tampak = saring_pohon(utuh, [j.id for j in jabatan if boleh_melihat_jabatan(subjek, j)])
    return render_template("sipekerja/pk/pohon.html", pd=pd, tahun=tahun, daftar_tahun=list_angka_tahun(),
                           periode=periode, pilihan_periode=PILIHAN_PERIODE, pohon=tampak, teks_target=teks_target)


bp.record(batasi_unduhan)
