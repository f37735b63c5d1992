"""Perencanaan Kerja: the plan tree of a year, sasaran and IKU (Utama), program / kegiatan /
sub kegiatan from the nomenclature, indicators, the monthly grids, the spreadsheet round trip,
fixing the plan, and the history of any plan object.

Every object is loaded, then checked against the user's agency and unit (``domain.akses``)
before anything else happens; another unit's id gives 403, an unknown one 404.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from flask import Blueprint
from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask import send_file
from flask import url_for
from markupsafe import Markup

from ..domain.akses import Fitur
from ..domain.akses import assert_boleh
from ..domain.akses import boleh_melihat
from ..domain.angka import DESIMAL_ANGGARAN
from ..domain.angka import DESIMAL_KINERJA
from ..domain.angka import format_angka
from ..domain.bagi_target import bagi_target_tahunan
from ..domain.capaian import Agregasi
from ..domain.capaian import Polaritas
from ..domain.capaian import RumusNegatif
from ..domain.errors import KonflikData
from ..domain.errors import SipekerjaError
from ..domain.periode import NAMA_BULAN
from ..domain.pohon import pohon_rencana
from ..domain.rencana import IsianTidakValid
from ..domain.versi_target import ATURAN_BAWAAN
from ..domain.versi_target import AturanVersi
from ..extensions import db_session
from ..models import Indikator
from ..models import NodeRencana
from ..models import RencanaKerja
from ..models import Sasaran
from ..models import Satuan
from ..models import TargetAnggaranVersi
from ..models import TargetKinerjaVersi
from ..models import UnitKerja
from ..models import VersiTarget
from ..queries.perencanaan import get_keadaan_rencana
from ..queries.perencanaan import get_target_anggaran_bulanan
from ..queries.perencanaan import get_target_kinerja_bulanan
from ..queries.referensi import list_audit_log
from ..queries.referensi import list_kode_nomenklatur
from ..queries.referensi import list_sasaran
from ..queries.referensi import list_satuan
from ..queries.referensi import list_unit_kerja
from ..queries.rencana import load_rencana
from ..queries.versi_target import get_aturan_versi
from ..queries.versi_target import get_target_versi
from ..queries.versi_target import get_versi
from ..queries.versi_target import list_versi
from ..queries.versi_target import target_per_versi
from ..services import perencanaan as svc
from ..services import target_xlsx
from ..services import versi_target as svc_versi
from . import fragmen
from . import konteks
from .forms import AlasanForm
from .forms import AnggaranForm
from .forms import IndikatorForm
from .forms import KonfirmasiForm
from .forms import NodeForm
from .forms import SasaranForm
from .forms import TargetKinerjaForm
from .forms import TargetKinerjaVersiForm
from .forms import UnggahForm
from .forms import nilai_bulanan
from .forms import pilihan
from .forms_versi import AturanVersiForm
from .forms_versi import PerubahanForm
from .permissions import require_fitur
from .pohon_blok import baris_pohon
from .unduh import XLSX_MIME

bp = Blueprint("perencanaan", __name__, url_prefix="/perencanaan")
#: Object types whose history can be shown, with the unit that owns them.
RIWAYAT = {"Indikator": Indikator, "NodeRencana": NodeRencana, "Sasaran": Sasaran, "RencanaKerja": RencanaKerja}


def _muat(model, obj_id: int, *, ubah: bool = False):
    """Load a plan object of the user's agency and check the unit right (403) — 404 if unknown."""
    obj = db_session.get(model, obj_id)
    if obj is None or obj.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    assert_boleh(konteks.subjek(), Fitur.PERENCANAAN, getattr(obj, "unit_kerja_id", None), ubah=ubah)
    return obj


def _unit_dipilih() -> UnitKerja | None:
    """The unit shown: a Bidang account always sees its own; Utama may pick one or all."""
    subjek = konteks.subjek()
    unit_id = subjek.unit_id if not _boleh_semua_unit() else request.args.get("unit", type=int)
    if unit_id is None:
        return None
    unit = db_session.get(UnitKerja, unit_id)
    if unit is None or unit.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    assert_boleh(subjek, Fitur.PERENCANAAN, unit.id)
    return unit


