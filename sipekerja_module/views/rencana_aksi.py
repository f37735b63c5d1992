"""Rencana Aksi of the Perjanjian Kinerja (issue 16, item 4).

Routes (``/sipekerja/rencana-aksi``): one PK's Rencana Aksi (targets per triwulan, actions, their
realisasi, the monthly data beside them) with the forms that fill it; its PDF and XLSX; the
monitoring of every PK of the agency-year.

Access (``domain.rencana_aksi``, ``domain.pk``): reading a PK's Rencana Aksi needs Pengukuran Kerja
and the right to read the PK (a Bidang: its own unit's and the agency's); targets and actions need
the right to change Perencanaan, realisasi the right to change Realisasi, and both the PK's own
unit (or the Pengguna Utama): another unit's answers 403, an object of another agency 404. The
monitoring is the Pengguna Utama's and the Pimpinan's (Laporan).
"""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import url_for

from ..domain.akses import Fitur
from ..domain.capaian import Agregasi
from ..domain.capaian import format_target
from ..domain.errors import KonflikData
from ..domain.errors import SipekerjaError
from ..domain.pengukuran import label_data_sd
from ..domain.pk import JabatanData
from ..domain.pk import assert_boleh_melihat_jabatan
from ..domain.pk import boleh_melihat_jabatan
from ..domain.rencana_aksi import LABEL_STATUS
from ..domain.rencana_aksi import TRIWULAN
from ..domain.rencana_aksi import StatusAksi
from ..domain.rencana_aksi import assert_boleh_mengubah_rencana_aksi
from ..domain.rencana_aksi import boleh_mengubah_rencana_aksi
from ..domain.rencana_aksi import label_triwulan
from ..domain.rencana_aksi import susun_monitoring
from ..models import AksiPK
from ..models import IndikatorPK
from ..models import PerjanjianKinerja
from ..queries import pk as q_pk
from ..queries import rencana_aksi as q
from ..queries.referensi import list_angka_tahun
from ..reports.kop import kop
from ..reports.rencana_aksi import render_rencana_aksi_pdf
from ..reports.rencana_aksi import render_rencana_aksi_xlsx
from ..reports.rencana_aksi import teks_angka
from ..services import rencana_aksi as svc
from . import konflik
from . import konteks
from .forms import KonfirmasiForm
from .forms import kesalahan_ke_flash
from .forms_rencana_aksi import AksiForm
from .forms_rencana_aksi import RealisasiAksiForm
from .forms_rencana_aksi import RealisasiIndikatorForm
from .forms_rencana_aksi import TargetTriwulanForm
from .parameter import ukuran_kertas
from .permissions import require_fitur
from .unduh import PDF_MIME
from .unduh import XLSX_MIME
from .unduh import batasi_unduhan
from .unduh import kirim

bp = Blueprint("rencana_aksi", __name__, url_prefix="/rencana-aksi")


# --- loading with access checks ----------------------------------------------------------------


def _pk_milik(pk_id: int) -> PerjanjianKinerja:
    """A PK of the user's own agency (404 otherwise) the user may read (403 otherwise)."""
    pk = q_pk.get_pk(pk_id)
    if pk is None or pk.jabatan.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    j = pk.jabatan
    assert_boleh_melihat_jabatan(konteks.subjek(), JabatanData(id=j.id, nama=j.nama, parent_id=j.parent_id,
                                                                unit_kerja_id=j.unit_kerja_id, unit_nama=None,
                                                                pemegang=None))
    return pk


def _pk_ubah(pk_id: int) -> PerjanjianKinerja:
    """A PK whose Rencana Aksi the user may change (its unit's account or the Pengguna Utama)."""
    pk = _pk_milik(pk_id)
    assert_boleh_mengubah_rencana_aksi(konteks.subjek(), pk.jabatan.unit_kerja_id)
    return pk


def _indikator_ubah(indikator_id: int) -> IndikatorPK:
    indikator = q_pk.get_indikator_pk(indikator_id)
    if indikator is None:
        abort(404)
    _pk_ubah(indikator.pk_id)
    return indikator


def _aksi_ubah(aksi_id: int) -> AksiPK:
    aksi = q.get_aksi(aksi_id)
    if aksi is None:
        abort(404)
    _indikator_ubah(aksi.indikator_pk_id)
    return aksi


