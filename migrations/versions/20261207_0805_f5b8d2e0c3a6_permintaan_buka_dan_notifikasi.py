"""permintaan buka dan notifikasi: reopen requests, in-app notifications with e-mail state,
deadline reminders, refused addresses, and the e-mail of a Pengguna (issue 17)

Revision ID: f5b8d2e0c3a6
Revises: e4a7c1d9b2f5
Create Date: 2026-12-07 08:05:31.927493

"""
from alembic import op
import sqlalchemy as sa

from sipekerja_module.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'f5b8d2e0c3a6'
down_revision = 'e4a7c1d9b2f5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sipekerja_surel_ditolak',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alamat', sa.String(length=255), nullable=False),
    sa.Column('kode', sa.Integer(), nullable=False),
    sa.Column('pesan', sa.String(length=500), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_surel_ditolak')),
    sa.UniqueConstraint('alamat', name=op.f('uq_sipekerja_surel_ditolak_alamat'))
    )
    op.create_table('sipekerja_pengingat_tenggat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_kerja_id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('triwulan', sa.Integer(), nullable=False),
    sa.Column('hari', sa.Integer(), nullable=False),
    sa.Column('batas_dt', UTCDateTime(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint('hari IN (1, 3, 7)', name=op.f('ck_sipekerja_pengingat_tenggat_hari')),
    sa.ForeignKeyConstraint(['tahun_id'], ['sipekerja_tahun.id'], name=op.f('fk_sipekerja_pengingat_tenggat_tahun_id_sipekerja_tahun')),
    sa.ForeignKeyConstraint(['unit_kerja_id'], ['sipekerja_unit_kerja.id'], name=op.f('fk_sipekerja_pengingat_tenggat_unit_kerja_id_sipekerja_unit_kerja')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_pengingat_tenggat')),
    sa.UniqueConstraint('unit_kerja_id', 'tahun_id', 'triwulan', 'hari', name=op.f('uq_sipekerja_pengingat_tenggat_unit_kerja_id_tahun_id_triwulan_hari'))
    )
    with op.batch_alter_table('sipekerja_pengingat_tenggat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_pengingat_tenggat_tahun_id'), ['tahun_id'], unique=False)

    op.create_table('sipekerja_notifikasi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pengguna_id', sa.Integer(), nullable=False),
    sa.Column('jenis', sa.String(length=32), nullable=False),
    sa.Column('judul', sa.String(length=255), nullable=False),
    sa.Column('teks', sa.String(length=1000), nullable=False),
    sa.Column('tautan', sa.String(length=500), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('dibaca_dt', UTCDateTime(), nullable=True),
    sa.Column('email_status', sa.String(length=16), nullable=False),
    sa.Column('email_percobaan', sa.Integer(), nullable=False),
    sa.Column('email_terkirim_dt', UTCDateTime(), nullable=True),
    sa.Column('email_galat', sa.String(length=500), nullable=True),
    sa.CheckConstraint("email_status IN ('menunggu', 'terkirim', 'gagal', 'ditolak', 'dilewati')", name=op.f('ck_sipekerja_notifikasi_email_status')),
    sa.ForeignKeyConstraint(['pengguna_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_notifikasi_pengguna_id_sipekerja_pengguna')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_notifikasi'))
    )
    with op.batch_alter_table('sipekerja_notifikasi', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_notifikasi_created_dt'), ['created_dt'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_notifikasi_email_status'), ['email_status'], unique=False)
        batch_op.create_index('ix_sipekerja_notifikasi_penerima', ['pengguna_id', 'dibaca_dt'], unique=False)

    op.create_table('sipekerja_permintaan_buka',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_kerja_id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('triwulan', sa.Integer(), nullable=False),
    sa.Column('bulan', sa.JSON(), nullable=False),
    sa.Column('alasan', sa.String(length=1000), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('kunci_menunggu', sa.String(length=64), nullable=True),
    sa.Column('diajukan_oleh_id', sa.Integer(), nullable=True),
    sa.Column('dijawab_oleh_id', sa.Integer(), nullable=True),
    sa.Column('dijawab_dt', UTCDateTime(), nullable=True),
    sa.Column('catatan', sa.String(length=1000), nullable=True),
    sa.Column('sampai_dt', UTCDateTime(), nullable=True),
    sa.Column('pembukaan_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('menunggu', 'disetujui', 'ditolak')", name=op.f('ck_sipekerja_permintaan_buka_status')),
    sa.CheckConstraint('length(alasan) > 0', name=op.f('ck_sipekerja_permintaan_buka_alasan_wajib')),
    sa.CheckConstraint('triwulan BETWEEN 1 AND 4', name=op.f('ck_sipekerja_permintaan_buka_triwulan')),
    sa.ForeignKeyConstraint(['diajukan_oleh_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_permintaan_buka_diajukan_oleh_id_sipekerja_pengguna')),
    sa.ForeignKeyConstraint(['dijawab_oleh_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_permintaan_buka_dijawab_oleh_id_sipekerja_pengguna')),
    sa.ForeignKeyConstraint(['pembukaan_id'], ['sipekerja_pembukaan_jendela.id'], name=op.f('fk_sipekerja_permintaan_buka_pembukaan_id_sipekerja_pembukaan_jendela')),
    sa.ForeignKeyConstraint(['tahun_id'], ['sipekerja_tahun.id'], name=op.f('fk_sipekerja_permintaan_buka_tahun_id_sipekerja_tahun')),
    sa.ForeignKeyConstraint(['unit_kerja_id'], ['sipekerja_unit_kerja.id'], name=op.f('fk_sipekerja_permintaan_buka_unit_kerja_id_sipekerja_unit_kerja')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_permintaan_buka')),
    sa.UniqueConstraint('kunci_menunggu', name=op.f('uq_sipekerja_permintaan_buka_kunci_menunggu'))
    )
    with op.batch_alter_table('sipekerja_permintaan_buka', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_permintaan_buka_tahun_id'), ['tahun_id'], unique=False)
        batch_op.create_index('ix_sipekerja_permintaan_buka_unit_tahun', ['unit_kerja_id', 'tahun_id'], unique=False)

    with op.batch_alter_table('sipekerja_pengguna', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('terima_surel', sa.Boolean(), server_default=sa.true(), nullable=False))



def downgrade():
    # Tables are dropped with their indexes: MariaDB refuses to drop an index a foreign key still needs.
    op.drop_table('sipekerja_permintaan_buka')
    op.drop_table('sipekerja_notifikasi')
    op.drop_table('sipekerja_pengingat_tenggat')
    op.drop_table('sipekerja_surel_ditolak')
    with op.batch_alter_table('sipekerja_pengguna', schema=None) as batch_op:
        batch_op.drop_column('terima_surel')
        batch_op.drop_column('email')