def _boleh_semua_unit() -> bool:
    return boleh_melihat(konteks.subjek(), Fitur.PERENCANAAN, None)


def _units() -> list[UnitKerja]:
    return list_unit_kerja(konteks.perangkat_daerah().id)


def _sasaran(tahun_id: int) -> list[Sasaran]:
    return list_sasaran(perangkat_daerah_id=konteks.perangkat_daerah().id, tahun_id=tahun_id)


def _render_index(status: int = 200, sasaran_form=None, node_form=None):
    """The plan page; with fresh forms (a GET) its body is the cached fragment of the data version."""
    pd = konteks.perangkat_daerah()
    tahun = konteks.tahun_terpilih()
    unit = _unit_dipilih()
    semua_unit = _boleh_semua_unit()
    # The numbers of the year's perubahan, kept under the plan version: every view needs them to check ``?versi=``.
    urutan_versi = fragmen.ambil_data_rencana("urutan-versi", (tahun.id,), lambda: tuple(
        v.urutan for v in list_versi(perangkat_daerah_id=pd.id, tahun_id=tahun.id)))
    versi_tampil = _urutan_versi(urutan_versi)

    def halaman() -> str:
        daftar_versi = list_versi(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
        data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, unit_kerja_id=unit.id if unit else None,
                            dengan_realisasi=False, versi_urutan=versi_tampil if daftar_versi else None)
        aturan = get_aturan_versi(pd.id)
        aturan_form = AturanVersiForm(aturan=(aturan or ATURAN_BAWAAN).value)
        units = _units() if semua_unit else [unit]
        form_node = node_form or NodeForm()
        form_node.unit_kerja_id.choices = pilihan([(u.id, u.nama) for u in units if u is not None])
        form_node.sasaran_id.choices = pilihan([(0, "— tanpa sasaran —")] + [(s.id, f"{s.kode} {s.uraian}")
                                                                             for s in _sasaran(tahun.id)])
        kode_pilihan = list_kode_nomenklatur(("program", "kegiatan", "sub_kegiatan"), batas=2000)
        return render_template(
            "sipekerja/perencanaan/_halaman.html", pd=pd, tahun=tahun, unit=unit, units=units,
            rencana=get_keadaan_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id),
            # The rows: cached per row under their own inputs (views/pohon_blok.py).
            baris_html=baris_pohon(pohon_rencana(data), tahun=tahun.tahun, unit_id=unit.id if unit else None,
                                   semua_unit=semua_unit, ada_versi=bool(daftar_versi), versi_tampil=versi_tampil),
            daftar_tahun=fragmen.daftar_tahun(), semua_unit=semua_unit,
            sasaran_form=sasaran_form or SasaranForm(), node_form=form_node, kode_pilihan=kode_pilihan,
            alasan_form=AlasanForm(), konfirmasi=KonfirmasiForm(), unggah_form=UnggahForm(),
            daftar_versi=daftar_versi, versi_tampil=versi_tampil, perubahan_form=PerubahanForm(),
            aturan_form=aturan_form, aturan=aturan or ATURAN_BAWAAN,
        )

    segar = sasaran_form is None and node_form is None
    kunci = (tahun.id, unit.id if unit else "", semua_unit, versi_tampil)
    # The tree shows no realisasi: only a write besides realisasi makes it unreachable.
    isi = fragmen.ambil("perencanaan", kunci, halaman, lingkup=fragmen.lingkup_agensi("rencana")) if segar \
        else Markup(halaman())
    return render_template("sipekerja/perencanaan/index.html", isi=isi), status


@bp.get("/")
@require_fitur(Fitur.PERENCANAAN)
def index():
    """Show the plan tree of a year (one unit, or all for Utama) with its actions."""
    return _render_index()