def _muat(pk: PerjanjianKinerja):
    return q.load_rencana_aksi(pk, tempat=current_app.config["SIPEKERJA_TEMPAT_TTD"],
                               nama_daerah=current_app.config["SIPEKERJA_NAMA_DAERAH"],
                               tanggal_cetak=konteks.hari_ini())


# --- one PK ------------------------------------------------------------------------------------


def _render(pk: PerjanjianKinerja, status: int = 200):
    ra = _muat(pk)
    return render_template(
        "sipekerja/rencana_aksi/tampil.html", ra=ra, ubah=boleh_mengubah_rencana_aksi(konteks.subjek(),
                                                                                     ra.unit_kerja_id),
        triwulan=TRIWULAN, label_triwulan=label_triwulan, label_status=LABEL_STATUS, teks_angka=teks_angka,
        format_target=format_target, konfirmasi=KonfirmasiForm(), agregasi=Agregasi, label_data_sd=label_data_sd,
    ), status


@bp.get("/pk/<int:pk_id>")
@require_fitur(Fitur.PENGUKURAN)
def tampil(pk_id: int):
    """Show a PK's Rencana Aksi with its realisasi and the monthly data beside it."""
    return _render(_pk_milik(pk_id))


def _tulis(pk_id: int, form, simpan, pesan: str):
    """Validate, call one service, commit and go back to the Rencana Aksi — or show it again (422,
    409 for a lost race), nothing saved."""
    pk = _pk_ubah(pk_id)
    konflik.saat_konflik(lambda: _render(pk, 409))
    if form.validate():
        try:
            simpan()
        except SipekerjaError as error:
            konteks.gagal(error)
            return _render(pk, 409 if isinstance(error, KonflikData) else 422)
        konteks.commit_dan_flash(pesan)
        return redirect(url_for(".tampil", pk_id=pk.id))
    kesalahan_ke_flash(form)
    return _render(pk, 422)


@bp.post("/indikator/<int:indikator_id>/target")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def simpan_target(indikator_id: int):
    """Save an indicator's targets per triwulan (and how its months combine when not linked)."""
    indikator = _indikator_ubah(indikator_id)
    form = TargetTriwulanForm()
    return _tulis(indikator.pk_id, form, lambda: svc.simpan_target_triwulan(
        indikator=indikator, target={1: form.tw1.data, 2: form.tw2.data, 3: form.tw3.data, 4: form.tw4.data},
        agregasi=Agregasi(form.agregasi.data) if form.agregasi.data else None, versi=form.versi_wajib(),
        oleh=konteks.pengguna()), "Target triwulan disimpan.")


@bp.post("/indikator/<int:indikator_id>/aksi")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def tambah_aksi(indikator_id: int):
    """Add an action to an indicator."""
    indikator = _indikator_ubah(indikator_id)
    form = AksiForm()
    return _tulis(indikator.pk_id, form, lambda: svc.tambah_aksi(
        indikator=indikator, uraian=form.uraian.data, triwulan=form.triwulan.data, output=form.output.data,
        penanggung_jawab=form.penanggung_jawab.data, oleh=konteks.pengguna()), "Rencana aksi ditambahkan.")


@bp.post("/aksi/<int:aksi_id>")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def ubah_aksi(aksi_id: int):
    """Change an action: text, triwulans, output, penanggung jawab."""
    aksi = _aksi_ubah(aksi_id)
    form = AksiForm()
    return _tulis(aksi.indikator_pk.pk_id, form, lambda: svc.ubah_aksi(
        aksi=aksi, uraian=form.uraian.data, triwulan=form.triwulan.data, output=form.output.data,
        penanggung_jawab=form.penanggung_jawab.data, versi=form.versi_wajib(), oleh=konteks.pengguna()),
        "Rencana aksi disimpan.")


@bp.post("/aksi/<int:aksi_id>/hapus")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def hapus_aksi(aksi_id: int):
    """Remove an action with its realisasi."""
    aksi = _aksi_ubah(aksi_id)
    return _tulis(aksi.indikator_pk.pk_id, KonfirmasiForm(), lambda: svc.hapus_aksi(aksi=aksi, oleh=konteks.pengguna()),
                  "Rencana aksi dihapus.")


