"""The layers outside the domain keep their shape (STYLE §3.4): views build no query and commit
only through ``konteks.commit_dan_flash``; no view module imports another view module's private
names; queries never import services; no listener goes on the global Session class."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sipekerja_module

PAKET = Path(sipekerja_module.__file__).resolve().parent
VIEWS = sorted((PAKET / "views").glob("*.py"))
QUERIES = sorted((PAKET / "queries").glob("*.py"))
SEMUA = sorted(PAKET.rglob("*.py"))


def _pohon(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _panggilan(tree: ast.Module) -> list[str]:
    """Names of everything called (``select(...)`` → ``select``, ``db_session.commit()`` → ``commit``)."""
    nama = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            fungsi = node.func
            nama.append(fungsi.attr if isinstance(fungsi, ast.Attribute) else getattr(fungsi, "id", ""))
    return nama


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_views_build_no_query(path):
    panggilan = _panggilan(_pohon(path))
    assert "select" not in panggilan, f"{path.name}: reads belong in queries/"
    if path.name != "konteks.py":
        assert "commit" not in panggilan, f"{path.name}: commit through konteks.commit_dan_flash"


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_no_view_imports_a_private_name_of_another_view(path):
    for node in ast.walk(_pohon(path)):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            pribadi = [alias.name for alias in node.names if alias.name.startswith("_")]
            assert not pribadi, f"{path.name} imports {pribadi} from views.{node.module}"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_queries_never_import_services(path):
    for node in ast.walk(_pohon(path)):
        if isinstance(node, ast.ImportFrom):
            modul = "." * node.level + (node.module or "")
            assert "services" not in modul.split("."), f"{path.name} imports {modul}"


@pytest.mark.parametrize("path", SEMUA, ids=lambda p: str(p.relative_to(PAKET)))
def test_no_listener_is_attached_to_the_global_session_class(path):
    for node in ast.walk(_pohon(path)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("listen", "listens_for") and node.args):
            continue
        sasaran = node.args[0]
        nama = sasaran.attr if isinstance(sasaran, ast.Attribute) else getattr(sasaran, "id", "")
        assert nama != "Session", (f"{path.relative_to(PAKET)}:{node.lineno}: register session listeners in "
                                   "SIPekerja.init_app (commit_hooks.register_commit_listeners)")
