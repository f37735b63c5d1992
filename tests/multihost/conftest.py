"""The running several-hosts layout (tests/multihost/kluster.py), once for the module's tests.
When a test fails, the end of every process's log is added to its report."""

from __future__ import annotations

import pytest

from tests.multihost.kluster import Kluster
from tests.multihost.kluster import prasyarat


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):  # noqa: ARG001 - hook signature
    laporan = yield
    kluster = getattr(item, "funcargs", {}).get("kluster")
    if laporan.when in ("setup", "call") and laporan.failed and isinstance(kluster, Kluster):
        laporan.sections.append(("log proses (host A, host B, worker, haproxy, weed)", kluster.log_semua()))
    return laporan


@pytest.fixture(scope="module")
def kluster(tmp_path_factory):
    alasan = prasyarat()
    if alasan:
        pytest.skip(alasan)
    k = Kluster(tmp_path_factory.mktemp("multihost"))
    try:
        k.mulai()
    except Exception as exc:
        log = k.log_semua()
        k.stop()
        raise RuntimeError(f"tata letak banyak host gagal dimulai: {exc}\n{log}") from exc
    yield k
    k.stop()
