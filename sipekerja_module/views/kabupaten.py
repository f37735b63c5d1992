"""Kabupaten dashboard for kabupaten-level Pimpinan (Sekda, Bappeda, Inspektorat): capaian and
serapan per perangkat daerah per triwulan, with the ranking; each agency opens read-only."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import redirect
from flask import render_template
from flask import url_for

from ..domain.akses import Fitur
from ..domain.periode import NAMA_TRIWULAN
from ..extensions import db_session
from ..models import PerangkatDaerah
from ..queries.kabupaten import load_dasbor_kabupaten
from ..queries.pengukuran import load_skala_aktif
from ..services.ringkasan import pastikan_ringkasan
from . import konteks
from .permissions import require_fitur

bp = Blueprint("kabupaten", __name__, url_prefix="/kabupaten")


def _assert_kabupaten() -> None:
    if not konteks.is_kabupaten():
        abort(403)  # agency accounts see their own agency only


@bp.get("/")
@require_fitur(Fitur.PENGUKURAN)
def index():
    """Show every agency's capaian and serapan per triwulan with the ranking."""
    _assert_kabupaten()
    tahun = konteks.tahun_terpilih()
    if pastikan_ringkasan(tahun.id):  # first view after a bulk load fills the cache once
        db_session.commit()
    return render_template("sipekerja/kabupaten/index.html", baris=load_dasbor_kabupaten(
        tahun_id=tahun.id, skala=load_skala_aktif()), tahun=tahun, daftar_tahun=konteks.daftar_tahun(),
        nama_triwulan=NAMA_TRIWULAN)


@bp.get("/buka/<int:pd_id>")
@require_fitur(Fitur.PENGUKURAN)
def buka(pd_id: int):
    """Open one agency read-only: the module's pages then show that agency."""
    _assert_kabupaten()
    pd = db_session.get(PerangkatDaerah, pd_id)
    if pd is None or not pd.aktif:
        abort(404)
    konteks.pilih_perangkat_daerah(pd.id)
    return redirect(url_for("sipekerja.home"))
