"""referensi per perangkat daerah: input windows, predikat scales and satuan get an optional agency
(NULL = the kabupaten default every agency reads unless it has its own row) (issue 18)

Today's rows were shared by every agency: they stay, with no agency, as the kabupaten defaults.
Every agency thus keeps exactly the windows, scale and satuan it saw before, without copying them
forty times; an agency's first change makes its own row.

Revision ID: c3e5a7b9d1f2
Revises: f5b8d2e0c3a6
Create Date: 2026-12-07 08:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e5a7b9d1f2'
down_revision = 'f5b8d2e0c3a6'
branch_labels = None
depends_on = None

_PD = 'sipekerja_perangkat_daerah'


def upgrade():
    with op.batch_alter_table('sipekerja_jendela_input', schema=None) as batch_op:
        batch_op.add_column(sa.Column('perangkat_daerah_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_sipekerja_jendela_input_tahun_id_triwulan'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_sipekerja_jendela_input_tahun_id_triwulan_perangkat_daerah_id'),
                                          ['tahun_id', 'triwulan', 'perangkat_daerah_id'])
        batch_op.create_index(batch_op.f('ix_sipekerja_jendela_input_perangkat_daerah_id'), ['perangkat_daerah_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_sipekerja_jendela_input_perangkat_daerah_id_sipekerja_perangkat_daerah'),
                                    _PD, ['perangkat_daerah_id'], ['id'])

    with op.batch_alter_table('sipekerja_satuan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('perangkat_daerah_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_sipekerja_satuan_nama'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_sipekerja_satuan_perangkat_daerah_id_nama'),
                                          ['perangkat_daerah_id', 'nama'])
        batch_op.create_index(batch_op.f('ix_sipekerja_satuan_perangkat_daerah_id'), ['perangkat_daerah_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_sipekerja_satuan_perangkat_daerah_id_sipekerja_perangkat_daerah'),
                                    _PD, ['perangkat_daerah_id'], ['id'])

    with op.batch_alter_table('sipekerja_skala_predikat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('perangkat_daerah_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_sipekerja_skala_predikat_nama'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_sipekerja_skala_predikat_perangkat_daerah_id_nama'),
                                          ['perangkat_daerah_id', 'nama'])
        batch_op.create_index(batch_op.f('ix_sipekerja_skala_predikat_perangkat_daerah_id'), ['perangkat_daerah_id'],
                              unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_sipekerja_skala_predikat_perangkat_daerah_id_sipekerja_perangkat_daerah'),
            _PD, ['perangkat_daerah_id'], ['id'])


def _hapus_baris_agensi(tabel: str) -> None:
    """Agency rows cannot survive the downgrade (the old unique keys would refuse them)."""
    if tabel == 'sipekerja_jendela_input':
        op.execute("DELETE FROM sipekerja_pembukaan_jendela WHERE jendela_id IN "
                   "(SELECT id FROM sipekerja_jendela_input WHERE perangkat_daerah_id IS NOT NULL)")
    if tabel == 'sipekerja_skala_predikat':
        op.execute("DELETE FROM sipekerja_band_predikat WHERE skala_id IN "
                   "(SELECT id FROM sipekerja_skala_predikat WHERE perangkat_daerah_id IS NOT NULL)")
    op.execute(f"DELETE FROM {tabel} WHERE perangkat_daerah_id IS NOT NULL")


def downgrade():
    # Satuan an agency added may be in use by its indicators: they are kept and become shared
    # (a name also on the kabupaten list gets the agency code appended so the old unique key holds).
    kode = "(SELECT kode FROM sipekerja_perangkat_daerah p WHERE p.id = sipekerja_satuan.perangkat_daerah_id)"
    if op.get_bind().dialect.name in ('mysql', 'mariadb'):
        nama_baru = f"CONCAT(nama, ' (', {kode}, ')')"
    else:
        nama_baru = f"nama || ' (' || {kode} || ')'"
    op.execute(f"UPDATE sipekerja_satuan SET nama = {nama_baru} WHERE perangkat_daerah_id IS NOT NULL AND nama IN "
               "(SELECT nama FROM (SELECT nama FROM sipekerja_satuan WHERE perangkat_daerah_id IS NULL) s)")
    for tabel in ('sipekerja_skala_predikat', 'sipekerja_jendela_input'):
        _hapus_baris_agensi(tabel)

    with op.batch_alter_table('sipekerja_skala_predikat', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_sipekerja_skala_predikat_perangkat_daerah_id_sipekerja_perangkat_daerah'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_sipekerja_skala_predikat_perangkat_daerah_id'))
        batch_op.drop_constraint(batch_op.f('uq_sipekerja_skala_predikat_perangkat_daerah_id_nama'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_sipekerja_skala_predikat_nama'), ['nama'])
        batch_op.drop_column('perangkat_daerah_id')

    with op.batch_alter_table('sipekerja_satuan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sipekerja_satuan_perangkat_daerah_id_sipekerja_perangkat_daerah'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_sipekerja_satuan_perangkat_daerah_id'))
        batch_op.drop_constraint(batch_op.f('uq_sipekerja_satuan_perangkat_daerah_id_nama'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_sipekerja_satuan_nama'), ['nama'])
        batch_op.drop_column('perangkat_daerah_id')

    with op.batch_alter_table('sipekerja_jendela_input', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_sipekerja_jendela_input_perangkat_daerah_id_sipekerja_perangkat_daerah'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_sipekerja_jendela_input_perangkat_daerah_id'))
        batch_op.drop_constraint(batch_op.f('uq_sipekerja_jendela_input_tahun_id_triwulan_perangkat_daerah_id'),
                                 type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_sipekerja_jendela_input_tahun_id_triwulan'),
                                          ['tahun_id', 'triwulan'])
        batch_op.drop_column('perangkat_daerah_id')
