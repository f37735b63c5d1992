"""Notifications (issue 17): the bell in the module's header, the page that lists a user's
notifications (mark one or all read) and the user's choice to get them by e-mail too. Every
signed-in module user has their own; another user's notification is never found (404)."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from ..auth.session import get_current_pengguna
from ..auth.session import sesi_berlaku
from ..domain.alur import format_pukul
from ..domain.errors import NilaiTidakValid
from ..domain.notifikasi import LABEL_JENIS
from ..domain.notifikasi import JenisNotifikasi
from ..domain.notifikasi import tautan_aman
from ..queries.notifikasi import get_notifikasi_milik
from ..queries.notifikasi import hitung_belum_dibaca
from ..queries.notifikasi import list_notifikasi
from ..services import notifikasi as svc
from . import konteks
from .forms import KonfirmasiForm

bp = Blueprint("notifikasi", __name__, url_prefix="/notifikasi")

#: Values of the e-mail checkbox (after its hidden "0"): on, off.
_YA, _TIDAK = frozenset({"y", "1", "on"}), frozenset({"0"})


def lonceng() -> dict:
    """Context of the bell (``sipekerja/notifikasi/_lonceng.html``): the unread count as read with
    the request's sign-in (``auth.session.sesi_berlaku``), or by one query when the user was not
    signed in by the session."""

    def jumlah() -> int:
        berlaku = sesi_berlaku()
        if berlaku is not None:
            return berlaku.belum_dibaca  # read with the sign-in, as the request started
        pengguna = get_current_pengguna()
        return hitung_belum_dibaca(pengguna.id) if pengguna is not None else 0

    return {"sipekerja_belum_dibaca": jumlah}


@bp.get("/")
def index():
    """The signed-in user's notifications, newest first (50 per page)."""
    pengguna = konteks.pengguna()
    sebelum = request.args.get("sebelum", type=int)
    halaman = list_notifikasi(pengguna.id, sebelum=sebelum)
    zona = konteks.zona()
    return render_template("sipekerja/notifikasi/index.html", halaman=halaman, pengguna=pengguna,
                           label_jenis={j.value: LABEL_JENIS[j] for j in JenisNotifikasi},
                           waktu=lambda dt: format_pukul(dt.astimezone(zona)), tautan_aman=tautan_aman,
                           belum_dibaca=hitung_belum_dibaca(pengguna.id))


@bp.post("/<int:notifikasi_id>/baca")
def baca(notifikasi_id: int):
    """Mark one of the user's notifications read; with ``buka``, go on to where it leads."""
    pengguna = konteks.pengguna()
    notifikasi = get_notifikasi_milik(notifikasi_id, pengguna.id)
    if notifikasi is None:
        abort(404)
    if not KonfirmasiForm().validate():
        abort(400)
    svc.tandai_dibaca(notifikasi=notifikasi, now=konteks.sekarang())
    tautan = notifikasi.tautan
    konteks.commit_dan_flash("Notifikasi ditandai sudah dibaca.")
    if request.form.get("buka") and tautan_aman(tautan):
        return redirect(tautan)
    return redirect(url_for(".index"))


@bp.post("/baca-semua")
def baca_semua():
    """Mark all of the user's notifications read."""
    if not KonfirmasiForm().validate():
        abort(400)
    jumlah = svc.tandai_semua_dibaca(pengguna=konteks.pengguna(), now=konteks.sekarang())
    konteks.commit_dan_flash(f"{jumlah} notifikasi ditandai sudah dibaca.")
    return redirect(url_for(".index"))


@bp.post("/surel")
def surel():
    """Turn notification e-mails on or off for the signed-in user."""
    if not KonfirmasiForm().validate():
        abort(400)
    # The checkbox follows a hidden "0": the last value sent is the choice.
    nilai = (request.form.getlist("terima") or [""])[-1].strip().lower()
    try:
        if nilai not in _YA | _TIDAK:
            raise NilaiTidakValid("Pilihan surel tidak dikenal.")
        svc.atur_surel(pengguna=konteks.pengguna(), terima=nilai in _YA)
    except NilaiTidakValid as error:
        konteks.gagal(error)
        return redirect(url_for(".index")), 303
    konteks.commit_dan_flash("Notifikasi juga dikirim lewat surel." if nilai in _YA
                             else "Notifikasi tidak lagi dikirim lewat surel.")
    return redirect(url_for(".index"))
