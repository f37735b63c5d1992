"""Write use-cases of SI PEKERJA.

Services change the host's session and ``flush()``; they never commit. The caller (a view through
``views.konteks.commit_dan_flash``, or a CLI command) commits once, so services compose and tests
can roll back.

What runs at commit, and why, is listed in one place: :mod:`sipekerja_module.commit_hooks`.
"""

from __future__ import annotations
