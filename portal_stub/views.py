"""Portal pages: the SIMPADU home with its tile grid."""

from flask import Blueprint
from flask import current_app
from flask import render_template
from flask import url_for

from . import PORTAL_TILES

bp = Blueprint("portal", __name__)


def _tiles() -> list[dict]:
    installed = {t["id"]: t for t in current_app.extensions.get("simpadu_tiles", [])}
    tiles = []
    for tile_id, title, description in PORTAL_TILES:
        module = installed.get(tile_id)
        tiles.append(
            {
                "id": tile_id,
                "title": title,
                "description": description,
                "url": url_for(module["endpoint"]) if module else None,
                "installed": module is not None,
            }
        )
    return tiles


@bp.route("/")
def home():
    """Show the SIMPADU tile grid."""
    return render_template("portal/home.html", tiles=_tiles())
