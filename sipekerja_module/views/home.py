"""The module's landing page: exactly the features of the signed-in role."""

from flask import Blueprint
from flask import g
from flask import render_template

from ..auth.session import current_pengguna
from ..domain.akses import LABEL_FITUR
from ..domain.akses import LABEL_PERAN
from ..domain.akses import Peran
from ..domain.akses import boleh_mengubah
from .permissions import fitur_terbuka


def index():
    """Show the module home with the features of the signed-in role."""
    subjek = g.sipekerja_subjek
    fitur = [
        {"kode": f.value, "label": LABEL_FITUR[f], "hanya_lihat": not boleh_mengubah(subjek, f, subjek.unit_id)}
        for f in fitur_terbuka(subjek)
    ]
    peran = [LABEL_PERAN[p] for p in Peran if p in subjek.peran]
    return render_template("sipekerja/home.html", fitur=fitur, peran=peran, pengguna=current_pengguna,
                           unit=current_pengguna.unit_kerja if Peran.BIDANG in subjek.peran else None)


def register(bp: Blueprint) -> None:
    """Attach the home routes to the parent blueprint."""
    bp.add_url_rule("/", "home", index)
