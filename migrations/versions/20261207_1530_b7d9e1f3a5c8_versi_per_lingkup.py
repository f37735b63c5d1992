"""versi per lingkup: narrower data versions, so a write makes unreachable only the cached pages
and loaded values that show what it changed (issue 18 item 4)

The agency gets a version of its plan, of its fill state and of its verified figures beside the
version of all its data; a unit a version of its realisasi; an indicator and a plan node a version
of their monthly values. All start at 0: the caches they key are per process and empty after a
deploy.

Revision ID: b7d9e1f3a5c8
Revises: c3e5a7b9d1f2
Create Date: 2026-12-07 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d9e1f3a5c8'
down_revision = 'c3e5a7b9d1f2'
branch_labels = None
depends_on = None

_KOLOM = {
    'sipekerja_perangkat_daerah': ('versi_rencana', 'versi_isian', 'versi_terverifikasi'),
    'sipekerja_unit_kerja': ('versi_realisasi',),
    'sipekerja_indikator': ('versi_isi',),
    'sipekerja_node_rencana': ('versi_isi',),
}


def upgrade():
    for tabel, kolom in _KOLOM.items():
        with op.batch_alter_table(tabel, schema=None) as batch_op:
            for nama in kolom:
                batch_op.add_column(sa.Column(nama, sa.Integer(), server_default='0', nullable=False))


def downgrade():
    for tabel, kolom in _KOLOM.items():
        with op.batch_alter_table(tabel, schema=None) as batch_op:
            for nama in reversed(kolom):
                batch_op.drop_column(nama)
