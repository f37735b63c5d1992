"""versi data per perangkat daerah (fragment cache key)

Revision ID: 5b1e0c7d9a21
Revises: 4daab7b47b4c
Create Date: 2026-11-24 04:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e0c7d9a21'
down_revision = '4daab7b47b4c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sipekerja_perangkat_daerah', schema=None) as batch_op:
        batch_op.add_column(sa.Column('versi_data', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('sipekerja_perangkat_daerah', schema=None) as batch_op:
        batch_op.drop_column('versi_data')
