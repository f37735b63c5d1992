"""The module's landing page: exactly the features of the signed-in role."""

from flask import Blueprint
from flask import current_app
from flask import g
from flask import render_template
from flask import request
from flask import url_for

from ..auth.session import current_pengguna
from ..domain.akses import LABEL_FITUR
from ..domain.akses import LABEL_PERAN
from ..domain.akses import Fitur
from ..domain.akses import Peran
from ..domain.akses import boleh_melihat
from ..domain.akses import boleh_memeriksa
from ..domain.akses import boleh_mengubah
from ..domain.alur import format_batas
from ..domain.alur import format_sisa
from ..domain.alur import triwulan_berjalan
from ..domain.alur import triwulan_sorotan
from ..domain.periode import NAMA_BULAN
from ..domain.periode import NAMA_TRIWULAN
from ..domain.predikat import tentukan_predikat
from ..domain.status import StatusPeriode
from ..domain.tindak_lanjut import WARNA_STATUS
from ..domain.tindak_lanjut import boleh_mengelola_rapat
from ..queries.beranda import list_bulan_isian
from ..queries.beranda import list_capaian_triwulan
from ..queries.beranda import list_tenggat_unit
from ..queries.beranda import list_tugas
from ..queries.monitoring import load_papan_monitoring
from ..queries.pengukuran import load_skala_aktif
from ..queries.permintaan_buka import list_permintaan
from ..queries.referensi import list_angka_tahun
from ..queries.tindak_lanjut import list_keputusan_terbuka
from . import konteks
from .permissions import fitur_terbuka
from .realisasi import tenggat_tahun

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


#: Pages beside the features in the module's menu: (code, label, endpoint, who sees it).
HALAMAN_TAMBAHAN = (
    ("pengecekan", "Pengecekan", "sipekerja.realisasi.pengecekan", boleh_memeriksa),
    ("monitoring", "Monitoring", "sipekerja.realisasi.monitoring",
     lambda subjek: boleh_melihat(subjek, Fitur.PENGUKURAN, subjek.unit_id)),
    ("permintaan", "Permintaan buka", "sipekerja.permintaan_buka.index",
     lambda subjek: boleh_memeriksa(subjek) or Peran.BIDANG in subjek.peran),
)


def menu_modul(subjek) -> list[dict]:
    """The module's menu: the features, Pengecekan for the Utama and Monitoring for every role
    that reads Pengukuran; the entry whose address is the longest prefix of this page is active."""
    menu = [f for f in menu_fitur(subjek) if f["url"]]
    for kode, label, endpoint, boleh in HALAMAN_TAMBAHAN:
        if boleh(subjek) and endpoint in current_app.view_functions:
            menu.append({"kode": kode, "label": label, "url": url_for(endpoint), "hanya_lihat": False})
    cocok = [m for m in menu if request.path.startswith(m["url"])]
    aktif = max(cocok, key=lambda m: len(m["url"]))["kode"] if cocok else None
    return [{**m, "aktif": m["kode"] == aktif} for m in menu]


#: How many open decisions the home lists (the count says how many there are in all).
BATAS_TINDAK_LANJUT = 20


def _todo_tindak_lanjut(subjek, pd_id: int) -> dict:
    """Open decisions of the evaluation meetings: all of the agency's for the Utama, the unit's own
    for a Bidang (two queries however many there are)."""
    if boleh_mengelola_rapat(subjek):
        daftar, jumlah = list_keputusan_terbuka(perangkat_daerah_id=pd_id, batas=BATAS_TINDAK_LANJUT)
    elif Peran.BIDANG in subjek.peran and subjek.unit_id:
        daftar, jumlah = list_keputusan_terbuka(perangkat_daerah_id=pd_id, unit_kerja_id=subjek.unit_id,
                                                batas=BATAS_TINDAK_LANJUT)
    else:
        return {}
    return {"tindak_lanjut": daftar, "jumlah_tindak_lanjut": jumlah, "warna_status": WARNA_STATUS}