def _kembali_ke_index(**extra):
    return redirect(url_for(".index", tahun=konteks.tahun_terpilih().tahun, **extra))


@bp.post("/sasaran")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def tambah_sasaran():
    """Add a sasaran strategis (Utama: agency-wide objects belong to no unit)."""
    assert_boleh(konteks.subjek(), Fitur.PERENCANAAN, None, ubah=True)
    form = SasaranForm()
    if not form.validate():
        return _render_index(422, sasaran_form=form)
    try:
        svc.create_sasaran(perangkat_daerah=konteks.perangkat_daerah(), tahun=konteks.tahun_terpilih(),
                           kode=form.kode.data, uraian=form.uraian.data, oleh=konteks.pengguna())
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render_index(422, sasaran_form=form)
    konteks.commit_dan_flash("Sasaran ditambahkan.")
    return _kembali_ke_index()


@bp.post("/node")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def tambah_node():
    """Put a program, kegiatan or sub kegiatan of the nomenclature into a unit's plan."""
    form = NodeForm()
    form.unit_kerja_id.choices = pilihan([(u.id, u.nama) for u in _units()])
    tahun = konteks.tahun_terpilih()
    form.sasaran_id.choices = pilihan([(0, "")] + [(s.id, s.kode) for s in _sasaran(tahun.id)])
    if not form.validate():
        return _render_index(422, node_form=form)
    unit = db_session.get(UnitKerja, form.unit_kerja_id.data)
    assert_boleh(konteks.subjek(), Fitur.PERENCANAAN, unit.id, ubah=True)
    sasaran = db_session.get(Sasaran, form.sasaran_id.data) if form.sasaran_id.data else None
    try:
        node = svc.add_node(tahun=tahun, unit_kerja=unit, kode=form.kode.data, sasaran=sasaran,
                            oleh=konteks.pengguna())
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render_index(422, node_form=form)
    konteks.commit_dan_flash(f"{node.nama} ditambahkan ke rencana {unit.nama}.")
    return _kembali_ke_index(unit=unit.id if _boleh_semua_unit() else None)


@bp.post("/node/<int:node_id>/hapus")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def hapus_node(node_id: int):
    """Remove a node and everything below it, while nothing below has realisasi."""
    node = _muat(NodeRencana, node_id, ubah=True)
    if not KonfirmasiForm().validate():
        abort(400)
    nama = node.nama
    try:
        svc.remove_node(node=node, oleh=konteks.pengguna())
    except SipekerjaError as error:
        konteks.gagal(error)
    else:
        konteks.commit_dan_flash(f"{nama} dihapus dari rencana.")
    return _kembali_ke_index()


def _pilihan_indikator(form: IndikatorForm) -> None:
    satuan = list_satuan(konteks.perangkat_daerah().id, aktif_saja=True)
    form.satuan_id.choices = pilihan([(s.id, s.nama) for s in satuan])


def _induk_dari(kunci: str):
    """Resolve ``node:ID`` or ``sasaran:ID`` to the object an indicator hangs on."""
    jenis, _, ident = (kunci or "").partition(":")
    model = {"node": NodeRencana, "sasaran": Sasaran}.get(jenis)
    if model is None or not (ident.isascii() and ident.isdigit()) or len(ident) > 18:
        abort(404)  # (more than 18 digits cannot be an id: the driver would overflow)
    return _muat(model, int(ident), ubah=True)


def _simpan_indikator(form: IndikatorForm, indikator: Indikator | None):
    kwargs = dict(uraian=form.uraian.data, satuan=db_session.get(Satuan, form.satuan_id.data),
                  polaritas=Polaritas(form.polaritas.data), agregasi=Agregasi(form.agregasi.data),
                  rumus_negatif=RumusNegatif(form.rumus_negatif.data), target=form.target.data,
                  manual=form.manual(), oleh=konteks.pengguna())
    if indikator is None:
        return svc.create_indikator(induk=_induk_dari(form.induk.data), **kwargs)
    return svc.update_indikator(indikator=indikator, versi=form.versi_wajib(), **kwargs)


