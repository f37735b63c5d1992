"""ringkasan kinerja

Revision ID: cbf5864dc140
Revises: cf3e49a8c160
Create Date: 2026-11-24 01:40:09.555087

"""
from alembic import op
import sqlalchemy as sa

from sipekerja_module.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'cbf5864dc140'
down_revision = 'cf3e49a8c160'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sipekerja_ringkasan_kinerja',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('perangkat_daerah_id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('triwulan', sa.Integer(), nullable=False),
    sa.Column('rata_capaian', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('jumlah_indikator', sa.Integer(), nullable=False),
    sa.Column('jumlah_terukur', sa.Integer(), nullable=False),
    sa.Column('pagu', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('realisasi_anggaran', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('persen_serapan', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('dihitung_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint('triwulan BETWEEN 0 AND 4', name=op.f('ck_sipekerja_ringkasan_kinerja_triwulan')),
    sa.ForeignKeyConstraint(['perangkat_daerah_id'], ['sipekerja_perangkat_daerah.id'], name=op.f('fk_sipekerja_ringkasan_kinerja_perangkat_daerah_id_sipekerja_perangkat_daerah')),
    sa.ForeignKeyConstraint(['tahun_id'], ['sipekerja_tahun.id'], name=op.f('fk_sipekerja_ringkasan_kinerja_tahun_id_sipekerja_tahun')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_ringkasan_kinerja')),
    sa.UniqueConstraint('perangkat_daerah_id', 'tahun_id', 'triwulan', name=op.f('uq_sipekerja_ringkasan_kinerja_perangkat_daerah_id_tahun_id_triwulan'))
    )
    with op.batch_alter_table('sipekerja_ringkasan_kinerja', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_ringkasan_kinerja_perangkat_daerah_id'), ['perangkat_daerah_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_ringkasan_kinerja_tahun_id'), ['tahun_id'], unique=False)



def downgrade():
    op.drop_table('sipekerja_ringkasan_kinerja')
