"""The module's landing page: exactly the features of the signed-in role."""

from flask import Blueprint
from flask import current_app
from flask import url_for
from flask import g
from flask import render_template

from ..auth.session import current_pengguna
from ..domain.akses import LABEL_FITUR
from ..domain.akses import LABEL_PERAN
from ..domain.akses import Fitur
from ..domain.akses import Peran
from ..domain.akses import boleh_mengubah
from . import konteks
from .permissions import fitur_terbuka


#: Where each feature starts, and what it is for (shown on its card).
HALAMAN_FITUR = {
    Fitur.REFERENSI: ("sipekerja.referensi.index", "Unit kerja, tahun dan jendela input, satuan, skala predikat, "
                                                    "nomenklatur."),
    Fitur.PERENCANAAN: ("sipekerja.perencanaan.index", "Sasaran, program, kegiatan, sub kegiatan, indikator, "
                                                        "target bulanan."),
    Fitur.REALISASI: ("sipekerja.realisasi.bulan", "Realisasi bulanan dengan bukti dukung, pengajuan, pengecekan."),
    Fitur.PENGUKURAN: ("sipekerja.pengukuran.index", "Capaian dan predikat per bulan, triwulan, dan tahun."),
    Fitur.LAPORAN: ("sipekerja.laporan.index", "Laporan yang dapat dicetak (PDF, XLSX)."),
}


def menu_fitur(subjek) -> list[dict]:
    """The features the subject may open, with their start page (None while not installed)."""
    hasil = []
    for f in fitur_terbuka(subjek):
        endpoint, keterangan = HALAMAN_FITUR[f]
        hasil.append({
            "kode": f.value, "label": LABEL_FITUR[f], "keterangan": keterangan,
            "url": url_for(endpoint) if endpoint in current_app.view_functions else None,
            "hanya_lihat": not boleh_mengubah(subjek, f, subjek.unit_id),
        })
    return hasil


def index():
    """Show the module home with the features of the signed-in role."""
    subjek = g.sipekerja_subjek
    fitur = menu_fitur(subjek)
    peran = [LABEL_PERAN[p] for p in Peran if p in subjek.peran]
    return render_template("sipekerja/home.html", fitur=fitur, peran=peran, pengguna=current_pengguna,
                           kabupaten=konteks.is_kabupaten(),
                           unit=current_pengguna.unit_kerja if Peran.BIDANG in subjek.peran else None)


def register(bp: Blueprint) -> None:
    """Attach the home routes to the parent blueprint."""
    bp.add_url_rule("/", "home", index)