@bp.post("/aksi/<int:aksi_id>/realisasi")
@require_fitur(Fitur.REALISASI, ubah=True)
def realisasi_aksi(aksi_id: int):
    """Report the realisasi of an action in a triwulan."""
    aksi = _aksi_ubah(aksi_id)
    pk = q_pk.get_pk(aksi.indikator_pk.pk_id)
    form = RealisasiAksiForm()
    return _tulis(pk.id, form, lambda: svc.simpan_realisasi_aksi(
        aksi=aksi, tahun_pk=q_pk.angka_tahun(pk.jabatan.tahun_id), tahun_isian=form.tahun.data,
        triwulan=form.triwulan.data, status=StatusAksi(form.status.data), keterangan=form.keterangan.data,
        tautan_bukti=form.tautan_bukti.data, versi=form.versi_wajib(), hari_ini=konteks.hari_ini(),
        oleh=konteks.pengguna()), "Realisasi rencana aksi disimpan.")


@bp.post("/indikator/<int:indikator_id>/realisasi")
@require_fitur(Fitur.REALISASI, ubah=True)
def realisasi_indikator(indikator_id: int):
    """Report the realisasi of an indicator to the end of a triwulan."""
    indikator = _indikator_ubah(indikator_id)
    pk = q_pk.get_pk(indikator.pk_id)
    form = RealisasiIndikatorForm()
    return _tulis(pk.id, form, lambda: svc.simpan_realisasi_indikator(
        indikator=indikator, tahun_pk=q_pk.angka_tahun(pk.jabatan.tahun_id), tahun_isian=form.tahun.data,
        triwulan=form.triwulan.data, realisasi=form.realisasi.data, keterangan=form.keterangan.data,
        versi=form.versi_wajib(), hari_ini=konteks.hari_ini(), oleh=konteks.pengguna()),
        "Realisasi indikator disimpan.")


def _nama_berkas(pk: PerjanjianKinerja, ra) -> str:
    return f"rencana-aksi-{ra.tahun}-{pk.jabatan_id}"


@bp.get("/pk/<int:pk_id>/pdf")
@require_fitur(Fitur.PENGUKURAN)
def unduh_pdf(pk_id: int):
    """Download the Rencana Aksi with its realisasi as a landscape PDF on A4 or F4."""
    ukuran = ukuran_kertas()
    pk = _pk_milik(pk_id)
    ra = _muat(pk)
    return kirim(render_rencana_aksi_pdf(ra, kop=kop(current_app.config), ukuran=ukuran, hari_ini=konteks.hari_ini()),
                 PDF_MIME, f"{_nama_berkas(pk, ra)}.pdf")


@bp.get("/pk/<int:pk_id>/xlsx")
@require_fitur(Fitur.PENGUKURAN)
def unduh_xlsx(pk_id: int):
    """Download the Rencana Aksi with its realisasi as an XLSX workbook."""
    pk = _pk_milik(pk_id)
    ra = _muat(pk)
    return kirim(render_rencana_aksi_xlsx(ra, kop=kop(current_app.config), hari_ini=konteks.hari_ini()), XLSX_MIME,
                 f"{_nama_berkas(pk, ra)}.xlsx")


# --- monitoring --------------------------------------------------------------------------------


@bp.get("/monitoring")
@require_fitur(Fitur.LAPORAN)
def monitoring():
    """Every PK's actions of the agency-year per triwulan: done, partly, not done, late; and each
    indicator's realisasi next to the monthly data."""
    pd, tahun, subjek = konteks.perangkat_daerah(), konteks.tahun_terpilih(), konteks.subjek()
    jabatan = q_pk.list_jabatan(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    daftar = q.load_monitoring(perangkat_daerah_id=pd.id, tahun_id=tahun.id, tahun=tahun.tahun,
                               perangkat_daerah=pd.nama,
                               jabatan_terlihat=[j.id for j in jabatan if boleh_melihat_jabatan(subjek, j)])
    baris, ringkasan = susun_monitoring(daftar, hari_ini=konteks.hari_ini())
    return render_template("sipekerja/rencana_aksi/monitoring.html", pd=pd, tahun=tahun,
                           daftar_tahun=list_angka_tahun(), daftar=daftar, baris=baris, ringkasan=ringkasan,
                           triwulan=TRIWULAN, label_triwulan=label_triwulan, teks_angka=teks_angka,
                           format_target=format_target, label_data_sd=label_data_sd)


bp.record(batasi_unduhan)
