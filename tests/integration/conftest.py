"""Fixtures of the integration tests: a real S3-compatible server (SeaweedFS) for the S3 storage
backend, started once for the session (see tests/seaweedfs.py)."""

from __future__ import annotations

import pytest

from tests import seaweedfs as sw


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """A running ``weed server`` with its S3 gateway on loopback; skipped, with the reason and the
    end of its log, only when the binary cannot start (it is in the test extras, so CI runs it)."""
    try:
        server = sw.mulai(tmp_path_factory.mktemp("seaweedfs"))
    except RuntimeError as exc:
        pytest.skip(f"SeaweedFS tidak dapat dijalankan: {exc}")
    yield server
    server.hentikan()
