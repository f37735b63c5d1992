"""Tindak lanjut hasil pengukuran (issue 16, item 7): the evaluation meeting of each triwulan, its
findings and decisions, their follow-up, the minutes, and the printable report.

Routes (``/sipekerja/tindak-lanjut``): the meetings of the agency-year; one meeting with its
forms and the open decisions carried from earlier triwulans; its minutes; the report as PDF and
XLSX.

Access (``domain.tindak_lanjut``): pages need Pengukuran Kerja (Utama, Bidang, Pimpinan; a Bidang
sees the findings and decisions of its own unit); meetings, findings and decisions are the
Pengguna Utama's to write (a Bidang gets 403, a Pimpinan too); the status of a decision is
reported by its unit or the Pengguna Utama; the report needs Laporan (Utama, Pimpinan). An object
of another agency answers 404. A lost race answers 409 with the form kept.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from ..domain.akses import Fitur
from ..domain.errors import AksesDitolak
from ..domain.errors import KonflikData
from ..domain.errors import NilaiTidakValid
from ..domain.errors import SipekerjaError
from ..domain.periode import NAMA_TRIWULAN
from ..domain.tindak_lanjut import LABEL_JENIS
from ..domain.tindak_lanjut import WARNA_STATUS
from ..domain.tindak_lanjut import assert_boleh_mengelola_rapat
from ..domain.tindak_lanjut import assert_boleh_ubah_status
from ..domain.tindak_lanjut import boleh_melihat_unit
from ..domain.tindak_lanjut import boleh_mengelola_rapat
from ..domain.tindak_lanjut import boleh_ubah_status
from ..domain.tindak_lanjut import daftar_peserta
from ..models import KeputusanRapat
from ..models import RapatEvaluasi
from ..models import TemuanRapat
from ..queries import tindak_lanjut as q
from ..queries.referensi import list_angka_tahun
from ..queries.referensi import load_identitas_laporan
from ..reports.kop import kop
from ..reports.kop import tanda_tangan_laporan
from ..reports.tindak_lanjut import render_tindak_lanjut_pdf
from ..reports.tindak_lanjut import render_tindak_lanjut_xlsx
from ..services import tindak_lanjut as svc
from . import konflik
from . import konteks
from .berkas import MIME_PRATINJAU
from .berkas import kirim_berkas
from .forms import KonfirmasiForm
from .forms import kesalahan_ke_flash
from .forms import pilihan
from .forms_tindak_lanjut import TANPA
from .forms_tindak_lanjut import KeputusanForm
from .forms_tindak_lanjut import RapatForm
from .forms_tindak_lanjut import StatusForm
from .forms_tindak_lanjut import TemuanForm
from .forms_tindak_lanjut import UbahRapatForm
from .parameter import ukuran_kertas
from .permissions import require_fitur
from .unduh import PDF_MIME
from .unduh import XLSX_MIME
from .unduh import batasi_unduhan
from .unduh import kirim

bp = Blueprint("tindak_lanjut", __name__, url_prefix="/tindak-lanjut")


# --- loading with access checks ----------------------------------------------------------------


def _rapat_milik(rapat_id: int) -> RapatEvaluasi:
    """A meeting of the user's own agency (404 otherwise)."""
    rapat = q.get_rapat(rapat_id)
    if rapat is None or rapat.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    return rapat


def _temuan_milik(temuan_id: int) -> tuple[TemuanRapat, RapatEvaluasi]:
    temuan = q.get_temuan(temuan_id)
    if temuan is None:
        abort(404)
    return temuan, _rapat_milik(temuan.rapat_id)


def _keputusan_milik(keputusan_id: int) -> tuple[KeputusanRapat, RapatEvaluasi]:
    keputusan = q.get_keputusan(keputusan_id)
    if keputusan is None:
        abort(404)
    return keputusan, _rapat_milik(keputusan.rapat_id)