@bp.route("/indikator/baru", methods=["GET", "POST"])
@bp.route("/indikator/<int:indikator_id>", methods=["GET", "POST"])
@require_fitur(Fitur.PERENCANAAN)
def indikator(indikator_id: int | None = None):
    """Show, create or change an indicator (attributes and annual target)."""
    ubah = request.method == "POST"
    obj = _muat(Indikator, indikator_id, ubah=ubah) if indikator_id else None
    form = IndikatorForm(obj=obj) if obj and not ubah else IndikatorForm()
    if obj and not ubah:
        form.target.data = svc.target_dari_kolom(obj.target_tahunan, obj.target_atas)
        form.versi.data = obj.version
    if obj is None:
        form.induk.data = form.induk.data or request.args.get("induk", "")
        induk = _induk_dari(form.induk.data)
    else:
        induk = obj.node or obj.sasaran
    _pilihan_indikator(form)
    status = 200
    if ubah:
        if form.validate():
            try:
                hasil = _simpan_indikator(form, obj)
            except SipekerjaError as error:
                konteks.gagal(error)
                status = 422
            else:
                konteks.commit_dan_flash("Indikator disimpan.")
                return redirect(url_for(".target", indikator_id=hasil.id))
        else:
            status = 422
    return render_template("sipekerja/perencanaan/indikator.html", form=form, indikator=obj, induk=induk), status


def _urutan_versi(urutan_versi: Sequence[int]) -> int:
    """``?versi=`` (0 = murni, 1.. = perubahan); by default the latest version, the one still
    edited; 404 for a version the year does not have.

    :param urutan_versi: the numbers of the year's perubahan, first to last.
    """
    terakhir = urutan_versi[-1] if urutan_versi else 0
    urutan = request.args.get("versi", terakhir, type=int)
    if urutan != 0 and urutan not in urutan_versi:
        abort(404)
    return urutan


def _versi_grid(obj) -> tuple[VersiTarget | None, list[VersiTarget]]:
    """The version a grid shows and saves (None = murni) and every perubahan of the year."""
    daftar_versi = list_versi(perangkat_daerah_id=obj.perangkat_daerah_id, tahun_id=obj.tahun_id)
    urutan = _urutan_versi([v.urutan for v in daftar_versi])
    return (get_versi(perangkat_daerah_id=obj.perangkat_daerah_id, tahun_id=obj.tahun_id, urutan=urutan)
            if urutan else None), daftar_versi


def _isi_grid(form, nilai: dict, obj) -> None:
    """Fill a grid form with the stored months and the version it is opened with."""
    for bulan in range(1, 13):
        getattr(form, f"b{bulan}").data = nilai.get(bulan)
    form.versi.data = obj.version


#: The total cell of a target grid follows the indicator's agregasi (a nilai akhir indicator's year is
#: its December value, not a sum of percentages); anggaran always adds up.
LABEL_TOTAL = {"kumulatif": "Jumlah", "nilai_akhir": "Nilai akhir (Desember)", "rata_rata": "Rata-rata"}


def _usulan_bulanan(target: Decimal | None, agregasi: str, desimal: int) -> dict[int, str] | None:
    """The months proposed by "Isi dari target tahunan" (``domain.bagi_target``), formatted as the
    grid shows numbers; None when there is no single annual target to spread."""
    if target is None:
        return None
    return {b: format_angka(v, None) for b, v in bagi_target_tahunan(target, agregasi, desimal_maks=desimal).items()}


def _simpan_grid(form, simpan, pesan: str):
    """Validate and save a grid; return (errors per month, HTTP status), or None when saved."""
    if not form.validate():
        return [], 422
    try:
        simpan()
    except IsianTidakValid as error:
        konteks.gagal(error)
        return error.kesalahan, 422
    except SipekerjaError as error:
        konteks.gagal(error)
        return [], 409 if isinstance(error, KonflikData) else 422
    konteks.commit_dan_flash(pesan)
    return None


