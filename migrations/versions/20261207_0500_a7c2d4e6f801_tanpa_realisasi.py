"""tidak ada realisasi: an explicit, reasoned absence of realisasi for an indicator's month

Revision ID: a7c2d4e6f801
Revises: 55dbd8cd4883
Create Date: 2026-11-25 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c2d4e6f801'
down_revision = '55dbd8cd4883'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sipekerja_realisasi_kinerja', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tanpa_realisasi', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('alasan_tanpa_realisasi', sa.Text(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_sipekerja_realisasi_kinerja_tanpa_realisasi_tanpa_nilai'), 'NOT tanpa_realisasi OR nilai IS NULL')


def downgrade():
    with op.batch_alter_table('sipekerja_realisasi_kinerja', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_sipekerja_realisasi_kinerja_tanpa_realisasi_tanpa_nilai'), type_='check')
        batch_op.drop_column('alasan_tanpa_realisasi')
        batch_op.drop_column('tanpa_realisasi')
