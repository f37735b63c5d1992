"""E-mail of notifications through SMTP with the standard library (``smtplib``, ``email.message``),
run by ``flask sipekerja kirim-notifikasi`` and by the queued job after a commit that created
notifications (both through ``tugas.kirim_surel``, one run at a time) — never inside a request.

Each run takes the oldest notifications whose e-mail waits and, over one SMTP connection, sends
them one by one; after each message the caller's ``simpan`` (the command's commit) records the
outcome, so a crash never sends a message twice. Outcomes (``domain.notifikasi``):

* sent: ``terkirim`` with ``email_terkirim_dt``;
* the server refuses the recipient permanently (5xx on RCPT): ``ditolak``, and the address is
  recorded in ``sipekerja_surel_ditolak``: later notifications to it are not attempted;
* a temporary failure (4xx, a broken connection, no server): the attempt is counted and the next
  run tries again, until ``SIPEKERJA_SMTP_PERCOBAAN`` attempts, then ``gagal``;
* no address, or the user turned e-mail off: ``dilewati``.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import formataddr
from email.utils import make_msgid
from typing import Any

from sqlalchemy import select

from ..domain.notifikasi import StatusSurel
from ..domain.notifikasi import status_setelah_gagal
from ..domain.notifikasi import subjek_surel
from ..extensions import db_session
from ..models import SurelDitolak
from ..queries.notifikasi import SurelMenunggu
from ..queries.notifikasi import list_surel_menunggu

logger = logging.getLogger(__name__)
_KEBIJAKAN = policy.SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class PengaturanSmtp:
    """Where and how to send (the ``SIPEKERJA_SMTP_*`` settings)."""

    host: str | None
    port: int = 25
    user: str | None = None
    password: str | None = None
    pengirim: str = "SI PEKERJA <sipekerja@localhost>"
    starttls: bool = False
    timeout: float = 10.0
    batas_percobaan: int = 5
    #: Public address of the portal: links in e-mails are ``url_publik + path``.
    url_publik: str = ""


def pengaturan_dari_config(config: Mapping[str, Any]) -> PengaturanSmtp:
    """Read the ``SIPEKERJA_SMTP_*`` settings (and the public URL for links) from app config."""
    url = config.get("SIPEKERJA_URL_PUBLIK") or config.get("SIMPADU_BASE_URL") or ""
    return PengaturanSmtp(
        host=config.get("SIPEKERJA_SMTP_HOST"), port=int(config.get("SIPEKERJA_SMTP_PORT") or 25),
        user=config.get("SIPEKERJA_SMTP_USER"), password=config.get("SIPEKERJA_SMTP_PASSWORD"),
        pengirim=config.get("SIPEKERJA_SMTP_FROM") or PengaturanSmtp.pengirim,
        starttls=bool(config.get("SIPEKERJA_SMTP_STARTTLS")),
        timeout=float(config.get("SIPEKERJA_SMTP_TIMEOUT") or 10),
        batas_percobaan=int(config.get("SIPEKERJA_SMTP_PERCOBAAN") or 5), url_publik=str(url).rstrip("/"))


@dataclass
class HasilKirim:
    """What one run did, per outcome."""

    terkirim: int = 0
    ditolak: int = 0
    gagal: int = 0
    dicoba_lagi: int = 0
    dilewati: int = 0
    galat: list[str] = field(default_factory=list)


def susun_surel(item: SurelMenunggu, pengaturan: PengaturanSmtp) -> EmailMessage:
    """The e-mail of one notification: Indonesian subject, greeting, text and the link.

    :param item: the notification with its recipient.
    :param pengaturan: sender and public URL.
    :return: the message, ready to send.
    """
    n = item.notifikasi
    # No folding of headers: CPython folds a subject of ~75 characters onto an empty first line,
    # which readers show with a leading space; RFC 5322 allows lines up to 998 characters.
    pesan = EmailMessage(policy=_KEBIJAKAN)
    pesan["From"] = pengaturan.pengirim
    pesan["To"] = formataddr((item.nama, (item.alamat or "").strip()))
    pesan["Subject"] = subjek_surel(n.judul or n.teks[:120])
    pesan["Message-ID"] = make_msgid(domain="sipekerja")
    tautan = f"{pengaturan.url_publik}{n.tautan}" if n.tautan else ""
    halaman = f"{pengaturan.url_publik}/sipekerja/notifikasi/"
    badan = [f"Yth. {item.nama},", "", n.teks, ""]
    if tautan:
        badan += [f"Buka: {tautan}", ""]
    badan += ["Pesan ini dikirim otomatis oleh SI PEKERJA; jangan dibalas.",
              f"Untuk berhenti menerima surel, matikan pilihan surel di halaman Notifikasi: {halaman}"]
    pesan.set_content("\n".join(badan))
    return pesan


def _catat_ditolak(alamat: str, kode: int, pesan: str) -> None:
    alamat = alamat.strip().lower()
    if db_session.execute(select(SurelDitolak.id).filter_by(alamat=alamat)).first() is None:
        db_session.add(SurelDitolak(alamat=alamat, kode=kode, pesan=pesan[:500]))


def _gagal(item: SurelMenunggu, kode: int | None, galat: str, pengaturan: PengaturanSmtp, hasil: HasilKirim) -> None:
    n = item.notifikasi
    n.email_percobaan += 1
    status = status_setelah_gagal(kode_smtp=kode, percobaan=n.email_percobaan,
                                  batas_percobaan=pengaturan.batas_percobaan)
    n.email_status, n.email_galat = status.value, galat[:500]
    if status is StatusSurel.DITOLAK:
        _catat_ditolak(item.alamat or "", kode or 550, galat)
        hasil.ditolak += 1
    elif status is StatusSurel.GAGAL:
        hasil.gagal += 1
    else:
        hasil.dicoba_lagi += 1
    hasil.galat.append(f"Notifikasi {n.id}: {galat}")


def _lewati(item: SurelMenunggu) -> str | None:
    if not item.terima_surel:
        return "Pengguna mematikan surel notifikasi."
    if not (item.alamat or "").strip():
        return "Pengguna tidak memiliki alamat surel."
    if item.alamat_ditolak:
        return "Alamat surel pernah ditolak server surel."
    return None


def _buka(pengaturan: PengaturanSmtp) -> smtplib.SMTP:
    smtp = smtplib.SMTP(pengaturan.host or "", pengaturan.port, timeout=pengaturan.timeout)
    if pengaturan.starttls:
        smtp.starttls()
    if pengaturan.user:
        smtp.login(pengaturan.user, pengaturan.password or "")
    return smtp


def _kirim_satu(smtp: smtplib.SMTP, item: SurelMenunggu, pengaturan: PengaturanSmtp, now: datetime,
                hasil: HasilKirim) -> None:
    n = item.notifikasi
    try:
        smtp.send_message(susun_surel(item, pengaturan))
    except smtplib.SMTPRecipientsRefused as error:
        kode, balasan = next(iter(error.recipients.values()), (None, b""))
        _gagal(item, kode, f"Server surel menolak penerima ({kode}): {_teks(balasan)}", pengaturan, hasil)
    except smtplib.SMTPResponseException as error:
        # Sender or data refused: not the address's fault, so retried within the bound.
        _gagal(item, None, f"Server surel menjawab {error.smtp_code}: {_teks(error.smtp_error)}", pengaturan, hasil)
    else:
        n.email_status, n.email_terkirim_dt, n.email_galat = StatusSurel.TERKIRIM.value, now, None
        n.email_percobaan += 1
        hasil.terkirim += 1


def _teks(balasan: bytes | str) -> str:
    return balasan.decode("utf-8", "replace") if isinstance(balasan, bytes) else str(balasan)


def kirim_notifikasi_tertunda(*, pengaturan: PengaturanSmtp, now: datetime, simpan: Callable[[], None],
                              batas: int = 200, hanya_baru: bool = False) -> HasilKirim:
    """Send the e-mails of waiting notifications (at most ``batas`` per run).

    :param pengaturan: the SMTP settings; without a host nothing is attempted.
    :param now: the current moment (aware), recorded as the sending time.
    :param simpan: called after each message's outcome is recorded (the command commits there).
    :param batas: messages per run.
    :param hanya_baru: only notifications never attempted (the queued job; see ``list_surel_menunggu``).
    :return: counts per outcome and the error texts.
    """
    hasil = HasilKirim()
    if not pengaturan.host:
        hasil.galat.append("SIPEKERJA_SMTP_HOST belum diatur; tidak ada surel yang dikirim.")
        return hasil
    antre = []
    for item in list_surel_menunggu(batas=batas, hanya_baru=hanya_baru):
        alasan = _lewati(item)
        if alasan is None:
            antre.append(item)
            continue
        item.notifikasi.email_status, item.notifikasi.email_galat = StatusSurel.DILEWATI.value, alasan
        hasil.dilewati += 1
    db_session.flush()
    simpan()
    if not antre:
        return hasil
    try:
        smtp = _buka(pengaturan)
    except (OSError, smtplib.SMTPException) as error:
        for item in antre:
            _gagal(item, None, f"Tidak dapat terhubung ke server surel: {error}", pengaturan, hasil)
        db_session.flush()
        simpan()
        return hasil
    try:
        for i, item in enumerate(antre):
            try:
                _kirim_satu(smtp, item, pengaturan, now, hasil)
            except (OSError, smtplib.SMTPException) as error:
                # The connection broke: this and the rest wait for the next run (attempt counted).
                for sisa in antre[i:]:
                    _gagal(sisa, None, f"Sambungan ke server surel terputus: {error}", pengaturan, hasil)
                db_session.flush()
                simpan()
                return hasil
            db_session.flush()
            simpan()
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            logger.info("SMTP QUIT failed; the connection is closed anyway.")
    return hasil