@bp.route("/indikator/<int:indikator_id>/target", methods=["GET", "POST"])
@require_fitur(Fitur.PERENCANAAN)
def target(indikator_id: int):
    """Show or save the twelve monthly targets of an indicator (keyboard: tab through months);
    ``?versi=`` picks murni or a perubahan (then with its own annual target)."""
    obj = _muat(Indikator, indikator_id, ubah=request.method == "POST")
    versi_target, daftar_versi = _versi_grid(obj)
    form = TargetKinerjaVersiForm() if versi_target else TargetKinerjaForm()
    kesalahan, status = [], 200
    target_tahunan = svc.target_dari_kolom(obj.target_tahunan, obj.target_atas)
    if versi_target is not None:
        bulanan, tahunan, ada = get_target_versi(model=TargetKinerjaVersi, kolom_induk="indikator_id",
                                                 versi_target=versi_target, induk_id=obj.id)
        if ada:
            target_tahunan = tahunan
        else:  # added after the copy: starts from its murni targets
            bulanan = get_target_kinerja_bulanan(obj.id)
    if request.method == "GET":
        _isi_grid(form, bulanan if versi_target else get_target_kinerja_bulanan(obj.id), obj)
        if versi_target is not None:
            form.target.data = target_tahunan
    else:
        if versi_target is not None:
            simpan = lambda: svc_versi.save_target_kinerja_versi(  # noqa: E731
                indikator=obj, versi_target=versi_target, target=form.target.data, nilai_bulanan=nilai_bulanan(form),
                versi=form.versi_wajib(), oleh=konteks.pengguna(), now=konteks.sekarang())
        else:
            simpan = lambda: svc.save_target_kinerja(  # noqa: E731
                indikator=obj, nilai_bulanan=nilai_bulanan(form), versi=form.versi_wajib(), oleh=konteks.pengguna())
        hasil = _simpan_grid(form, simpan, "Target bulanan disimpan.")
        if hasil is None:
            return redirect(url_for(".target", indikator_id=obj.id, versi=versi_target.urutan if versi_target else 0))
        kesalahan, status = hasil
    tunggal = target_tahunan.nilai if target_tahunan is not None and not target_tahunan.is_rentang else None
    return render_template("sipekerja/perencanaan/grid.html", form=form, judul="Target kinerja bulanan",
                           indikator=obj, node=obj.node, kesalahan=kesalahan, nama_bulan=NAMA_BULAN,
                           target=target_tahunan, agregasi=obj.agregasi, label_total=LABEL_TOTAL[obj.agregasi],
                           usulan=_usulan_bulanan(tunggal, obj.agregasi, DESIMAL_KINERJA),
                           versi_target=versi_target, daftar_versi=daftar_versi,
                           objek_id=obj.id), status


