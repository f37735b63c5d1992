"""per agency indexes

Revision ID: 4daab7b47b4c
Revises: cbf5864dc140
Create Date: 2026-11-24 02:57:59.300974

"""
from alembic import op
import sqlalchemy as sa




# revision identifiers, used by Alembic.
revision = '4daab7b47b4c'
down_revision = 'cbf5864dc140'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sipekerja_indikator', schema=None) as batch_op:
        batch_op.create_index('ix_sipekerja_indikator_pd_tahun', ['perangkat_daerah_id', 'tahun_id'], unique=False)
        batch_op.create_index('ix_sipekerja_indikator_unit_tahun', ['unit_kerja_id', 'tahun_id'], unique=False)

    with op.batch_alter_table('sipekerja_node_rencana', schema=None) as batch_op:
        batch_op.create_index('ix_sipekerja_node_rencana_pd_tahun', ['perangkat_daerah_id', 'tahun_id'], unique=False)



def downgrade():
    with op.batch_alter_table('sipekerja_node_rencana', schema=None) as batch_op:
        batch_op.drop_index('ix_sipekerja_node_rencana_pd_tahun')

    with op.batch_alter_table('sipekerja_indikator', schema=None) as batch_op:
        batch_op.drop_index('ix_sipekerja_indikator_unit_tahun')
        batch_op.drop_index('ix_sipekerja_indikator_pd_tahun')