def _tulis(simpan: Callable[[], object], pesan: str, tujuan: Callable[[], str], render: Callable[[int], tuple]):
    """Call one service, commit and redirect — or show the page again (422, 409 for a race), nothing saved."""
    konflik.saat_konflik(lambda: render(409))
    try:
        simpan()
    except AksesDitolak:
        raise
    except SipekerjaError as error:
        konteks.gagal(error)
        return render(409 if isinstance(error, KonflikData) else 422)
    konteks.commit_dan_flash(pesan)
    return redirect(tujuan())


# --- the meetings of a year --------------------------------------------------------------------


def _render_index(status: int = 200, form: RapatForm | None = None):
    pd, tahun, subjek = konteks.perangkat_daerah(), konteks.tahun_terpilih(), konteks.subjek()
    form = form or RapatForm(formdata=None, tahun=tahun.tahun, tanggal=konteks.hari_ini())
    return render_template(
        "sipekerja/tindak_lanjut/index.html", pd=pd, tahun=tahun, daftar_tahun=list_angka_tahun(),
        daftar=q.list_rapat(perangkat_daerah_id=pd.id, tahun_id=tahun.id), kelola=boleh_mengelola_rapat(subjek),
        form=form, nama_triwulan=NAMA_TRIWULAN,
    ), status


@bp.get("/")
@require_fitur(Fitur.PENGUKURAN)
def index():
    """List the agency-year's evaluation meetings, one per triwulan."""
    return _render_index()


@bp.post("/rapat")
@bp.post("/rapat/<int:rapat_id>")
@require_fitur(Fitur.PENGUKURAN, ubah=True)
def simpan_rapat(rapat_id: int | None = None):
    """Record a triwulan's meeting (with the findings proposed from its measurement), or change one."""
    assert_boleh_mengelola_rapat(konteks.subjek())
    rapat = _rapat_milik(rapat_id) if rapat_id else None
    form = UbahRapatForm() if rapat else RapatForm()

    def render(status: int):
        return _render_rapat(rapat, status, form_rapat=form) if rapat else _render_index(status, form)

    if not form.validate():
        kesalahan_ke_flash(form)
        return render(422)
    hasil: dict = {}

    def simpan():
        hasil["rapat"] = svc.save_rapat(
            subjek=konteks.subjek(), perangkat_daerah=konteks.perangkat_daerah(),
            tahun=None if rapat else form.tahun.data, triwulan=None if rapat else form.triwulan.data,
            tanggal=form.tanggal.data, tempat=form.tempat.data, pimpinan_rapat=form.pimpinan_rapat.data,
            peserta=form.peserta.data, now=konteks.sekarang(), zona=konteks.zona(), rapat=rapat,
            versi=form.versi_wajib() if rapat else None, oleh=konteks.pengguna())

    return _tulis(simpan, "Rapat evaluasi disimpan." if rapat else "Rapat evaluasi dicatat; temuan diusulkan dari "
                  "hasil pengukuran triwulan tersebut.", lambda: url_for(".tampil", rapat_id=hasil["rapat"].id),
                  render)


# --- one meeting -------------------------------------------------------------------------------


def _siapkan_form(rapat: RapatEvaluasi, isi: q.IsiRapat, forms: dict) -> dict:
    unit = q.list_opsi_unit(rapat.perangkat_daerah_id)
    f_temuan = forms.get("form_temuan") or TemuanForm(formdata=None)
    f_temuan.unit_kerja_id.choices = pilihan([(TANPA, "— seluruh perangkat daerah —"), *unit])
    f_temuan.indikator_id.choices = pilihan([(TANPA, "— tanpa indikator —"), *q.list_opsi_indikator(
        perangkat_daerah_id=rapat.perangkat_daerah_id, tahun_id=rapat.tahun_id)])
    f_keputusan = forms.get("form_keputusan") or KeputusanForm(formdata=None)
    f_keputusan.unit_kerja_id.choices = pilihan(unit)
    f_keputusan.temuan_id.choices = pilihan([(TANPA, "— tidak menjawab temuan tertentu —")]
                                            + [(t.id, t.uraian[:120]) for t in isi.temuan])
    f_rapat = forms.get("form_rapat") or UbahRapatForm(formdata=None, obj=rapat)
    return {"form_rapat": f_rapat, "form_temuan": f_temuan, "form_keputusan": f_keputusan,
            "konfirmasi": KonfirmasiForm()}


