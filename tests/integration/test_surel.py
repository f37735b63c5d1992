"""Notification e-mail against a real SMTP server started by the test (aiosmtpd on loopback): the
messages are read back (recipient, Indonesian subject, link); a recipient refused with 550 is
recorded and not retried; a temporary refusal is retried a bounded number of times; a user who
turned e-mail off, or has no address, gets none."""

from __future__ import annotations

import email
import socket
from contextlib import contextmanager
from datetime import datetime
from datetime import timezone
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from sipekerja_module.cli import cli_group
from sipekerja_module.domain.notifikasi import pesan_diajukan
from sipekerja_module.domain.notifikasi import pesan_tenggat
from sipekerja_module.models import Notifikasi
from sipekerja_module.models import SurelDitolak
from sipekerja_module.services import notifikasi as notif_svc
from sipekerja_module.services.surel import PengaturanSmtp
from sipekerja_module.services.surel import kirim_notifikasi_tertunda
from tests import factories as f

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
DITOLAK = "tidak-ada@simpadu.test"
SIBUK = "sibuk@simpadu.test"


class PenampungSurel:
    """An aiosmtpd handler that stores every accepted message, refuses one mailbox with 550 and
    answers another with 451 (try later)."""

    def __init__(self) -> None:
        self.pesan: list[tuple[str, list[str], bytes]] = []
        self.rcpt: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's hook name)
        self.rcpt.append(address)
        if address == DITOLAK:
            return "550 5.1.1 Kotak surat tidak ada"
        if address == SIBUK:
            return "451 4.3.0 Coba lagi nanti"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.pesan.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Pesan diterima"


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server_smtp(penampung):
    """A real SMTP server (aiosmtpd) on a free loopback port handing messages to ``penampung``;
    yields ``(penampung, port)``."""
    controller = Controller(penampung, hostname="127.0.0.1", port=_port_bebas())
    controller.start()
    try:
        yield penampung, controller.port
    finally:
        controller.stop()


@pytest.fixture
def smtp():
    with server_smtp(PenampungSurel()) as server:
        yield server


def _pengaturan(port: int, **ubah) -> PengaturanSmtp:
    return PengaturanSmtp(**{"host": "127.0.0.1", "port": port, "pengirim": "SI PEKERJA <sipekerja@simpadu.test>",
                             "timeout": 5, "batas_percobaan": 3, "url_publik": "http://portal.test", **ubah})


def _orang(session, nip: str, email_: str | None, terima: bool = True):
    pengguna = f.create_pengguna(nip, ("utama",), None, f"Pegawai {nip[-3:]}")
    pengguna.email, pengguna.terima_surel = email_, terima
    return pengguna


def _kabari(penerima, teks_unit="Bidang PPIK"):
    return notif_svc.buat_notifikasi(penerima=penerima, pesan=pesan_diajukan(unit=teks_unit, triwulan=2, tahun=2024),
                                     tautan="/sipekerja/realisasi/pengecekan/7?tahun=2024")


def _kirim(session, port, **ubah):
    return kirim_notifikasi_tertunda(pengaturan=_pengaturan(port, **ubah), now=NOW, simpan=session.commit)


def test_waiting_notifications_are_mailed_with_indonesian_subject_and_link(session, smtp):
    penampung, port = smtp
    rina = _orang(session, "199003212015032004", "rina@simpadu.test")
    notif = _kabari([rina])[0]
    session.commit()
    hasil = _kirim(session, port)
    assert (hasil.terkirim, hasil.ditolak, hasil.gagal) == (1, 0, 0)
    [(pengirim, penerima, isi)] = penampung.pesan
    pesan = email.message_from_bytes(isi, policy=policy.default)
    assert pengirim == "sipekerja@simpadu.test" and penerima == ["rina@simpadu.test"]
    assert pesan["To"].addresses[0].addr_spec == "rina@simpadu.test"
    assert pesan["Subject"] == "[SI PEKERJA] Pengajuan Bidang PPIK Triwulan II 2024 menunggu pengecekan"
    badan = pesan.get_content()
    assert "Yth. Pegawai 004," in badan and "menunggu pengecekan Anda" in badan
    assert "http://portal.test/sipekerja/realisasi/pengecekan/7?tahun=2024" in badan
    session.refresh(notif)
    assert notif.email_status == "terkirim" and notif.email_terkirim_dt == NOW and notif.email_percobaan == 1
    # Sent once: the next run finds nothing.
    assert _kirim(session, port).terkirim == 0 and len(penampung.pesan) == 1


