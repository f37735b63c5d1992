"""Where the module's packaged files are on disk: its templates and its Alembic history.

A module of its own (it imports only the two data packages), so the package entry point, the
views and the CLI can all import it at the top without importing each other.
"""

from __future__ import annotations

import os

from . import migrations as _migrations_pkg
from . import templates as _templates_pkg

#: Directory of the packaged Jinja templates (``templates/`` in the source tree).
TEMPLATE_DIR = os.path.dirname(_templates_pkg.__file__)
#: Directory of the module's Alembic history (``migrations/`` in the source tree).
MIGRATIONS_DIR = os.path.dirname(_migrations_pkg.__file__)
