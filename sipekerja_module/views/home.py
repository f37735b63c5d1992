"""The module's landing page."""

from flask import Blueprint
from flask import render_template


def index():
    """Show the module home with the features of the signed-in role."""
    return render_template("sipekerja/home.html")


def register(bp: Blueprint) -> None:
    """Attach the home routes to the parent blueprint."""
    bp.add_url_rule("/", "home", index)
