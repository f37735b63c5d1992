"""initial schema

Revision ID: cf3e49a8c160
Revises: 
Create Date: 2026-11-24 01:11:38.588062

"""
from alembic import op
import sqlalchemy as sa

from sipekerja_module.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'cf3e49a8c160'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sipekerja_nomenklatur',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('nama', sa.String(length=500), nullable=False),
    sa.Column('kode_induk', sa.String(length=32), nullable=True),
    sa.CheckConstraint("level IN ('urusan', 'bidang_urusan', 'program', 'kegiatan', 'sub_kegiatan')", name=op.f('ck_sipekerja_nomenklatur_level')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_nomenklatur')),
    sa.UniqueConstraint('kode', name=op.f('uq_sipekerja_nomenklatur_kode'))
    )
    with op.batch_alter_table('sipekerja_nomenklatur', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_nomenklatur_kode_induk'), ['kode_induk'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_nomenklatur_level'), ['level'], unique=False)

    op.create_table('sipekerja_perangkat_daerah',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=32), nullable=False),
    sa.Column('nama', sa.String(length=255), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_perangkat_daerah')),
    sa.UniqueConstraint('kode', name=op.f('uq_sipekerja_perangkat_daerah_kode'))
    )
    op.create_table('sipekerja_satuan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nama', sa.String(length=64), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_satuan')),
    sa.UniqueConstraint('nama', name=op.f('uq_sipekerja_satuan_nama'))
    )
    op.create_table('sipekerja_skala_predikat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nama', sa.String(length=128), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_skala_predikat')),
    sa.UniqueConstraint('nama', name=op.f('uq_sipekerja_skala_predikat_nama'))
    )
    op.create_table('sipekerja_tahun',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun', sa.Integer(), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_tahun')),
    sa.UniqueConstraint('tahun', name=op.f('uq_sipekerja_tahun_tahun'))
    )
    op.create_table('sipekerja_band_predikat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('skala_id', sa.Integer(), nullable=False),
    sa.Column('batas_bawah', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=False),
    sa.Column('warna', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['skala_id'], ['sipekerja_skala_predikat.id'], name=op.f('fk_sipekerja_band_predikat_skala_id_sipekerja_skala_predikat')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_band_predikat')),
    sa.UniqueConstraint('skala_id', 'batas_bawah', name=op.f('uq_sipekerja_band_predikat_skala_id_batas_bawah')),
    sa.UniqueConstraint('skala_id', 'label', name=op.f('uq_sipekerja_band_predikat_skala_id_label'))
    )
    with op.batch_alter_table('sipekerja_band_predikat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_band_predikat_skala_id'), ['skala_id'], unique=False)

    op.create_table('sipekerja_jendela_input',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('triwulan', sa.Integer(), nullable=False),
    sa.Column('dibuka_dt', UTCDateTime(), nullable=False),
    sa.Column('ditutup_dt', UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('dibuka_kembali_sampai_dt', UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('terbuka', 'ditutup', 'dibuka_kembali')", name=op.f('ck_sipekerja_jendela_input_status')),
    sa.CheckConstraint('ditutup_dt > dibuka_dt', name=op.f('ck_sipekerja_jendela_input_urutan_waktu')),
    sa.CheckConstraint('triwulan BETWEEN 1 AND 4', name=op.f('ck_sipekerja_jendela_input_triwulan')),
    sa.ForeignKeyConstraint(['tahun_id'], ['sipekerja_tahun.id'], name=op.f('fk_sipekerja_jendela_input_tahun_id_sipekerja_tahun')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_jendela_input')),
    sa.UniqueConstraint('tahun_id', 'triwulan', name=op.f('uq_sipekerja_jendela_input_tahun_id_triwulan'))
    )
    with op.batch_alter_table('sipekerja_jendela_input', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_jendela_input_tahun_id'), ['tahun_id'], unique=False)

    op.create_table('sipekerja_rencana_kerja',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('perangkat_daerah_id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('ditetapkan_dt', UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('draf', 'ditetapkan')", name=op.f('ck_sipekerja_rencana_kerja_status')),
    sa.ForeignKeyConstraint(['perangkat_daerah_id'], ['sipekerja_perangkat_daerah.id'], name=op.f('fk_sipekerja_rencana_kerja_perangkat_daerah_id_sipekerja_perangkat_daerah')),
    sa.ForeignKeyConstraint(['tahun_id'], ['sipekerja_tahun.id'], name=op.f('fk_sipekerja_rencana_kerja_tahun_id_sipekerja_tahun')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_rencana_kerja')),
    sa.UniqueConstraint('perangkat_daerah_id', 'tahun_id', name=op.f('uq_sipekerja_rencana_kerja_perangkat_daerah_id_tahun_id'))
    )
    with op.batch_alter_table('sipekerja_rencana_kerja', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_rencana_kerja_tahun_id'), ['tahun_id'], unique=False)

    op.create_table('sipekerja_sasaran',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('perangkat_daerah_id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=32), nullable=False),
    sa.Column('uraian', sa.String(length=1000), nullable=False),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['perangkat_daerah_id'], ['sipekerja_perangkat_daerah.id'], name=op.f('fk_sipekerja_sasaran_perangkat_daerah_id_sipekerja_perangkat_daerah')),
    sa.ForeignKeyConstraint(['tahun_id'], ['sipekerja_tahun.id'], name=op.f('fk_sipekerja_sasaran_tahun_id_sipekerja_tahun')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_sasaran')),
    sa.UniqueConstraint('perangkat_daerah_id', 'tahun_id', 'kode', name=op.f('uq_sipekerja_sasaran_perangkat_daerah_id_tahun_id_kode'))
    )
    with op.batch_alter_table('sipekerja_sasaran', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_sasaran_perangkat_daerah_id'), ['perangkat_daerah_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_sasaran_tahun_id'), ['tahun_id'], unique=False)

    op.create_table('sipekerja_unit_kerja',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('perangkat_daerah_id', sa.Integer(), nullable=False),
    sa.Column('kode', sa.String(length=64), nullable=False),
    sa.Column('nama', sa.String(length=255), nullable=False),
    sa.Column('jenis', sa.String(length=16), nullable=False),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint("jenis IN ('sekretariat', 'bidang')", name=op.f('ck_sipekerja_unit_kerja_jenis')),
    sa.ForeignKeyConstraint(['perangkat_daerah_id'], ['sipekerja_perangkat_daerah.id'], name=op.f('fk_sipekerja_unit_kerja_perangkat_daerah_id_sipekerja_perangkat_daerah')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_unit_kerja')),
    sa.UniqueConstraint('kode', name=op.f('uq_sipekerja_unit_kerja_kode'))
    )
    with op.batch_alter_table('sipekerja_unit_kerja', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_unit_kerja_perangkat_daerah_id'), ['perangkat_daerah_id'], unique=False)

    op.create_table('sipekerja_node_rencana',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('perangkat_daerah_id', sa.Integer(), nullable=False),
    sa.Column('unit_kerja_id', sa.Integer(), nullable=False),
    sa.Column('sasaran_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('nomenklatur_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('kode', sa.String(length=32), nullable=False),
    sa.Column('nama', sa.String(length=500), nullable=False),
    sa.Column('pagu', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint("level IN ('program', 'kegiatan', 'sub_kegiatan')", name=op.f('ck_sipekerja_node_rencana_level')),
    sa.CheckConstraint('pagu IS NULL OR pagu >= 0', name=op.f('ck_sipekerja_node_rencana_pagu_non_negatif')),
    sa.ForeignKeyConstraint(['nomenklatur_id'], ['sipekerja_nomenklatur.id'], name=op.f('fk_sipekerja_node_rencana_nomenklatur_id_sipekerja_nomenklatur')),
    sa.ForeignKeyConstraint(['parent_id'], ['sipekerja_node_rencana.id'], name=op.f('fk_sipekerja_node_rencana_parent_id_sipekerja_node_rencana')),
    sa.ForeignKeyConstraint(['perangkat_daerah_id'], ['sipekerja_perangkat_daerah.id'], name=op.f('fk_sipekerja_node_rencana_perangkat_daerah_id_sipekerja_perangkat_daerah')),
    sa.ForeignKeyConstraint(['sasaran_id'], ['sipekerja_sasaran.id'], name=op.f('fk_sipekerja_node_rencana_sasaran_id_sipekerja_sasaran')),
    sa.ForeignKeyConstraint(['tahun_id'], ['sipekerja_tahun.id'], name=op.f('fk_sipekerja_node_rencana_tahun_id_sipekerja_tahun')),
    sa.ForeignKeyConstraint(['unit_kerja_id'], ['sipekerja_unit_kerja.id'], name=op.f('fk_sipekerja_node_rencana_unit_kerja_id_sipekerja_unit_kerja')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_node_rencana')),
    sa.UniqueConstraint('tahun_id', 'unit_kerja_id', 'kode', name=op.f('uq_sipekerja_node_rencana_tahun_id_unit_kerja_id_kode'))
    )
    with op.batch_alter_table('sipekerja_node_rencana', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_node_rencana_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_node_rencana_perangkat_daerah_id'), ['perangkat_daerah_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_node_rencana_sasaran_id'), ['sasaran_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_node_rencana_tahun_id'), ['tahun_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_node_rencana_unit_kerja_id'), ['unit_kerja_id'], unique=False)

    op.create_table('sipekerja_pengguna',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('nip', sa.String(length=18), nullable=False),
    sa.Column('nama', sa.String(length=255), nullable=False),
    sa.Column('peran', sa.JSON(), nullable=False),
    sa.Column('unit_kerja_id', sa.Integer(), nullable=True),
    sa.Column('perangkat_daerah_id', sa.Integer(), nullable=True),
    sa.Column('terakhir_masuk_dt', UTCDateTime(), nullable=True),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['perangkat_daerah_id'], ['sipekerja_perangkat_daerah.id'], name=op.f('fk_sipekerja_pengguna_perangkat_daerah_id_sipekerja_perangkat_daerah')),
    sa.ForeignKeyConstraint(['unit_kerja_id'], ['sipekerja_unit_kerja.id'], name=op.f('fk_sipekerja_pengguna_unit_kerja_id_sipekerja_unit_kerja')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_pengguna')),
    sa.UniqueConstraint('issuer', 'subject', name=op.f('uq_sipekerja_pengguna_issuer_subject'))
    )
    with op.batch_alter_table('sipekerja_pengguna', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_pengguna_nip'), ['nip'], unique=False)

    op.create_table('sipekerja_status_periode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_kerja_id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('triwulan', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('draf', 'diajukan', 'terverifikasi', 'dikembalikan')", name=op.f('ck_sipekerja_status_periode_status')),
    sa.CheckConstraint('triwulan BETWEEN 1 AND 4', name=op.f('ck_sipekerja_status_periode_triwulan')),
    sa.ForeignKeyConstraint(['tahun_id'], ['sipekerja_tahun.id'], name=op.f('fk_sipekerja_status_periode_tahun_id_sipekerja_tahun')),
    sa.ForeignKeyConstraint(['unit_kerja_id'], ['sipekerja_unit_kerja.id'], name=op.f('fk_sipekerja_status_periode_unit_kerja_id_sipekerja_unit_kerja')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_status_periode')),
    sa.UniqueConstraint('unit_kerja_id', 'tahun_id', 'triwulan', name=op.f('uq_sipekerja_status_periode_unit_kerja_id_tahun_id_triwulan'))
    )
    with op.batch_alter_table('sipekerja_status_periode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_status_periode_tahun_id'), ['tahun_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_status_periode_unit_kerja_id'), ['unit_kerja_id'], unique=False)

    op.create_table('sipekerja_audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('pengguna_id', sa.Integer(), nullable=True),
    sa.Column('nip', sa.String(length=18), nullable=True),
    sa.Column('aksi', sa.String(length=64), nullable=False),
    sa.Column('objek_tipe', sa.String(length=64), nullable=False),
    sa.Column('objek_id', sa.Integer(), nullable=True),
    sa.Column('sebelum', sa.JSON(), nullable=True),
    sa.Column('sesudah', sa.JSON(), nullable=True),
    sa.Column('alasan', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['pengguna_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_audit_log_pengguna_id_sipekerja_pengguna')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_audit_log'))
    )
    with op.batch_alter_table('sipekerja_audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_audit_log_created_dt'), ['created_dt'], unique=False)
        batch_op.create_index('ix_sipekerja_audit_log_objek', ['objek_tipe', 'objek_id'], unique=False)

    op.create_table('sipekerja_catatan_verifikasi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status_periode_id', sa.Integer(), nullable=False),
    sa.Column('dari_status', sa.String(length=16), nullable=False),
    sa.Column('ke_status', sa.String(length=16), nullable=False),
    sa.Column('catatan', sa.Text(), nullable=True),
    sa.Column('oleh_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['oleh_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_catatan_verifikasi_oleh_id_sipekerja_pengguna')),
    sa.ForeignKeyConstraint(['status_periode_id'], ['sipekerja_status_periode.id'], name=op.f('fk_sipekerja_catatan_verifikasi_status_periode_id_sipekerja_status_periode')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_catatan_verifikasi'))
    )
    with op.batch_alter_table('sipekerja_catatan_verifikasi', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_catatan_verifikasi_status_periode_id'), ['status_periode_id'], unique=False)

    op.create_table('sipekerja_indikator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tahun_id', sa.Integer(), nullable=False),
    sa.Column('perangkat_daerah_id', sa.Integer(), nullable=False),
    sa.Column('unit_kerja_id', sa.Integer(), nullable=True),
    sa.Column('sasaran_id', sa.Integer(), nullable=True),
    sa.Column('node_id', sa.Integer(), nullable=True),
    sa.Column('uraian', sa.String(length=1000), nullable=False),
    sa.Column('satuan_id', sa.Integer(), nullable=False),
    sa.Column('polaritas', sa.String(length=16), nullable=False),
    sa.Column('agregasi', sa.String(length=16), nullable=False),
    sa.Column('rumus_negatif', sa.String(length=16), nullable=False),
    sa.Column('target_tahunan', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('target_atas', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('urutan', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint("agregasi IN ('kumulatif', 'nilai_akhir', 'rata_rata')", name=op.f('ck_sipekerja_indikator_agregasi')),
    sa.CheckConstraint("polaritas IN ('positif', 'negatif')", name=op.f('ck_sipekerja_indikator_polaritas')),
    sa.CheckConstraint("rumus_negatif IN ('selisih', 'rasio')", name=op.f('ck_sipekerja_indikator_rumus_negatif')),
    sa.CheckConstraint('(sasaran_id IS NOT NULL AND node_id IS NULL) OR (sasaran_id IS NULL AND node_id IS NOT NULL)', name=op.f('ck_sipekerja_indikator_satu_induk')),
    sa.CheckConstraint('target_atas IS NULL OR target_atas >= target_tahunan', name=op.f('ck_sipekerja_indikator_rentang_target')),
    sa.CheckConstraint('target_tahunan IS NULL OR target_tahunan >= 0', name=op.f('ck_sipekerja_indikator_target_non_negatif')),
    sa.ForeignKeyConstraint(['node_id'], ['sipekerja_node_rencana.id'], name=op.f('fk_sipekerja_indikator_node_id_sipekerja_node_rencana')),
    sa.ForeignKeyConstraint(['perangkat_daerah_id'], ['sipekerja_perangkat_daerah.id'], name=op.f('fk_sipekerja_indikator_perangkat_daerah_id_sipekerja_perangkat_daerah')),
    sa.ForeignKeyConstraint(['sasaran_id'], ['sipekerja_sasaran.id'], name=op.f('fk_sipekerja_indikator_sasaran_id_sipekerja_sasaran')),
    sa.ForeignKeyConstraint(['satuan_id'], ['sipekerja_satuan.id'], name=op.f('fk_sipekerja_indikator_satuan_id_sipekerja_satuan')),
    sa.ForeignKeyConstraint(['tahun_id'], ['sipekerja_tahun.id'], name=op.f('fk_sipekerja_indikator_tahun_id_sipekerja_tahun')),
    sa.ForeignKeyConstraint(['unit_kerja_id'], ['sipekerja_unit_kerja.id'], name=op.f('fk_sipekerja_indikator_unit_kerja_id_sipekerja_unit_kerja')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_indikator'))
    )
    with op.batch_alter_table('sipekerja_indikator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_indikator_node_id'), ['node_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_indikator_perangkat_daerah_id'), ['perangkat_daerah_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_indikator_sasaran_id'), ['sasaran_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_indikator_tahun_id'), ['tahun_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_indikator_unit_kerja_id'), ['unit_kerja_id'], unique=False)

    op.create_table('sipekerja_pembukaan_jendela',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jendela_id', sa.Integer(), nullable=False),
    sa.Column('unit_kerja_id', sa.Integer(), nullable=False),
    sa.Column('sampai_dt', UTCDateTime(), nullable=False),
    sa.Column('alasan', sa.String(length=1000), nullable=False),
    sa.Column('oleh_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint('length(alasan) > 0', name=op.f('ck_sipekerja_pembukaan_jendela_alasan_wajib')),
    sa.ForeignKeyConstraint(['jendela_id'], ['sipekerja_jendela_input.id'], name=op.f('fk_sipekerja_pembukaan_jendela_jendela_id_sipekerja_jendela_input')),
    sa.ForeignKeyConstraint(['oleh_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_pembukaan_jendela_oleh_id_sipekerja_pengguna')),
    sa.ForeignKeyConstraint(['unit_kerja_id'], ['sipekerja_unit_kerja.id'], name=op.f('fk_sipekerja_pembukaan_jendela_unit_kerja_id_sipekerja_unit_kerja')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_pembukaan_jendela'))
    )
    with op.batch_alter_table('sipekerja_pembukaan_jendela', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_pembukaan_jendela_jendela_id'), ['jendela_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_pembukaan_jendela_unit_kerja_id'), ['unit_kerja_id'], unique=False)

    op.create_table('sipekerja_realisasi_anggaran',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.Integer(), nullable=False),
    sa.Column('bulan', sa.Integer(), nullable=False),
    sa.Column('nilai', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('diubah_oleh_id', sa.Integer(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=True),
    sa.Column('faktor_pendorong', sa.Text(), nullable=True),
    sa.Column('faktor_penghambat', sa.Text(), nullable=True),
    sa.Column('tindak_lanjut', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint('bulan BETWEEN 1 AND 12', name=op.f('ck_sipekerja_realisasi_anggaran_bulan')),
    sa.CheckConstraint('nilai IS NULL OR nilai >= 0', name=op.f('ck_sipekerja_realisasi_anggaran_nilai_non_negatif')),
    sa.ForeignKeyConstraint(['diubah_oleh_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_realisasi_anggaran_diubah_oleh_id_sipekerja_pengguna')),
    sa.ForeignKeyConstraint(['node_id'], ['sipekerja_node_rencana.id'], name=op.f('fk_sipekerja_realisasi_anggaran_node_id_sipekerja_node_rencana')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_realisasi_anggaran')),
    sa.UniqueConstraint('node_id', 'bulan', name=op.f('uq_sipekerja_realisasi_anggaran_node_id_bulan'))
    )
    op.create_table('sipekerja_target_anggaran',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.Integer(), nullable=False),
    sa.Column('bulan', sa.Integer(), nullable=False),
    sa.Column('nilai', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('bulan BETWEEN 1 AND 12', name=op.f('ck_sipekerja_target_anggaran_bulan')),
    sa.CheckConstraint('nilai IS NULL OR nilai >= 0', name=op.f('ck_sipekerja_target_anggaran_nilai_non_negatif')),
    sa.ForeignKeyConstraint(['node_id'], ['sipekerja_node_rencana.id'], name=op.f('fk_sipekerja_target_anggaran_node_id_sipekerja_node_rencana'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_target_anggaran')),
    sa.UniqueConstraint('node_id', 'bulan', name=op.f('uq_sipekerja_target_anggaran_node_id_bulan'))
    )
    op.create_table('sipekerja_bukti_dukung',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indikator_id', sa.Integer(), nullable=False),
    sa.Column('bulan', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('nama_asli', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=128), nullable=False),
    sa.Column('ukuran', sa.Integer(), nullable=False),
    sa.Column('diunggah_oleh_id', sa.Integer(), nullable=True),
    sa.Column('dihapus_dt', UTCDateTime(), nullable=True),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint('bulan BETWEEN 1 AND 12', name=op.f('ck_sipekerja_bukti_dukung_bulan')),
    sa.CheckConstraint('ukuran > 0', name=op.f('ck_sipekerja_bukti_dukung_ukuran_positif')),
    sa.ForeignKeyConstraint(['diunggah_oleh_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_bukti_dukung_diunggah_oleh_id_sipekerja_pengguna')),
    sa.ForeignKeyConstraint(['indikator_id'], ['sipekerja_indikator.id'], name=op.f('fk_sipekerja_bukti_dukung_indikator_id_sipekerja_indikator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_bukti_dukung'))
    )
    with op.batch_alter_table('sipekerja_bukti_dukung', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sipekerja_bukti_dukung_indikator_id'), ['indikator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sipekerja_bukti_dukung_sha256'), ['sha256'], unique=False)

    op.create_table('sipekerja_realisasi_kinerja',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indikator_id', sa.Integer(), nullable=False),
    sa.Column('bulan', sa.Integer(), nullable=False),
    sa.Column('nilai', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('diubah_oleh_id', sa.Integer(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=True),
    sa.Column('faktor_pendorong', sa.Text(), nullable=True),
    sa.Column('faktor_penghambat', sa.Text(), nullable=True),
    sa.Column('tindak_lanjut', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_dt', UTCDateTime(), nullable=False),
    sa.Column('updated_dt', UTCDateTime(), nullable=False),
    sa.CheckConstraint('bulan BETWEEN 1 AND 12', name=op.f('ck_sipekerja_realisasi_kinerja_bulan')),
    sa.CheckConstraint('nilai IS NULL OR nilai >= 0', name=op.f('ck_sipekerja_realisasi_kinerja_nilai_non_negatif')),
    sa.ForeignKeyConstraint(['diubah_oleh_id'], ['sipekerja_pengguna.id'], name=op.f('fk_sipekerja_realisasi_kinerja_diubah_oleh_id_sipekerja_pengguna')),
    sa.ForeignKeyConstraint(['indikator_id'], ['sipekerja_indikator.id'], name=op.f('fk_sipekerja_realisasi_kinerja_indikator_id_sipekerja_indikator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_realisasi_kinerja')),
    sa.UniqueConstraint('indikator_id', 'bulan', name=op.f('uq_sipekerja_realisasi_kinerja_indikator_id_bulan'))
    )
    op.create_table('sipekerja_target_kinerja',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indikator_id', sa.Integer(), nullable=False),
    sa.Column('bulan', sa.Integer(), nullable=False),
    sa.Column('nilai', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('bulan BETWEEN 1 AND 12', name=op.f('ck_sipekerja_target_kinerja_bulan')),
    sa.CheckConstraint('nilai IS NULL OR nilai >= 0', name=op.f('ck_sipekerja_target_kinerja_nilai_non_negatif')),
    sa.ForeignKeyConstraint(['indikator_id'], ['sipekerja_indikator.id'], name=op.f('fk_sipekerja_target_kinerja_indikator_id_sipekerja_indikator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sipekerja_target_kinerja')),
    sa.UniqueConstraint('indikator_id', 'bulan', name=op.f('uq_sipekerja_target_kinerja_indikator_id_bulan'))
    )


def downgrade():
    # Dropping a table drops its indexes; dropping them first fails on MariaDB, where an
    # index backing a foreign key cannot be dropped on its own.
    op.drop_table('sipekerja_target_kinerja')
    op.drop_table('sipekerja_realisasi_kinerja')
    op.drop_table('sipekerja_bukti_dukung')
    op.drop_table('sipekerja_target_anggaran')
    op.drop_table('sipekerja_realisasi_anggaran')
    op.drop_table('sipekerja_pembukaan_jendela')
    op.drop_table('sipekerja_indikator')
    op.drop_table('sipekerja_catatan_verifikasi')
    op.drop_table('sipekerja_audit_log')
    op.drop_table('sipekerja_status_periode')
    op.drop_table('sipekerja_pengguna')
    op.drop_table('sipekerja_node_rencana')
    op.drop_table('sipekerja_unit_kerja')
    op.drop_table('sipekerja_sasaran')
    op.drop_table('sipekerja_rencana_kerja')
    op.drop_table('sipekerja_jendela_input')
    op.drop_table('sipekerja_band_predikat')
    op.drop_table('sipekerja_tahun')
    op.drop_table('sipekerja_skala_predikat')
    op.drop_table('sipekerja_satuan')
    op.drop_table('sipekerja_perangkat_daerah')
    op.drop_table('sipekerja_nomenklatur')