def _todo(subjek, pd_id: int) -> dict:
    """What the signed-in role has to do now (every list bounded in queries)."""
    tahun = konteks.tahun_terpilih()
    lokal = konteks.sekarang().astimezone(konteks.zona())
    tenggat = tenggat_tahun()
    todo: dict = {"tahun": tahun, "lokal": lokal}
    berikut_unit = subjek.unit_id if Peran.BIDANG in subjek.peran and Peran.UTAMA not in subjek.peran else None
    berikut = tenggat.berikut(lokal, berikut_unit)
    todo["berikut"] = (berikut[0], format_batas(berikut[1]), format_sisa(berikut[1] - lokal)) if berikut else None
    if boleh_memeriksa(subjek):
        todo["menunggu"] = list_tugas(perangkat_daerah_id=pd_id, tahun_id=tahun.id, status=StatusPeriode.DIAJUKAN)
    if boleh_memeriksa(subjek) or Peran.PIMPINAN in subjek.peran:
        todo["tenggat"] = list_tenggat_unit(perangkat_daerah_id=pd_id, tahun=tahun, tenggat=tenggat, now=lokal)
        todo["dikembalikan"] = list_tugas(perangkat_daerah_id=pd_id, tahun_id=tahun.id,
                                          status=StatusPeriode.DIKEMBALIKAN)
    if Peran.PIMPINAN in subjek.peran:
        skala = load_skala_aktif()
        todo["capaian"] = [(c, tentukan_predikat(c.rata_capaian, skala))
                           for c in list_capaian_triwulan(perangkat_daerah_id=pd_id, tahun_id=tahun.id)]
        todo["triwulan_sorotan"] = triwulan_sorotan(triwulan_berjalan(tahun.tahun, lokal),
                                                    {c.triwulan: c.jumlah_terukur for c, _ in todo["capaian"]})
    if boleh_memeriksa(subjek) or (Peran.BIDANG in subjek.peran and subjek.unit_id):
        # Reopen requests (issue 17): the Utama's waiting ones; a unit's own, with their answers.
        utama = boleh_memeriksa(subjek)
        permintaan = list_permintaan(perangkat_daerah_id=pd_id, tahun_id=tahun.id,
                                     unit_kerja_id=None if utama else subjek.unit_id, batas=3)
        todo["permintaan"] = [p for p in permintaan if p.status == "menunggu"] if utama else permintaan
    if Peran.BIDANG in subjek.peran and subjek.unit_id:
        papan = load_papan_monitoring(perangkat_daerah_id=pd_id, tahun=tahun, tenggat=tenggat, now=lokal,
                                      unit_kerja_id=subjek.unit_id)
        todo["bulan_isian"] = list_bulan_isian(papan=papan, unit_kerja_id=subjek.unit_id, tahun=tahun,
                                               tenggat=tenggat, now=lokal)
        todo["tanpa_bukti"] = [s for b in papan.baris for s in b.sel if s.tanpa_bukti]
        todo["dikembalikan_unit"] = list_tugas(perangkat_daerah_id=pd_id, tahun_id=tahun.id,
                                               status=StatusPeriode.DIKEMBALIKAN, unit_kerja_id=subjek.unit_id)
    todo.update(_todo_tindak_lanjut(subjek, pd_id))
    return todo


def index():
    """Show the module home: the role's to-do list, then its features."""
    subjek = g.sipekerja_subjek
    fitur = menu_fitur(subjek)
    peran = [LABEL_PERAN[p] for p in Peran if p in subjek.peran]
    kabupaten = konteks.is_kabupaten()
    todo = None
    if not kabupaten and list_angka_tahun():
        todo = _todo(subjek, konteks.perangkat_daerah().id)
    return render_template("sipekerja/home.html", fitur=fitur, peran=peran, pengguna=current_pengguna,
                           kabupaten=kabupaten, todo=todo, nama_bulan=NAMA_BULAN, nama_triwulan=NAMA_TRIWULAN,
                           format_batas=format_batas,
                           unit=current_pengguna.unit_kerja if Peran.BIDANG in subjek.peran else None)


def register(bp: Blueprint) -> None:
    """Attach the home routes to the parent blueprint."""
    bp.add_url_rule("/", "home", index)
