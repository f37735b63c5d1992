"""The module's one role gate: who may open what. Every yes/no comes from ``domain.akses``.

* :func:`gate` runs before every request of the ``sipekerja`` blueprint (children included):
  anonymous users go to the sign-in, signed-in users without a usable role get a 403 page.
  Only the ``sipekerja.auth`` endpoints pass without a sign-in.
* :func:`require_fitur` guards a feature view: the role must open the feature (and change
  it, with ``ubah=True``) for the user's own unit. Object-level checks stay in the views,
  after loading the object (``domain.akses.assert_boleh``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from ..auth.oidc import peran_pengguna
from ..auth.session import get_current_pengguna
from ..auth.session import unit_klaim
from ..domain.akses import LABEL_FITUR
from ..domain.akses import Fitur
from ..domain.akses import Peran
from ..domain.akses import Subjek
from ..domain.akses import boleh_melihat
from ..domain.akses import boleh_mengubah
from ..domain.akses import fitur_untuk
from ..domain.errors import AksesDitolak
from ..models import Pengguna

#: Endpoints reachable without a module sign-in.
PUBLIC_PREFIX = "sipekerja.auth."
#: The JSON API: its own gate (``views.api.gate_api``) accepts a Bearer token too and answers in JSON.
API_PREFIX = "sipekerja.api."

HUBUNGI_ADMIN = ("Hubungi admin portal SIMPADU (menu Manajemen Akses Modul, BKPSDM) untuk meminta akses, "
                 "lalu masuk kembali.")


def subjek_pengguna(pengguna: Pengguna) -> Subjek:
    """The domain's view of a signed-in user: roles and unit kerja."""
    return Subjek(peran_pengguna(pengguna), pengguna.unit_kerja_id)


def fitur_terbuka(subjek: Subjek) -> tuple[Fitur, ...]:
    """Features the subject may open for its own unit, in menu order."""
    return tuple(f for f in fitur_untuk(subjek.peran) if boleh_melihat(subjek, f, subjek.unit_id))


def alasan_tanpa_akses(pengguna: Pengguna) -> str | None:
    """Why a signed-in user cannot use the module at all (Indonesian), or None if they can."""
    subjek = subjek_pengguna(pengguna)
    if fitur_terbuka(subjek):
        return None
    if not subjek.peran:
        return f"Akun {pengguna.nama} ({pengguna.nip}) belum memiliki peran di SIPEKERJA. {HUBUNGI_ADMIN}"
    if Peran.BIDANG in subjek.peran:
        unit = unit_klaim()
        disebut = f"untuk unit {unit}" if unit else "tanpa unit kerja"
        return (f"Peran Sekretariat/Bidang Anda diberikan {disebut}, yang tidak dikenal SIPEKERJA. "
                f"{HUBUNGI_ADMIN}")
    return f"Peran Anda tidak membuka fitur apa pun di SIPEKERJA. {HUBUNGI_ADMIN}"


def render_ditolak(pesan: str):
    """The module's 403 page."""
    return render_template("sipekerja/errors/403.html", pesan=pesan), 403


def _to_login():
    next_url = request.full_path if request.method == "GET" else None
    if next_url and next_url.endswith("?"):
        next_url = next_url[:-1]
    return redirect(url_for("sipekerja.auth.login", next=next_url))


def gate():
    """``before_request`` of the ``sipekerja`` blueprint: deny by default."""
    if request.endpoint and request.endpoint.startswith((PUBLIC_PREFIX, API_PREFIX)):
        return None
    pengguna = get_current_pengguna()
    if pengguna is None:
        return _to_login()
    alasan = alasan_tanpa_akses(pengguna)
    if alasan:
        return render_ditolak(alasan)
    g.sipekerja_subjek = subjek_pengguna(pengguna)
    return None


def require_fitur(fitur: Fitur, ubah: bool = False) -> Callable:
    """Decorate a view that opens ``fitur`` (or changes its data, with ``ubah``).

    :param fitur: the feature the view belongs to
    :param ubah: require the right to change, not only to view
    :return: the decorator
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            pengguna = get_current_pengguna()
            if pengguna is None:
                return _to_login()
            subjek = subjek_pengguna(pengguna)
            izin = boleh_mengubah if ubah else boleh_melihat
            if not izin(subjek, fitur, subjek.unit_id):
                kata = "mengubah" if ubah else "membuka"
                return render_ditolak(f"Peran Anda tidak berhak {kata} {LABEL_FITUR[fitur]}.")
            g.sipekerja_subjek = subjek
            return view(*args, **kwargs)

        wrapped.sipekerja_fitur = (fitur, ubah)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def handle_akses_ditolak(error: AksesDitolak):
    """Blueprint error handler: an object-level refusal from the domain becomes the 403 page."""
    return render_ditolak(error.pesan)