def _render_rapat(rapat: RapatEvaluasi, status: int = 200, **forms):
    subjek = konteks.subjek()
    isi = q.load_rapat(rapat)
    kelola = boleh_mengelola_rapat(subjek)
    tampak = q.IsiRapat(
        temuan=tuple(t for t in isi.temuan if boleh_melihat_unit(subjek, t.unit_kerja_id)),
        keputusan=tuple(k for k in isi.keputusan if boleh_melihat_unit(subjek, k.unit_kerja_id)),
        bawaan=tuple(k for k in isi.bawaan if boleh_melihat_unit(subjek, k.unit_kerja_id)))
    return render_template(
        "sipekerja/tindak_lanjut/tampil.html", rapat=rapat, isi=tampak, tahun=q.angka_tahun(rapat.tahun_id),
        kelola=kelola, boleh_status={k.id for k in (*tampak.keputusan, *tampak.bawaan)
                                     if boleh_ubah_status(subjek, k.unit_kerja_id)},
        peserta=daftar_peserta(rapat.peserta), nama_triwulan=NAMA_TRIWULAN, warna_status=WARNA_STATUS,
        label_jenis=LABEL_JENIS, form_status_isian=forms.get("form_status"), status_id=forms.get("status_id"),
        pilihan_status_all=StatusForm(formdata=None).status.choices,
        **(_siapkan_form(rapat, isi, forms) if kelola else {}),
    ), status


@bp.get("/rapat/<int:rapat_id>")
@require_fitur(Fitur.PENGUKURAN)
def tampil(rapat_id: int):
    """Show a meeting: its data, minutes, findings, decisions and the open ones carried forward."""
    return _render_rapat(_rapat_milik(rapat_id))


@bp.post("/rapat/<int:rapat_id>/notulen")
@require_fitur(Fitur.PENGUKURAN, ubah=True)
def unggah_notulen(rapat_id: int):
    """Attach the minutes (PDF, DOCX, JPEG, PNG), checked by content like bukti dukung."""
    assert_boleh_mengelola_rapat(konteks.subjek())
    rapat = _rapat_milik(rapat_id)
    if not KonfirmasiForm().validate():
        abort(400)
    berkas = request.files.get("berkas")

    def simpan():
        if berkas is None or not berkas.filename:
            raise NilaiTidakValid("Pilih berkas notulen terlebih dahulu.")
        svc.simpan_notulen(subjek=konteks.subjek(), rapat=rapat, nama_asli=berkas.filename,
                           data=berkas.read(current_app.config["SIPEKERJA_MAX_UPLOAD_BYTES"] + 1),
                           oleh=konteks.pengguna())

    return _tulis(simpan, "Notulen rapat diunggah.", lambda: url_for(".tampil", rapat_id=rapat.id),
                  lambda status: _render_rapat(rapat, status))


@bp.get("/rapat/<int:rapat_id>/notulen")
@require_fitur(Fitur.PENGUKURAN)
def lihat_notulen(rapat_id: int):
    """Serve the minutes to whoever may see the meeting: inline for images and PDF on request."""
    rapat = _rapat_milik(rapat_id)
    if not rapat.notulen_sha256:
        abort(404)
    inline = request.args.get("pratinjau") == "1" and rapat.notulen_mime in MIME_PRATINJAU
    return kirim_berkas(rapat.notulen_sha256, mime=rapat.notulen_mime, nama=rapat.notulen_nama,
                        ukuran=rapat.notulen_ukuran, inline=inline)


