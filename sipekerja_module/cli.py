"""``flask sipekerja …`` commands: migrations, demo data, the nomenclature import, backup and restore.

Commands are the transaction boundary: the services they call only flush, and each command
commits once (or rolls back on error). ``restore`` is the exception: it writes on a connection of
its own in one transaction (``services.cadangan``), so the session's commit hooks leave the
archive's rows as they were.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from .paths import MIGRATIONS_DIR

cli_group = click.Group("sipekerja", help="Perintah modul SI PEKERJA.")


@cli_group.command("upgrade-db")
@with_appcontext
def upgrade_db() -> None:
    """Apply the module's migrations (for hosts that run their own ``flask db``)."""
    from flask_migrate import upgrade

    upgrade(directory=MIGRATIONS_DIR)
    click.echo("Skema SI PEKERJA mutakhir.")


@cli_group.command("demo")
@click.option("--tahun", type=int, default=2024, show_default=True, help="Tahun anggaran data demo.")
@click.option("--tanpa-tahun-lalu", is_flag=True, help="Tanpa tahun sebelumnya (realisasi setahun penuh).")
@with_appcontext
def demo(tahun: int, tanpa_tahun_lalu: bool) -> None:
    """Load the demo agency BKPSDM Kabupaten Paser with the year before it (does nothing if it already
    exists)."""
    from .extensions import db_session
    from .seed.demo import load_demo

    try:
        ringkasan = load_demo(tahun=tahun, dengan_tahun_lalu=not tanpa_tahun_lalu)
        db_session.commit()
    except Exception:
        db_session.rollback()
        raise
    if ringkasan.dimuat:
        if not tanpa_tahun_lalu:
            click.echo(f"Data demo BKPSDM Kabupaten Paser tahun {tahun - 1} (realisasi setahun penuh, terverifikasi) "
                       "dan Renstra 2021–2026 dimuat.")
        click.echo(f"Data demo BKPSDM Kabupaten Paser tahun {ringkasan.tahun} dimuat:")
    else:
        click.echo("Data demo BKPSDM sudah ada; tidak ada yang diubah. Isi saat ini:")
    baris = (
        ("Unit kerja", ringkasan.unit_kerja),
        ("Sasaran strategis", ringkasan.sasaran),
        ("Program", ringkasan.program),
        ("Kegiatan", ringkasan.kegiatan),
        ("Sub kegiatan", ringkasan.sub_kegiatan),
        ("Indikator", ringkasan.indikator),
        ("Target kinerja bulanan", ringkasan.target_kinerja),
        ("Target anggaran bulanan", ringkasan.target_anggaran),
        ("Realisasi kinerja bulanan", ringkasan.realisasi_kinerja),
        ("Realisasi anggaran bulanan", ringkasan.realisasi_anggaran),
    )
    for label, jumlah in baris:
        click.echo(f"  {label}: {jumlah}")


@cli_group.command("ringkasan")
@click.option("--semua", is_flag=True,
              help="Hitung ulang semua perangkat daerah dan tahun, bukan hanya yang belum ada.")
@with_appcontext
def ringkasan_command(semua: bool) -> None:
    """Measure every agency's year that has no dashboard aggregates yet (after upgrading a database
    that had data before the aggregates existed, or after loading rows by hand); idempotent.
    ``--semua`` recomputes every stored aggregate: run it once after an upgrade that changed a
    measurement rule (the release notes say so)."""
    from .commit_hooks import hitung_ulang_semua_ringkasan
    from .commit_hooks import pastikan_ringkasan
    from .extensions import db_session
    from .queries.referensi import list_tahun

    try:
        if semua:
            jumlah = hitung_ulang_semua_ringkasan()
        else:
            diisi = [tahun.tahun for tahun in list_tahun() if pastikan_ringkasan(tahun.id)]
        db_session.commit()
    except Exception:
        db_session.rollback()
        raise
    if semua:
        click.echo(f"Ringkasan dasbor kabupaten dihitung ulang: {jumlah} pasangan perangkat daerah dan tahun.")
    elif diisi:
        click.echo("Ringkasan dasbor kabupaten dihitung untuk tahun " + ", ".join(map(str, diisi)) + ".")
    else:
        click.echo("Ringkasan dasbor kabupaten sudah lengkap; tidak ada yang diubah.")


