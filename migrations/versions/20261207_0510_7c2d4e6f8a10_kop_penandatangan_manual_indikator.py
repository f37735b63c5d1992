"""kop laporan, penandatangan laporan, manual indikator (issue 15)

Revision ID: 7c2d4e6f8a10
Revises: a7c2d4e6f801
Create Date: 2026-12-07 04:57:11.728368

"""
from alembic import op
import sqlalchemy as sa

from sipekerja_module.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = '7c2d4e6f8a10'
down_revision = 'a7c2d4e6f801'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sipekerja_kop_laporan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('perangkat_daerah_id', sa.Integer(), nullable=False),
    sa.Column('nama_daerah', sa.String(length=120), nullable=False),
    sa.Column('nama_instansi', sa.String(length=255), nullable=False),
    sa.Column('alamat', sa.String(length=255), nullable=False),
    sa.Column('telepon', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('website', sa.String(length=120), nullable=False),
    sa.Column('tempat_ttd', sa.String(length=64), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['perangkat_daerah_id'], ['sipekerja_perangkat_daerah.id'], name=op.f('fk_sipekerja_kop_laporan_perangkat_daerah_id_sipekerja_perangkat_daerah')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_kop_laporan')),
    sa.UniqueConstraint('perangkat_daerah_id', name=op.f('uq_sipekerja_kop_laporan_perangkat_daerah_id'))
    )
    op.create_table('sipekerja_penandatangan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('perangkat_daerah_id', sa.Integer(), nullable=False),
    sa.Column('peran', sa.String(length=16), nullable=False),
    sa.Column('unit_kerja_id', sa.Integer(), nullable=True),
    sa.Column('nama', sa.String(length=160), nullable=False),
    sa.Column('nip', sa.String(length=18), nullable=True),
    sa.Column('jabatan', sa.String(length=255), nullable=False),
    sa.Column('pangkat', sa.String(length=100), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint("(peran = 'kepala_unit' AND unit_kerja_id IS NOT NULL) OR (peran <> 'kepala_unit' AND unit_kerja_id IS NULL)", name=op.f('ck_sipekerja_penandatangan_unit_kepala_unit')),
    sa.CheckConstraint("peran IN ('kepala', 'kepala_daerah', 'kepala_unit')", name=op.f('ck_sipekerja_penandatangan_peran')),
    sa.ForeignKeyConstraint(['perangkat_daerah_id'], ['sipekerja_perangkat_daerah.id'], name=op.f('fk_sipekerja_penandatangan_perangkat_daerah_id_sipekerja_perangkat_daerah')),
    sa.ForeignKeyConstraint(['unit_kerja_id'], ['sipekerja_unit_kerja.id'], name=op.f('fk_sipekerja_penandatangan_unit_kerja_id_sipekerja_unit_kerja')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_penandatangan')),
    sa.UniqueConstraint('perangkat_daerah_id', 'peran', 'unit_kerja_id', name=op.f('uq_sipekerja_penandatangan_perangkat_daerah_id_peran_unit_kerja_id'))
    )
    with op.batch_alter_table('sipekerja_penandatangan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_penandatangan_perangkat_daerah_id'), ['perangkat_daerah_id'], unique=False)

    with op.batch_alter_table('sipekerja_indikator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('definisi_operasional', sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column('formula', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('sumber_data', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('penanggung_jawab', sa.String(length=255), nullable=True))



def downgrade():
    with op.batch_alter_table('sipekerja_indikator', schema=None) as batch_op:
        batch_op.drop_column('penanggung_jawab')
        batch_op.drop_column('sumber_data')
        batch_op.drop_column('formula')
        batch_op.drop_column('definisi_operasional')

    # The table only: its index goes with it (MariaDB refuses to drop an index a foreign key needs).
    op.drop_table('sipekerja_penandatangan')
    op.drop_table('sipekerja_kop_laporan')