# --- findings ----------------------------------------------------------------------------------


@bp.post("/rapat/<int:rapat_id>/temuan")
@bp.post("/temuan/<int:temuan_id>")
@require_fitur(Fitur.PENGUKURAN, ubah=True)
def simpan_temuan(rapat_id: int | None = None, temuan_id: int | None = None):
    """Add a finding about a unit and/or indicator, or change one."""
    assert_boleh_mengelola_rapat(konteks.subjek())
    temuan, rapat = _temuan_milik(temuan_id) if temuan_id else (None, _rapat_milik(rapat_id))
    form = TemuanForm()
    _siapkan_form(rapat, q.load_rapat(rapat), {"form_temuan": form})

    def render(status: int):
        return _render_rapat(rapat, status, form_temuan=form)

    if not form.validate():
        kesalahan_ke_flash(form)
        return render(422)
    return _tulis(lambda: svc.save_temuan(
        subjek=konteks.subjek(), rapat=rapat, unit=q.get_unit(form.unit_kerja_id.data) if form.unit_kerja_id.data
        else None, indikator=q.get_indikator(form.indikator_id.data) if form.indikator_id.data else None,
        uraian=form.uraian.data, temuan=temuan, versi=form.versi_wajib() if temuan else None,
        oleh=konteks.pengguna()), "Temuan disimpan.", lambda: url_for(".tampil", rapat_id=rapat.id) + "#temuan",
        render)


@bp.post("/temuan/<int:temuan_id>/hapus")
@require_fitur(Fitur.PENGUKURAN, ubah=True)
def hapus_temuan(temuan_id: int):
    """Remove a finding (proposed or typed)."""
    assert_boleh_mengelola_rapat(konteks.subjek())
    temuan, rapat = _temuan_milik(temuan_id)
    if not KonfirmasiForm().validate():
        abort(400)
    return _tulis(lambda: svc.hapus_temuan(subjek=konteks.subjek(), temuan=temuan, oleh=konteks.pengguna()),
                  "Temuan dihapus.", lambda: url_for(".tampil", rapat_id=rapat.id) + "#temuan",
                  lambda status: _render_rapat(rapat, status))


# --- decisions ---------------------------------------------------------------------------------


@bp.post("/rapat/<int:rapat_id>/keputusan")
@bp.post("/keputusan/<int:keputusan_id>")
@require_fitur(Fitur.PENGUKURAN, ubah=True)
def simpan_keputusan(rapat_id: int | None = None, keputusan_id: int | None = None):
    """Add a decision with the unit that follows it up and the due date, or change one."""
    assert_boleh_mengelola_rapat(konteks.subjek())
    keputusan, rapat = _keputusan_milik(keputusan_id) if keputusan_id else (None, _rapat_milik(rapat_id))
    form = KeputusanForm()
    _siapkan_form(rapat, q.load_rapat(rapat), {"form_keputusan": form})

    def render(status: int):
        return _render_rapat(rapat, status, form_keputusan=form)

    if not form.validate():
        kesalahan_ke_flash(form)
        return render(422)
    return _tulis(lambda: svc.save_keputusan(
        subjek=konteks.subjek(), rapat=rapat, jenis=form.jenis.data, uraian=form.uraian.data,
        unit=q.get_unit(form.unit_kerja_id.data), penanggung_jawab=form.penanggung_jawab.data,
        batas_waktu=form.batas_waktu.data, temuan=q.get_temuan(form.temuan_id.data) if form.temuan_id.data else None,
        keputusan=keputusan, versi=form.versi_wajib() if keputusan else None, oleh=konteks.pengguna()),
        "Keputusan disimpan.", lambda: url_for(".tampil", rapat_id=rapat.id) + "#keputusan", render)


