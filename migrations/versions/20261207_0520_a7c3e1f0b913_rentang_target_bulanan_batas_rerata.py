"""monthly range targets (target_kinerja.atas) and the cap of the predikat scale (batas_rerata)

Revision ID: a7c3e1f0b913
Revises: 7c2d4e6f8a10
Create Date: 2026-11-25 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e1f0b913'
down_revision = '7c2d4e6f8a10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sipekerja_target_kinerja', schema=None) as batch_op:
        batch_op.add_column(sa.Column('atas', sa.Numeric(precision=18, scale=4), nullable=True))
        batch_op.create_check_constraint(
            'rentang_target', 'atas IS NULL OR (nilai IS NOT NULL AND atas >= nilai)')
    with op.batch_alter_table('sipekerja_skala_predikat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batas_rerata', sa.Numeric(precision=18, scale=4), nullable=True))
        batch_op.create_check_constraint(
            'batas_rerata', 'batas_rerata IS NULL OR (batas_rerata >= 100 AND batas_rerata <= 1000)')


def downgrade():
    with op.batch_alter_table('sipekerja_skala_predikat', schema=None) as batch_op:
        batch_op.drop_constraint('batas_rerata', type_='check')
        batch_op.drop_column('batas_rerata')
    with op.batch_alter_table('sipekerja_target_kinerja', schema=None) as batch_op:
        batch_op.drop_constraint('rentang_target', type_='check')
        batch_op.drop_column('atas')
