"""The domain is pure: standard library only, no frameworks, no float arithmetic."""

import ast
import sys
from pathlib import Path

import pytest

import sipekerja_module.domain as domain

DOMAIN_DIR = Path(domain.__file__).resolve().parent
SOURCES = sorted(DOMAIN_DIR.glob("*.py"))
BANNED_PREFIXES = ("flask", "sqlalchemy", "babel", "werkzeug", "jinja2")
BANNED_PACKAGES = tuple(
    f"sipekerja_module.{sub}" for sub in ("models", "views", "services", "queries", "reports", "auth", "extensions")
)


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield 0, alias.name
        elif isinstance(node, ast.ImportFrom):
            yield node.level, node.module or ""


def test_domain_sources_are_found():
    names = {p.name for p in SOURCES}
    assert {"capaian.py", "periode.py", "status.py", "akses.py", "errors.py", "angka.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_domain_imports_only_stdlib_and_itself(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for level, module in _imports(tree):
        if level == 1:
            continue  # sibling module inside domain/
        assert level == 0, f"{path.name}: relative import leaving domain/ ({'.' * level}{module})"
        top = module.split(".")[0]
        assert not (module.startswith(BANNED_PREFIXES) or top.startswith("flask_")), f"{path.name} imports {module}"
        assert not module.startswith(BANNED_PACKAGES), f"{path.name} imports {module}"
        assert module == "__future__" or top in sys.stdlib_module_names or module.startswith(
            "sipekerja_module.domain"
        ), f"{path.name} imports non-stdlib {module}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_domain_uses_no_float_calls_or_literals(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "float", f"{path.name}:{node.lineno} calls float()"
        if isinstance(node, ast.Constant):
            assert not isinstance(node.value, float), f"{path.name}:{node.lineno} has a float literal"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_domain_never_reads_the_clock(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            assert node.attr not in {"now", "today", "utcnow", "time"}, f"{path.name}:{node.lineno} reads the clock"


def test_checker_detects_a_banned_import():
    tree = ast.parse("import flask\nfrom sqlalchemy.orm import Session\nfrom ..models import X\n")
    found = list(_imports(tree))
    assert (0, "flask") in found and (0, "sqlalchemy.orm") in found and (2, "models") in found
