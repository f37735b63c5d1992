#!/usr/bin/env bash
# Proves a non-editable install works: build sdist + wheel, install the wheel into a fresh
# venv outside the checkout, and render the portal home and a module page from site-packages.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$repo/.venv/bin/python" -m build --outdir "$scratch/dist" "$repo" >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log"; exit 1; }
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install --quiet "$scratch"/dist/*.whl
cd "$scratch"
"$scratch/venv/bin/python" - <<'PY'
import os, sys
import sipekerja_module, portal_stub
from portal_stub import create_app

assert "site-packages" in sipekerja_module.TEMPLATE_DIR, sipekerja_module.TEMPLATE_DIR
assert os.path.exists(os.path.join(sipekerja_module.MIGRATIONS_DIR, "env.py")), "migrations missing from wheel"
versions = os.listdir(os.path.join(sipekerja_module.MIGRATIONS_DIR, "versions"))
assert any(v.endswith(".py") and v != "__init__.py" for v in versions), versions

app = create_app({"TESTING": True, "SECRET_KEY": "wheel-check", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
with app.app_context():
    from flask_migrate import upgrade
    upgrade(directory=sipekerja_module.MIGRATIONS_DIR)
client = app.test_client()
home = client.get("/")
assert home.status_code == 200 and b"SIPEKERJA" in home.data, home.status_code
with app.test_request_context("/sipekerja/"):
    from flask import render_template
    html = render_template("sipekerja/base.html")
    assert "SI PEKERJA" in html
print("wheel check: installed from", os.path.dirname(sipekerja_module.__file__))
print("wheel check: templates and migrations found, portal home rendered (%d bytes)" % len(home.data))
PY
