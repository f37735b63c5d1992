"""End-to-end fixtures: the portal with the module mounted, served for real on a loopback port
with the demo loaded through the real migrations and CLI commands, and Debian's Chromium driven
by Playwright. Skips, saying why, when the browser or Playwright is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from portal_stub import create_app
from portal_stub.extensions import db
from sipekerja_module import MIGRATIONS_DIR
from sipekerja_module.seed.demo import load_demo
from tests.conftest import make_test_config
from tests.web.sso import serve

CHROMIUM = os.environ.get("SIPEKERJA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
#: Screenshots of every step land here (ignored by git).
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
DEMO_PASSWORD = "simpadu-demo-e2e"


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright tidak terpasang")
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium tidak ditemukan di {CHROMIUM}; .ci/run memasangnya dengan apt-get install chromium")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_demo(tmp_path):
    """A fresh SQLite database migrated and loaded like `make demo`, served on 127.0.0.1:<port>."""
    from flask_migrate import upgrade

    url = "sqlite:///" + str(tmp_path / "e2e.db")
    app = create_app(make_test_config(url, tmp_path, WTF_CSRF_ENABLED=True, SIMPADU_DEMO_PASSWORD=DEMO_PASSWORD,
                                      SIMPADU_OIDC_KEY_FILE=str(tmp_path / "oidc_key.json"),
                                      SIPEKERJA_OIDC_CLIENT_SECRET=None))
    live = serve(app)
    app.config["SIMPADU_BASE_URL"] = live.base
    app.config["SIPEKERJA_OIDC_ISSUER"] = live.base
    with app.app_context():
        db.metadata.create_all(db.engine)  # portal tables (`flask portal init-db`)
        upgrade(directory=MIGRATIONS_DIR)  # module tables (`flask db upgrade`)
        load_demo(tahun=2024)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "demo"])
    assert result.exit_code == 0, result.output
    live.thread.start()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield live
    live.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- Accessibility (issue 15 item 11): axe-core on every page the browser visits -------------------

#: WCAG 2.1 A/AA rules only; a finding of these impacts fails the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_GAGAL = ("critical", "serious")


def _axe_script() -> str:
    """axe.min.js (MPL-2.0, licence header kept) as bundled by the pinned test extra
    ``axe-playwright-python``: installed by ``make install-test``, never fetched from a CDN."""
    from importlib.resources import files

    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def periksa_axe(page, halaman: str) -> list[str]:
    """Run axe-core on the page as it is now; return one line per critical/serious WCAG 2.1 A/AA
    violation node: impact, rule, target selector and the page. Injected with ``evaluate``
    (DevTools, so the page's CSP ``script-src 'self'`` does not block it)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_script())
    hasil = page.evaluate("opsi => axe.run(document, opsi)",
                          {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    temuan = []
    for v in hasil["violations"]:
        for node in v["nodes"]:
            if (node.get("impact") or v.get("impact")) in AXE_GAGAL:
                sasaran = " ".join(str(t) for t in node["target"])
                temuan.append(f"[{node.get('impact') or v.get('impact')}] {v['id']} @ {sasaran} "
                              f"on {halaman} ({page.url}): {node.get('failureSummary', '').splitlines()[-1:]}")
    return temuan


def assert_aksesibel(temuan: list[str]) -> None:
    """Fail listing every finding (rule, target, page) collected over a test."""
    assert not temuan, f"{len(temuan)} pelanggaran WCAG 2.1 A/AA (critical/serious):\n" + "\n".join(temuan)