@bp.route("/node/<int:node_id>/anggaran", methods=["GET", "POST"])
@require_fitur(Fitur.PERENCANAAN)
def anggaran(node_id: int):
    """Show or save the pagu and the twelve monthly budget targets of a sub kegiatan;
    ``?versi=`` picks murni or a perubahan."""
    obj = _muat(NodeRencana, node_id, ubah=request.method == "POST")
    if obj.level != "sub_kegiatan":
        abort(404)
    versi_target, daftar_versi = _versi_grid(obj)
    form = AnggaranForm()
    kesalahan, status = [], 200
    bulanan, pagu = get_target_anggaran_bulanan(obj.id), obj.pagu
    if versi_target is not None:
        bulanan_v, pagu_v, ada = get_target_versi(model=TargetAnggaranVersi, kolom_induk="node_id",
                                                  versi_target=versi_target, induk_id=obj.id)
        if ada:
            bulanan, pagu = bulanan_v, pagu_v
    if request.method == "GET":
        _isi_grid(form, bulanan, obj)
        form.pagu.data = pagu
    else:
        if versi_target is not None:
            simpan = lambda: svc_versi.save_anggaran_versi(  # noqa: E731
                node=obj, versi_target=versi_target, pagu=form.pagu.data, nilai_bulanan=nilai_bulanan(form),
                versi=form.versi_wajib(), oleh=konteks.pengguna(), now=konteks.sekarang())
        else:
            simpan = lambda: svc.save_anggaran(  # noqa: E731
                node=obj, pagu=form.pagu.data, nilai_bulanan=nilai_bulanan(form), versi=form.versi_wajib(),
                oleh=konteks.pengguna())
        hasil = _simpan_grid(form, simpan, "Pagu dan target anggaran disimpan.")
        if hasil is None:
            return redirect(url_for(".anggaran", node_id=obj.id, versi=versi_target.urutan if versi_target else 0))
        kesalahan, status = hasil
    return render_template("sipekerja/perencanaan/grid.html", form=form, judul="Pagu dan target anggaran bulanan",
                           indikator=None, node=obj, kesalahan=kesalahan, nama_bulan=NAMA_BULAN,
                           agregasi="kumulatif", label_total=LABEL_TOTAL["kumulatif"],
                           usulan=_usulan_bulanan(pagu, "kumulatif", DESIMAL_ANGGARAN),
                           versi_target=versi_target, daftar_versi=daftar_versi, objek_id=obj.id), status


def _unit_xlsx(ubah: bool) -> UnitKerja:
    unit = db_session.get(UnitKerja, request.args.get("unit", type=int) or konteks.subjek().unit_id or 0)
    if unit is None or unit.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    assert_boleh(konteks.subjek(), Fitur.PERENCANAAN, unit.id, ubah=ubah)
    return unit


@bp.get("/xlsx")
@require_fitur(Fitur.PERENCANAAN)
def unduh_xlsx():
    """Download a unit's targets as a spreadsheet template."""
    unit, tahun = _unit_xlsx(ubah=False), konteks.tahun_terpilih()
    data = target_xlsx.build_template_target(unit_kerja=unit, tahun=tahun)
    return send_file(io.BytesIO(data), mimetype=XLSX_MIME, as_attachment=True,
                     download_name=f"target-{unit.kode.lower()}-{tahun.tahun}.xlsx")


@bp.post("/xlsx")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def unggah_xlsx():
    """Upload a filled template: every cell checked, all rows saved or none."""
    unit, tahun = _unit_xlsx(ubah=True), konteks.tahun_terpilih()
    form = UnggahForm()
    if not form.validate():
        konteks.gagal(SipekerjaError(" ".join(form.berkas.errors) or "Berkas tidak valid."))
        return _kembali_ke_index(unit=unit.id)
    try:
        hasil = target_xlsx.import_target_xlsx(stream=form.berkas.data.read(), unit_kerja=unit, tahun=tahun,
                                               oleh=konteks.pengguna())
    except target_xlsx.ImporTargetGagal as error:
        db_session.rollback()
        return render_template("sipekerja/perencanaan/impor_gagal.html", error=error, unit=unit, tahun=tahun), 422
    except SipekerjaError as error:
        konteks.gagal(error)
        return _kembali_ke_index(unit=unit.id)
    konteks.commit_dan_flash(f"Target {unit.nama} diimpor: {hasil.jumlah_berubah} baris berubah dari "
                             f"{hasil.jumlah_indikator} indikator dan {hasil.jumlah_sub_kegiatan} sub kegiatan.")
    return _kembali_ke_index(unit=unit.id)


def _rencana_utama() -> RencanaKerja:
    assert_boleh(konteks.subjek(), Fitur.REFERENSI, None, ubah=True)  # fixing the plan is Utama's
    return svc.get_or_create_rencana(perangkat_daerah_id=konteks.perangkat_daerah().id,
                                     tahun_id=konteks.tahun_terpilih().id)


