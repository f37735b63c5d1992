"""``flask sipekerja …`` commands: migrations and demo data."""

import click
from flask.cli import with_appcontext

cli_group = click.Group("sipekerja", help="Perintah modul SI PEKERJA.")


@cli_group.command("upgrade-db")
@with_appcontext
def upgrade_db() -> None:
    """Apply the module's migrations (for hosts that run their own ``flask db``)."""
    from flask_migrate import upgrade

    from . import MIGRATIONS_DIR

    upgrade(directory=MIGRATIONS_DIR)
    click.echo("Skema SI PEKERJA mutakhir.")
