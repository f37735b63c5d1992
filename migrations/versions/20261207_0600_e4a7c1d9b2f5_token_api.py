"""token api: personal access tokens of the read-only JSON API (issue 17)

Revision ID: e4a7c1d9b2f5
Revises: a9c3e5f7b1d2
Create Date: 2026-12-07 08:10:00

"""
from alembic import op
import sqlalchemy as sa

from sipekerja_module.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'e4a7c1d9b2f5'
down_revision = 'a9c3e5f7b1d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sipekerja_token_api',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pengguna_id', sa.Integer(), nullable=False),
    sa.Column('nama', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('awalan', sa.String(length=16), nullable=False),
    sa.Column('dibuat_dt', UTCDateTime(), nullable=False),
    sa.Column('kedaluwarsa_dt', UTCDateTime(), nullable=True),
    sa.Column('dicabut_dt', UTCDateTime(), nullable=True),
    sa.Column('alasan_cabut', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['pengguna_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_token_api_pengguna_id_sipekerja_pengguna'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_token_api')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sipekerja_token_api_token_hash'))
    )
    with op.batch_alter_table('sipekerja_token_api', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_token_api_pengguna_id'), ['pengguna_id'], unique=False)


def downgrade():
    # The table only: its index goes with it (MariaDB refuses to drop an index a foreign key needs).
    op.drop_table('sipekerja_token_api')