@bp.post("/tetapkan")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def tetapkan():
    """Fix the year's plan: target changes then need Utama to reopen it."""
    rencana = _rencana_utama()
    if not KonfirmasiForm().validate():
        abort(400)
    try:
        svc.tetapkan_rencana(rencana=rencana, oleh=konteks.pengguna(), now=konteks.sekarang())
    except SipekerjaError as error:
        konteks.gagal(error)
    else:
        konteks.commit_dan_flash("Rencana kerja ditetapkan.")
    return _kembali_ke_index()


@bp.post("/buka")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def buka():
    """Reopen a fixed plan, with a reason (audited)."""
    rencana = _rencana_utama()
    form = AlasanForm()
    try:
        if not form.validate():
            raise SipekerjaError("Alasan membuka kembali rencana wajib diisi.")
        svc.buka_rencana(rencana=rencana, oleh=konteks.pengguna(), alasan=form.alasan.data)
    except SipekerjaError as error:
        konteks.gagal(error)
    else:
        konteks.commit_dan_flash("Rencana kerja dibuka kembali untuk perubahan.")
    return _kembali_ke_index()


@bp.post("/perubahan")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def buat_perubahan():
    """Start a perubahan of the year's targets (Utama; the plan must be ditetapkan): copy the
    current version, which the grids then edit."""
    rencana = _rencana_utama()
    form = PerubahanForm()
    try:
        if not form.validate():
            raise SipekerjaError(" ".join(e for errs in form.errors.values() for e in errs)
                                 or "Isian perubahan tidak valid.")
        tanggal = form.tanggal.data
        bulan = form.berlaku_mulai_bulan.data
        if bulan is None and tanggal is not None:
            bulan = tanggal.month
        versi = svc_versi.buat_perubahan(rencana=rencana, tanggal=tanggal, dasar_hukum=form.dasar_hukum.data or "",
                                         berlaku_mulai_bulan=bulan, oleh=konteks.pengguna(), now=konteks.sekarang(),
                                         zona=konteks.zona())
    except SipekerjaError as error:
        konteks.gagal(error)
        return _kembali_ke_index()
    konteks.commit_dan_flash(f"{versi.nama} target dibuat dari salinan versi sebelumnya; ubah targetnya pada "
                             "tabel target. Target versi sebelumnya kini hanya dapat dibaca.")
    return _kembali_ke_index(versi=versi.urutan)


@bp.post("/perubahan/aturan")
@require_fitur(Fitur.PERENCANAAN, ubah=True)
def aturan_versi():
    """Choose the agency's rule for the version that measures each month (a Referensi setting, Utama)."""
    assert_boleh(konteks.subjek(), Fitur.REFERENSI, None, ubah=True)
    form = AturanVersiForm()
    if not form.validate():
        konteks.gagal(SipekerjaError("Aturan pengukuran tidak dikenal."))
        return _kembali_ke_index()
    svc_versi.set_aturan_versi(perangkat_daerah_id=konteks.perangkat_daerah().id,
                               aturan=AturanVersi(form.aturan.data), oleh=konteks.pengguna())
    konteks.commit_dan_flash("Aturan pengukuran versi target disimpan.")
    return _kembali_ke_index()


@bp.get("/riwayat/<tipe>/<int:objek_id>")
@require_fitur(Fitur.PERENCANAAN)
def riwayat(tipe: str, objek_id: int):
    """Show the audit history of one plan object (who, when, before → after)."""
    model = RIWAYAT.get(tipe)
    if model is None:
        abort(404)
    obj = _muat(model, objek_id)
    log = list_audit_log(objek_tipe=tipe, objek_id=obj.id)
    # An indicator's or a sub kegiatan's targets in every version (murni | perubahan), side by side.
    versi = target_per_versi(obj) if tipe == "Indikator" or getattr(obj, "level", "") == "sub_kegiatan" else []
    return render_template("sipekerja/perencanaan/riwayat.html", obj=obj, tipe=tipe, log=log, zona=konteks.zona(),
                           target_versi=versi, nama_bulan=NAMA_BULAN)