@bp.post("/keputusan/<int:keputusan_id>/hapus")
@require_fitur(Fitur.PENGUKURAN, ubah=True)
def hapus_keputusan(keputusan_id: int):
    """Remove a decision."""
    assert_boleh_mengelola_rapat(konteks.subjek())
    keputusan, rapat = _keputusan_milik(keputusan_id)
    if not KonfirmasiForm().validate():
        abort(400)
    return _tulis(lambda: svc.hapus_keputusan(subjek=konteks.subjek(), keputusan=keputusan, oleh=konteks.pengguna()),
                  "Keputusan dihapus.", lambda: url_for(".tampil", rapat_id=rapat.id) + "#keputusan",
                  lambda status: _render_rapat(rapat, status))


@bp.post("/keputusan/<int:keputusan_id>/status")
@require_fitur(Fitur.PENGUKURAN, ubah=True)
def ubah_status(keputusan_id: int):
    """Report the follow-up of a decision (its unit, or the Pengguna Utama); back to where it came from."""
    keputusan, rapat = _keputusan_milik(keputusan_id)
    assert_boleh_ubah_status(konteks.subjek(), keputusan.unit_kerja_id)
    form = StatusForm()
    kembali = request.args.get("kembali", type=int)
    tujuan = _rapat_milik(kembali) if kembali and kembali != rapat.id else rapat

    def render(status: int):
        return _render_rapat(tujuan, status, form_status=form, status_id=keputusan.id)

    if not form.validate():
        kesalahan_ke_flash(form)
        return render(422)
    ke_beranda = request.args.get("dari") == "beranda"
    return _tulis(lambda: svc.ubah_status_keputusan(
        subjek=konteks.subjek(), keputusan=keputusan, status=form.status.data, catatan=form.catatan.data,
        versi=form.versi_wajib(), now=konteks.sekarang(), oleh=konteks.pengguna()),
        "Status tindak lanjut disimpan.",
        lambda: url_for("sipekerja.home") if ke_beranda else url_for(".tampil", rapat_id=tujuan.id) + "#keputusan",
        render)


# --- the report --------------------------------------------------------------------------------


def _laporan(rapat_id: int):
    rapat = _rapat_milik(rapat_id)
    laporan = q.laporan_rapat(rapat, q.load_rapat(rapat))
    data_kop, penandatangan = load_identitas_laporan(rapat.perangkat_daerah_id)
    kop_ = kop(current_app.config, data_kop)
    ttd = tanda_tangan_laporan(current_app.config, lampiran_pk=False, tanggal=konteks.hari_ini(), kop_laporan=kop_,
                               simpanan=penandatangan)
    return laporan, kop_, ttd, f"tindak-lanjut-{laporan.tahun}-tw{laporan.triwulan}"


@bp.get("/rapat/<int:rapat_id>/pdf")
@require_fitur(Fitur.LAPORAN)
def unduh_pdf(rapat_id: int):
    """Download the Laporan Tindak Lanjut Hasil Pengukuran Kinerja as a PDF (A4 or F4)."""
    ukuran = ukuran_kertas()
    laporan, kop_, ttd, nama = _laporan(rapat_id)
    return kirim(render_tindak_lanjut_pdf(laporan, kop=kop_, tanda_tangan=ttd, ukuran=ukuran), PDF_MIME,
                 f"{nama}.pdf")


@bp.get("/rapat/<int:rapat_id>/xlsx")
@require_fitur(Fitur.LAPORAN)
def unduh_xlsx(rapat_id: int):
    """Download the Laporan Tindak Lanjut Hasil Pengukuran Kinerja as an XLSX workbook."""
    laporan, kop_, ttd, nama = _laporan(rapat_id)
    return kirim(render_tindak_lanjut_xlsx(laporan, kop=kop_, tanda_tangan=ttd), XLSX_MIME, f"{nama}.xlsx")


bp.record(batasi_unduhan)
