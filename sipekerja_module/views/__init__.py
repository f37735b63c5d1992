"""HTTP layer of the module: the ``sipekerja`` blueprint and its per-feature children."""

from flask import Blueprint
from flask import g
from sqlalchemy.exc import SQLAlchemyError

from ..auth.session import get_current_pengguna
from ..auth.views import create_auth_blueprint
from ..domain.errors import AksesDitolak
from ..paths import TEMPLATE_DIR
from . import api
from . import home
from . import kabupaten
from . import laporan
from . import lkjip
from . import notifikasi
from . import pengukuran
from . import perencanaan
from . import permintaan_buka
from . import pk
from . import realisasi
from . import referensi
from . import rencana_aksi
from . import renstra
from . import tindak_lanjut
from . import token_api
from .forms import tolak_isian_berbahaya
from .konflik import tangani_galat_basis_data
from .permissions import gate
from .permissions import handle_akses_ditolak


def create_blueprint() -> Blueprint:
    """Build the parent blueprint (``/sipekerja``) with every feature registered below it.

    A fresh blueprint per app keeps ``init_app`` safe for several apps in one process. The
    role gate runs before every request of the parent and of each child; only
    ``sipekerja.auth`` is reachable without signing in, and ``sipekerja.api`` has its own gate (a Bearer
    token or the session; JSON refusals).
    """
    bp = Blueprint("sipekerja", __name__, url_prefix="/sipekerja", template_folder=TEMPLATE_DIR,
                   static_folder="../static", static_url_path="/static")
    bp.before_request(gate)
    # Refuse impossible ids and control characters before any lookup, on every module route.
    bp.before_request(tolak_isian_berbahaya)
    bp.register_error_handler(AksesDitolak, handle_akses_ditolak)
    # Lost races (StaleDataError, concurrent unique rows) answer 409 here, for every view.
    bp.register_error_handler(SQLAlchemyError, tangani_galat_basis_data)

    @bp.context_processor
    def _pengguna():
        subjek = g.get("sipekerja_subjek")
        return {"sipekerja_pengguna": get_current_pengguna(),
                "sipekerja_menu": home.menu_modul(subjek) if subjek is not None else []}

    # The bell's unread count (issue 17), read only by pages that show the bell.
    bp.context_processor(notifikasi.lonceng)

    bp.register_blueprint(create_auth_blueprint())
    home.register(bp)
    for child in (referensi.bp, perencanaan.bp, realisasi.bp, kabupaten.bp, pengukuran.bp, laporan.bp, pk.bp,
                  lkjip.bp, tindak_lanjut.bp, renstra.bp, rencana_aksi.bp, token_api.bp, api.bp, notifikasi.bp,
                  permintaan_buka.bp):
        bp.register_blueprint(child)
    return bp
