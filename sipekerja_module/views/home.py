"""The module's landing page: exactly the features of the signed-in role."""

from flask import Blueprint
from flask import current_app
from flask import g
from flask import redirect
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
from ..domain.akses import boleh_mengelola_kabupaten
from ..domain.akses import boleh_mengubah
from ..domain.alur import format_batas
from ..domain.alur import format_sisa
from ..domain.alur import triwulan_berjalan
from ..domain.alur import triwulan_sorotan
from ..domain.periode import NAMA_BULAN
from ..domain.periode import NAMA_TRIWULAN
from ..domain.predikat import tentukan_predikat
from ..domain.tindak_lanjut import WARNA_STATUS
from ..domain.tindak_lanjut import boleh_mengelola_rapat
from ..queries.beranda import StatusBeranda
from ..queries.beranda import list_bukti_kurang
from ..queries.beranda import list_bulan_isian
from ..queries.beranda import list_capaian_triwulan
from ..queries.beranda import list_tenggat_unit
from ..queries.beranda import load_isian_unit
from ..queries.beranda import load_status_beranda
from ..queries.permintaan_buka import list_permintaan
from ..queries.tindak_lanjut import list_keputusan_terbuka
from . import fragmen
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
    ("admin_kabupaten", "Admin Kabupaten", "sipekerja.admin_kabupaten.index", boleh_mengelola_kabupaten),
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


# The to-do lists are two cached fragments (``fragmen.ambil``, templates/sipekerja/beranda/): keyed
# by the agency's fill-state version (``services.versi``: the plan, filled months, evidence, period
# states, reopen requests and decisions; a value replaced by another changes no to-do), the year,
# the role's sections and the unit whose to-dos they are (never the user), and by the moment's
# class: ``TenggatTahun.babak`` (every opening, "segera" threshold, closing and reopening end of
# the year has passed or not) and the local date ("lewat batas" of a decision, months started). On
# a miss they are built from data read through ``fragmen.ambil_data`` under the same version. The
# countdown to the next deadline and the Pimpinan's capaian stay outside: the first moves every
# minute, the second comes from aggregates a queued job rewrites without a version bump, so both
# are read on every request.


def _lingkup() -> tuple:
    """The version every cached part of the home is keyed by (see above)."""
    return fragmen.lingkup_agensi("isian")


def _todo_tindak_lanjut(subjek, pd_id: int) -> dict:
    """Open decisions of the evaluation meetings: all of the agency's for the Utama, the unit's own
    for a Bidang (one statement once the agency's data changed, none while it has not)."""
    if boleh_mengelola_rapat(subjek):
        unit_id = None
    elif Peran.BIDANG in subjek.peran and subjek.unit_id:
        unit_id = subjek.unit_id
    else:
        return {}
    daftar, jumlah = fragmen.ambil_data("beranda-tindak-lanjut", (unit_id or "semua",), lambda: list_keputusan_terbuka(
        perangkat_daerah_id=pd_id, unit_kerja_id=unit_id, batas=BATAS_TINDAK_LANJUT), lingkup=_lingkup())
    return {"tindak_lanjut": daftar, "jumlah_tindak_lanjut": jumlah, "warna_status": WARNA_STATUS}


def _todo_unit(data: StatusBeranda, unit_id: int, tenggat, lokal) -> dict:
    """A Bidang's own unit: the months it can fill now, its values without evidence, its returned
    triwulans."""
    tahun = konteks.tahun_terpilih()
    todo: dict = {"bulan_isian": [], "tanpa_bukti": [],
                  "dikembalikan_unit": [t for t in data.dikembalikan if t.unit_kerja_id == unit_id]}
    if data.cari_unit(unit_id) is not None:  # the agency's unit: its data bumps this agency's version
        isian = fragmen.ambil_data("beranda-isian", (tahun.id, unit_id), lambda: load_isian_unit(
            unit_kerja_id=unit_id, tahun_id=tahun.id), lingkup=_lingkup())
        todo["bulan_isian"] = list_bulan_isian(data=data, isian=isian, unit_kerja_id=unit_id, tahun=tahun,
                                               tenggat=tenggat, now=lokal)
        todo["tanpa_bukti"] = list_bukti_kurang(data=data, isian=isian, unit_kerja_id=unit_id)
    return todo