def test_an_address_refused_with_550_is_recorded_and_never_retried(session, smtp):
    penampung, port = smtp
    hilang = _orang(session, "199003212015032005", DITOLAK)
    ada = _orang(session, "199003212015032006", "ada@simpadu.test")
    notif = {n.pengguna_id: n for n in _kabari([hilang, ada])}
    session.commit()
    hasil = _kirim(session, port)
    assert (hasil.terkirim, hasil.ditolak) == (1, 1)
    session.refresh(notif[hilang.id])
    assert notif[hilang.id].email_status == "ditolak" and "550" in notif[hilang.id].email_galat
    catatan = session.execute(select(SurelDitolak)).scalar_one()
    assert (catatan.alamat, catatan.kode) == (DITOLAK, 550) and "Kotak surat tidak ada" in catatan.pesan
    # Later notifications to that address are not attempted at all; the other recipient still gets mail.
    _kabari([hilang, ada], "Bidang Mutasi")
    session.commit()
    hasil = _kirim(session, port)
    assert (hasil.terkirim, hasil.dilewati) == (1, 1)
    assert penampung.rcpt.count(DITOLAK) == 1
    assert [r for _, r, _ in penampung.pesan] == [["ada@simpadu.test"], ["ada@simpadu.test"]]


def test_a_temporary_refusal_is_retried_a_bounded_number_of_times(session, smtp):
    penampung, port = smtp
    sibuk = _orang(session, "199003212015032007", SIBUK)
    notif = _kabari([sibuk])[0]
    session.commit()
    for percobaan, status in [(1, "menunggu"), (2, "menunggu"), (3, "gagal"), (3, "gagal")]:
        _kirim(session, port)
        session.refresh(notif)
        assert (notif.email_percobaan, notif.email_status) == (percobaan, status)
    assert penampung.rcpt.count(SIBUK) == 3 and session.execute(select(SurelDitolak)).first() is None


def test_no_server_counts_an_attempt_and_keeps_the_mail_waiting(session):
    orang = _orang(session, "199003212015032008", "orang@simpadu.test")
    notif = _kabari([orang])[0]
    session.commit()
    hasil = _kirim(session, _port_bebas())
    session.refresh(notif)
    assert (notif.email_status, notif.email_percobaan) == ("menunggu", 1) and hasil.dicoba_lagi == 1
    assert "Tidak dapat terhubung" in notif.email_galat


def test_a_user_who_turned_email_off_or_has_no_address_gets_no_mail(session, smtp):
    penampung, port = smtp
    mati = _orang(session, "199003212015032009", "mati@simpadu.test", terima=False)
    tanpa = _orang(session, "199003212015032010", None)
    nyala = _orang(session, "199003212015032011", "nyala@simpadu.test")
    notif_svc.buat_notifikasi(penerima=[mati, tanpa, nyala],
                              pesan=pesan_tenggat(triwulan=1, tahun=2024, hari=3,
                                                  batas=datetime(2024, 4, 30, 15, 59, tzinfo=timezone.utc)),
                              tautan="/sipekerja/realisasi/?bulan=3&tahun=2024")
    session.commit()
    hasil = _kirim(session, port)
    assert (hasil.terkirim, hasil.dilewati) == (1, 2)
    [(_, penerima, isi)] = penampung.pesan
    assert penerima == ["nyala@simpadu.test"]
    assert email.message_from_bytes(isi, policy=policy.default)["Subject"] == \
        "[SI PEKERJA] Batas input Triwulan I 2024 3 hari lagi"
    status = dict(session.execute(select(Notifikasi.pengguna_id, Notifikasi.email_status)).all())
    assert status == {mati.id: "dilewati", tanpa.id: "dilewati", nyala.id: "terkirim"}


def test_the_send_command_reads_the_smtp_settings(app, session, smtp):
    penampung, port = smtp
    _kabari([_orang(session, "199003212015032012", "cli@simpadu.test")])
    session.commit()
    app.config.update(SIPEKERJA_SMTP_HOST="127.0.0.1", SIPEKERJA_SMTP_PORT=port,
                      SIPEKERJA_SMTP_FROM="SI PEKERJA <noreply@simpadu.test>", SIPEKERJA_URL_PUBLIK="https://simpadu.test")
    hasil = app.test_cli_runner().invoke(cli_group, ["kirim-notifikasi"])
    assert hasil.exit_code == 0, hasil.output
    assert "Surel terkirim: 1" in hasil.output
    [(pengirim, _, isi)] = penampung.pesan
    assert pengirim == "noreply@simpadu.test" and b"https://simpadu.test/sipekerja/realisasi/pengecekan/7" in isi


def test_without_an_smtp_host_nothing_is_attempted(session):
    notif = _kabari([_orang(session, "199003212015032013", "x@simpadu.test")])[0]
    session.commit()
    hasil = kirim_notifikasi_tertunda(pengaturan=PengaturanSmtp(host=None), now=NOW, simpan=session.commit)
    session.refresh(notif)
    assert notif.email_status == "menunggu" and notif.email_percobaan == 0 and "belum diatur" in hasil.galat[0]