@cli_group.command("import-nomenklatur")
@click.argument("berkas", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_nomenklatur_command(berkas: Path) -> None:
    """Import the Kemendagri nomenclature from a CSV or XLSX file (kode, level, nama), all or nothing."""
    from .extensions import db_session
    from .services.nomenklatur import ImportGagal
    from .services.nomenklatur import import_nomenklatur
    from .services.nomenklatur import read_nomenklatur_csv
    from .services.nomenklatur import read_nomenklatur_xlsx

    jenis = berkas.suffix.lower()
    if jenis not in (".csv", ".xlsx"):
        click.echo(f"Jenis berkas {berkas.name} tidak didukung: gunakan .csv atau .xlsx.", err=True)
        raise SystemExit(1)
    try:
        with berkas.open("rb") as stream:
            rows = read_nomenklatur_csv(stream) if jenis == ".csv" else read_nomenklatur_xlsx(stream)
        hasil = import_nomenklatur(rows)
        db_session.commit()
    except ImportGagal as exc:
        db_session.rollback()
        click.echo(exc.pesan, err=True)
        for baris, pesan in exc.kesalahan:
            click.echo(f"  Baris {baris}: {pesan}", err=True)
        raise SystemExit(1) from None
    except Exception:
        db_session.rollback()
        raise
    click.echo(
        f"Nomenklatur diimpor dari {berkas.name}: {hasil.created} baru, {hasil.updated} diperbarui, "
        f"{hasil.unchanged} tidak berubah."
    )


@cli_group.command("generate")
@click.option("--pd", "jumlah_pd", type=click.IntRange(min=1), default=40, show_default=True,
              help="Jumlah perangkat daerah yang dibuat.")
@click.option("--tahun", type=int, default=2024, show_default=True, help="Tahun anggaran.")
@click.option("--seed", type=int, default=1, show_default=True, help="Benih acak (hasil sama untuk benih sama).")
@with_appcontext
def generate(jumlah_pd: int, tahun: int, seed: int) -> None:
    """Fill an empty database with N perangkat daerah shaped like the demo (for benchmarks)."""
    import time

    from .domain.errors import SipekerjaError
    from .extensions import db_session
    from .seed.generator import generate_kabupaten

    mulai = time.perf_counter()
    try:
        ringkasan = generate_kabupaten(jumlah_pd=jumlah_pd, tahun=tahun, seed=seed)
        db_session.commit()
    except SipekerjaError as exc:
        db_session.rollback()
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    except Exception:
        db_session.rollback()
        raise
    click.echo(f"Data {jumlah_pd} perangkat daerah tahun {tahun} (seed {seed}) dibuat:")
    for label, jumlah in ringkasan.baris():
        click.echo(f"  {label}: {jumlah}")
    click.echo(f"Waktu: {ringkasan.detik:.1f} s membangun dan menulis, {time.perf_counter() - mulai:.1f} s "
               "termasuk commit.")


@cli_group.command("backup")
@click.argument("tujuan", metavar="PATH", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(tujuan: Path) -> None:
    """Write one ZIP archive of every module table (JSON) and every bukti dukung file, with a manifest."""
    from datetime import datetime
    from datetime import timezone

    from .domain.errors import SipekerjaError
    from .extensions import db_session
    from .services.cadangan import tulis_cadangan
    from .services.penyimpanan import penyimpanan

    try:
        ringkasan = tulis_cadangan(tujuan, engine=db_session.get_bind(), storage=penyimpanan(),
                                   sekarang=datetime.now(timezone.utc))
    except SipekerjaError as exc:  # CadanganDitolak, or the evidence store unreachable
        click.echo(exc.pesan, err=True)
        raise SystemExit(1) from None
    click.echo(f"Cadangan ditulis ke {tujuan} (revisi skema {ringkasan.revisi or 'tanpa revisi'}):")
    click.echo(f"  {len(ringkasan.baris)} tabel, {sum(ringkasan.baris.values())} baris; "
               f"{ringkasan.berkas} berkas bukti dukung ({ringkasan.ukuran_berkas} byte).")
    _peringatan(ringkasan.berkas_hilang, "berkas bukti dukung yang dirujuk basis data tidak ada di "
                "penyimpanan (missing_files di manifest)")
    _peringatan(ringkasan.berkas_rusak, "berkas di folder bukti dukung rusak, isinya tidak sesuai dengan namanya, "
                "dan tidak akan dipulihkan (corrupt_files di manifest)")


def _peringatan(daftar: list[str], keterangan: str, paling_banyak: int = 10) -> None:
    if not daftar:
        return
    click.echo(f"Peringatan: {len(daftar)} {keterangan}:", err=True)
    for nama in daftar[:paling_banyak]:
        click.echo(f"  {nama}", err=True)
    if len(daftar) > paling_banyak:
        click.echo(f"  … dan {len(daftar) - paling_banyak} lainnya.", err=True)


@cli_group.command("restore")
@click.argument("sumber", metavar="PATH", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(sumber: Path) -> None:
    """Restore an archive of ``flask sipekerja backup`` into an empty module schema (any engine)."""
    from .domain.errors import SipekerjaError
    from .extensions import db_session
    from .services.cadangan import pulihkan_cadangan
    from .services.penyimpanan import penyimpanan

    try:
        ringkasan = pulihkan_cadangan(sumber, engine=db_session.get_bind(), storage=penyimpanan())
    except SipekerjaError as exc:  # CadanganDitolak, or the evidence store refusing a write
        click.echo(exc.pesan, err=True)
        raise SystemExit(1) from None
    click.echo(f"Cadangan {sumber.name} dipulihkan: {len(ringkasan.baris)} tabel, "
               f"{sum(ringkasan.baris.values())} baris, {ringkasan.berkas} berkas bukti dukung.")
    if ringkasan.berkas_hilang:
        click.echo(f"Peringatan: {len(ringkasan.berkas_hilang)} berkas bukti dukung sudah tidak ada ketika cadangan "
                   "dibuat (lihat missing_files di manifest).", err=True)


def _sekarang(teks: str | None):
    """``--sekarang`` (ISO 8601; without a zone it is read in the agency's zone), else the clock."""
    from datetime import datetime
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from flask import current_app

    if not teks:
        return datetime.now(timezone.utc)
    try:
        waktu = datetime.fromisoformat(teks)
    except ValueError:
        raise click.BadParameter("gunakan format ISO 8601, mis. 2024-07-28T09:00", param_hint="--sekarang") from None
    if waktu.tzinfo is None:
        waktu = waktu.replace(tzinfo=ZoneInfo(current_app.config["SIPEKERJA_ZONA_WAKTU"]))
    return waktu


@cli_group.command("pengingat-tenggat")
@click.option("--sekarang", "sekarang", default=None, metavar="WAKTU",
              help="Anggap sekarang WAKTU (ISO 8601, zona instansi bila tanpa zona); untuk uji dan pemulihan.")
@with_appcontext
def pengingat_tenggat(sekarang: str | None) -> None:
    """Create the deadline reminders (7 / 3 / 1 days before each unit's own deadline, WITA) due
    now, as notifications to the units that have not submitted; idempotent (run it hourly)."""
    from zoneinfo import ZoneInfo

    from flask import current_app

    from .extensions import db_session
    from .services.notifikasi import buat_pengingat_tenggat

    now = _sekarang(sekarang)
    try:
        jumlah = buat_pengingat_tenggat(now=now, zona=ZoneInfo(current_app.config["SIPEKERJA_ZONA_WAKTU"]))
        db_session.commit()
    except Exception:
        db_session.rollback()
        raise
    click.echo(f"Pengingat batas input dibuat: {jumlah}.")


@cli_group.command("kirim-notifikasi")
@click.option("--batas", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="Surel paling banyak dalam satu kali jalan.")
@with_appcontext
def kirim_notifikasi(batas: int) -> None:
    """Send the e-mails of waiting notifications through SMTP (``SIPEKERJA_SMTP_*``): each outcome
    is committed as soon as it is known; temporary failures are retried by the next run up to
    ``SIPEKERJA_SMTP_PERCOBAAN`` times; an address refused with 5xx is recorded and not retried.
    With Redis it never runs alongside the queued e-mail job (``tugas.kirim_surel``)."""
    from .extensions import db_session
    from .tugas import kirim_surel

    try:
        hasil = kirim_surel(batas=batas)
    except Exception:
        db_session.rollback()
        raise
    if hasil is None:
        click.echo("Pengiriman surel lain sedang berjalan; tidak ada yang dikirim oleh perintah ini.")
        return
    click.echo(f"Surel terkirim: {hasil.terkirim}; ditolak: {hasil.ditolak}; dicoba lagi nanti: {hasil.dicoba_lagi}; "
               f"gagal: {hasil.gagal}; dilewati: {hasil.dilewati}.")
    for galat in hasil.galat[:20]:
        click.echo(f"  {galat}", err=True)


@cli_group.command("worker")
@click.option("--burst", is_flag=True, help="Berhenti setelah antrian kosong (untuk uji dan cron).")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the RQ worker of ``SIPEKERJA_REDIS_URL`` on the queue ``SIPEKERJA_ANTRIAN``, inside the app.

    It is RQ's ``SimpleWorker``: jobs run one after another in this process (no fork, so the
    database pool is never shared with a child); run several of these for more at once. A job killed
    with its worker is put back on the queue by the next worker once its heartbeat has expired.
    """
    from flask import current_app
    from rq import SimpleWorker

    from . import antrian

    conn = antrian.koneksi()
    if conn is None:
        raise click.ClickException("SIPEKERJA_REDIS_URL belum diatur: tanpa Redis pekerjaan berat berjalan langsung "
                                   "dalam permintaan, tidak perlu worker.")
    nama = current_app.config["SIPEKERJA_ANTRIAN"]
    click.echo(f"Worker SI PEKERJA: antrian {nama!r} di {current_app.config['SIPEKERJA_REDIS_URL']}.")
    SimpleWorker([antrian.antrian(conn)], connection=conn).work(burst=burst, with_scheduler=False)