def _todo_daftar(subjek, todo: dict, pd_id: int, tenggat) -> dict:
    """The to-do lists of the role (what the two cached fragments show)."""
    tahun, lokal, unit_bidang = todo["tahun"], todo["lokal"], todo["unit_bidang"]
    daftar: dict = {}
    data = None
    if todo["utama"] or todo["pimpinan"] or unit_bidang:
        data = fragmen.ambil_data("beranda-status", (tahun.id,), lambda: load_status_beranda(
            perangkat_daerah_id=pd_id, tahun_id=tahun.id), lingkup=_lingkup())
    if todo["utama"]:
        daftar["menunggu"] = data.menunggu
    if todo["utama"] or todo["pimpinan"]:
        daftar["tenggat"] = list_tenggat_unit(data=data, tenggat=tenggat, now=lokal)
        daftar["dikembalikan"] = data.dikembalikan
    if todo["utama"] or unit_bidang:
        # Reopen requests (issue 17): the Utama's waiting ones; a unit's own, with their answers.
        unit_minta = None if todo["utama"] else unit_bidang
        permintaan = fragmen.ambil_data("beranda-permintaan", (tahun.id, unit_minta or "semua"),
                                        lambda: list_permintaan(perangkat_daerah_id=pd_id, tahun_id=tahun.id,
                                                                unit_kerja_id=unit_minta, batas=3),
                                        lingkup=_lingkup())
        daftar["permintaan"] = [p for p in permintaan if p.status == "menunggu"] if todo["utama"] else permintaan
    if unit_bidang:
        daftar.update(_todo_unit(data, unit_bidang, tenggat, lokal))
    daftar.update(_todo_tindak_lanjut(subjek, pd_id))
    return daftar


def _todo(subjek, pd_id: int) -> dict:
    """What the signed-in role has to do now (every list bounded in queries)."""
    tahun = konteks.tahun_terpilih()
    lokal = konteks.sekarang().astimezone(konteks.zona())
    tenggat = tenggat_tahun()
    unit_bidang = subjek.unit_id if Peran.BIDANG in subjek.peran else None
    todo: dict = {"tahun": tahun, "lokal": lokal, "utama": boleh_memeriksa(subjek),
                  "pimpinan": Peran.PIMPINAN in subjek.peran, "unit_bidang": unit_bidang}
    berikut = tenggat.berikut(lokal, unit_bidang if Peran.UTAMA not in subjek.peran else None)
    todo["berikut"] = (berikut[0], format_batas(berikut[1]), format_sisa(berikut[1] - lokal)) if berikut else None
    if todo["pimpinan"]:
        skala = fragmen.skala_aktif()
        todo["capaian"] = [(c, tentukan_predikat(c.rata_capaian, skala))
                           for c in list_capaian_triwulan(perangkat_daerah_id=pd_id, tahun_id=tahun.id)]
        todo["triwulan_sorotan"] = triwulan_sorotan(triwulan_berjalan(tahun.tahun, lokal),
                                                    {c.triwulan: c.jumlah_terukur for c, _ in todo["capaian"]})
    kunci = (tahun.id, todo["utama"], todo["pimpinan"], unit_bidang or "", boleh_mengelola_rapat(subjek),
             tenggat.babak(tahun.tahun, lokal), lokal.date().isoformat())
    daftar: dict = {}

    def bagian(nama: str):
        def buat() -> str:
            if not daftar:  # one reading for both fragments
                daftar.update(_todo_daftar(subjek, todo, pd_id, tenggat))
            # Straight from the environment: the page's context processors (menu, bell) are not
            # needed by a fragment, and render_template would run them once per fragment.
            return current_app.jinja_env.get_template(f"sipekerja/beranda/_{nama}.html").render(
                todo={**todo, **daftar}, nama_bulan=NAMA_BULAN, nama_triwulan=NAMA_TRIWULAN, format_batas=format_batas)
        return fragmen.ambil(f"beranda-{nama}", kunci, buat, lingkup=_lingkup())

    todo["atas"], todo["bawah"] = bagian("atas"), bagian("bawah")
    return todo


def index():
    """Show the module home: the role's to-do list, then its features."""
    subjek = g.sipekerja_subjek
    fitur = menu_fitur(subjek)
    if not fitur and boleh_mengelola_kabupaten(subjek):
        # The kabupaten admin opens no agency feature: its home is the admin page.
        return redirect(url_for("sipekerja.admin_kabupaten.index"))
    peran = [LABEL_PERAN[p] for p in Peran if p in subjek.peran]
    kabupaten = konteks.is_kabupaten()
    todo = None
    if not kabupaten and fragmen.daftar_tahun():
        todo = _todo(subjek, konteks.perangkat_daerah().id)
    return render_template("sipekerja/home.html", fitur=fitur, peran=peran, pengguna=current_pengguna,
                           kabupaten=kabupaten, todo=todo, nama_bulan=NAMA_BULAN, nama_triwulan=NAMA_TRIWULAN,
                           format_batas=format_batas,
                           unit=current_pengguna.unit_kerja if Peran.BIDANG in subjek.peran else None)


def register(bp: Blueprint) -> None:
    """Attach the home routes to the parent blueprint."""
    bp.add_url_rule("/", "home", index)
