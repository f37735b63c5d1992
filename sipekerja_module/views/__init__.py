"""HTTP layer of the module: the ``sipekerja`` blueprint and its per-feature children."""

from flask import Blueprint

from .. import TEMPLATE_DIR


def create_blueprint() -> Blueprint:
    """Build the parent blueprint (``/sipekerja``) with every feature registered below it.

    A fresh blueprint per app keeps ``init_app`` safe for several apps in one process.
    """
    from . import home

    bp = Blueprint("sipekerja", __name__, url_prefix="/sipekerja", template_folder=TEMPLATE_DIR)
    home.register(bp)
    return bp
