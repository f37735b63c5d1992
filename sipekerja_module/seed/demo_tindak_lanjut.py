"""The demo's evaluation meeting of Triwulan I (issue 16, item 7): recorded through the write
services as the Pengguna Utama would, so its findings are those proposed from the demo's own
measurement, plus two decisions (one followed up, one open)."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import tzinfo

from sqlalchemy import select

from ..domain.akses import Peran
from ..domain.akses import Subjek
from ..extensions import db_session
from ..models import PerangkatDaerah
from ..models import RapatEvaluasi
from ..models import Tahun
from ..models import UnitKerja
from ..services import tindak_lanjut as svc

#: The meeting: mid-May, after the Triwulan I deadline (end of April).
TANGGAL_RAPAT = (5, 8)
PESERTA = ("Kepala BKPSDM", "Sekretaris", "Kepala Bidang Pengadaan, Pemberhentian dan Informasi",
           "Kepala Bidang Mutasi dan Promosi", "Kepala Bidang Pengembangan Kompetensi Aparatur",
           "Kepala Bidang Penilaian Kinerja dan Penghargaan", "Kasubbag Perencanaan dan Keuangan (notulis)")


def load_demo_tindak_lanjut(pd: PerangkatDaerah, tahun: Tahun, zona: tzinfo) -> RapatEvaluasi | None:
    """Record the demo's Triwulan I evaluation meeting with two decisions (nothing when it exists).

    :param pd: the demo agency.
    :param tahun: the demo year.
    :param zona: the demo's time zone (WITA).
    :return: the meeting, or None when it was there already.
    """
    ada = db_session.execute(select(RapatEvaluasi).filter_by(perangkat_daerah_id=pd.id, tahun_id=tahun.id,
                                                             triwulan=1)).scalar_one_or_none()
    if ada is not None:
        return None
    utama = Subjek(frozenset({Peran.UTAMA}))
    tanggal = date(tahun.tahun, *TANGGAL_RAPAT)
    rapat = svc.save_rapat(
        subjek=utama, perangkat_daerah=pd, tahun=tahun.tahun, triwulan=1, tanggal=tanggal,
        tempat="Ruang Rapat BKPSDM Kabupaten Paser", pimpinan_rapat="Kepala BKPSDM Kabupaten Paser",
        peserta="\n".join(PESERTA), now=datetime(tahun.tahun, *TANGGAL_RAPAT, 9, 0, tzinfo=zona), zona=zona,
        oleh=None)
    unit = {u.kode: u for u in db_session.execute(select(UnitKerja).filter_by(perangkat_daerah_id=pd.id)).scalars()}
    svc.save_keputusan(
        subjek=utama, rapat=rapat, jenis="penyesuaian_strategi", unit=unit["BKPSDM-PKA"],
        uraian="Lengkapi bukti dukung Pengelolaan Assessment Center bulan Maret dan ajukan ulang Triwulan I; "
               "jadwalkan asesmen per bulan agar realisasi tidak menumpuk di akhir triwulan.",
        penanggung_jawab="Kepala Bidang Pengembangan Kompetensi Aparatur",
        batas_waktu=date(tahun.tahun, 6, 14), oleh=None)
    reward = svc.save_keputusan(
        subjek=utama, rapat=rapat, jenis="reward", unit=unit["BKPSDM-PPIK"],
        uraian="Penghargaan kepada Bidang PPIK: realisasi Triwulan I lengkap, berbukti dukung, dan diajukan "
               "sebelum batas waktu.", penanggung_jawab="Sekretaris BKPSDM",
        batas_waktu=date(tahun.tahun, 5, 31), oleh=None)
    svc.ubah_status_keputusan(subjek=utama, keputusan=reward, status="selesai", versi=reward.version,
                              catatan="Piagam penghargaan diserahkan pada apel pagi 27 Mei.",
                              now=datetime(tahun.tahun, 5, 27, 8, 0, tzinfo=zona), oleh=None)
    return rapat
