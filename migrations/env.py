"""Alembic environment of the SI PEKERJA module.

The module shares the portal's database, so this history only sees ``sipekerja_*`` tables
and records itself in its own version table, ``sipekerja_alembic_version``.
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from sipekerja_module.models import Base

VERSION_TABLE = "sipekerja_alembic_version"
TABLE_PREFIX = "sipekerja_"

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_metadata = Base.metadata


def get_engine():
    return current_app.extensions["migrate"].db.engine


def include_name(name, type_, parent_names):
    """Ignore the host's tables: autogenerate must never propose dropping them."""
    if type_ == "table":
        return name is not None and name.startswith(TABLE_PREFIX)
    return True


def run_migrations_offline() -> None:
    url = get_engine().url.render_as_string(hide_password=False)
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        version_table=VERSION_TABLE,
        include_name=include_name,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    conf_args.setdefault("render_as_batch", True)
    conf_args.setdefault("compare_type", True)

    with get_engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table=VERSION_TABLE,
            include_name=include_name,
            **conf_args,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
