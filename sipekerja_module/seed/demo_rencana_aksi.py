"""Demo Rencana Aksi of the demo PKs (called by :func:`.demo_pk.load_demo_pk`).

Per PK indicator: targets per triwulan that reach the annual PK target in TW IV (rising for
percentages and indices, quarterly sums for the two counts, flat for the rata-rata indicator),
two actions with their triwulans, output and penanggung jawab, and the realisasi the units
reported: TW I for everyone, TW II for everyone but Bidang Mutasi (which has not reported May either),
one action only partly done. The demo year's data stop in May, so the monitoring shows the TW III
and TW IV actions as late. Fixed data; idempotent (an indicator that has a Rencana Aksi is skipped).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import select

from ..domain.rencana_aksi import mask_triwulan
from ..extensions import db_session
from ..models import AksiPK
from ..models import IndikatorPK
from ..models import RealisasiAksiPK
from ..models import RealisasiTriwulanPK
from ..models import RencanaAksi

#: PK indicator key (``demo_pk.PK_DEMO``) → (targets TW I–IV, agregasi for an unlinked indicator or None,
#: actions as (uraian, triwulans, output, penanggung jawab)).
_Aksi = tuple[str, tuple[int, ...], str, str]
RENCANA_AKSI_DEMO: Mapping[str, tuple[tuple[str, str, str, str], str | None, tuple[_Aksi, ...]]] = {
    "merit": (("0.70", "0.72", "0.74", "0.75"), None, (
        ("Penilaian mandiri penerapan Sistem Merit", (1, 3), "1 dokumen penilaian mandiri", "Sekretaris"),
        ("Penyusunan dan penetapan standar kompetensi jabatan", (2, 4), "Peraturan Bupati standar kompetensi",
         "Kepala Bidang PKA"))),
    "kp": (("92", "93", "94", "95"), None, (
        ("Verifikasi usulan kenaikan pangkat periode April dan Oktober", (1, 3), "Usulan KP terverifikasi",
         "Kepala Bidang Mutasi dan Promosi"),
        ("Penerbitan SK kenaikan pangkat tepat waktu", (2, 4), "SK kenaikan pangkat",
         "Kepala Bidang Mutasi dan Promosi"))),
    "kompetensi": (("60", "64", "67", "70"), None, (
        ("Pemetaan kompetensi ASN melalui assessment center", (1, 2), "Laporan hasil pemetaan", "Kepala Bidang PKA"),
        ("Pelaksanaan pelatihan berbasis kesenjangan kompetensi", (2, 3, 4), "Angkatan pelatihan terlaksana",
         "Kepala Bidang PKA"))),
    "profesional": (("68", "69", "71", "72"), None, (
        ("Pemutakhiran data kualifikasi, kompetensi, kinerja dan disiplin ASN", (1, 2, 3, 4), "Data IP ASN mutakhir",
         "Kepala Bidang PPIK"),
        ("Pengukuran Indeks Profesionalitas ASN", (4,), "1 laporan pengukuran IP ASN", "Kepala Bidang PKA"))),
    "sakip": (("65", "68", "70", "72"), None, (
        ("Penyusunan Perjanjian Kinerja dan Rencana Aksi", (1,), "Dokumen PK dan Rencana Aksi", "Kasubbag Perencanaan"),
        ("Pengukuran kinerja triwulanan dan rapat evaluasi", (1, 2, 3, 4), "Laporan pengukuran triwulan",
         "Kasubbag Perencanaan"))),
    "lapkeu": (("100", "100", "100", "100"), None, (
        ("Penyusunan laporan keuangan bulanan dan triwulanan", (1, 2, 3, 4), "Laporan keuangan tepat waktu",
         "Kasubbag Keuangan"),
        ("Rekonsiliasi aset dan belanja dengan BPKAD", (2, 4), "Berita acara rekonsiliasi", "Kasubbag Keuangan"))),
    "mutakhir": (("75", "80", "85", "90"), None, (
        ("Verifikasi dan validasi data ASN pada SIASN", (1, 2, 3), "Data ASN tervalidasi", "Subkoordinator SIK"),
        ("Pemutakhiran data mandiri oleh ASN", (2, 3, 4), "Data riwayat ASN diperbarui", "Subkoordinator SIK"))),
    "layanan_si": (("70", "75", "80", "85"), "nilai_akhir", (
        ("Pengembangan layanan kepegawaian daring pada SIMPADU", (1, 2), "2 layanan daring baru",
         "Kepala Bidang PPIK"),
        ("Sosialisasi layanan daring kepada pengelola kepegawaian", (3,), "1 kali sosialisasi", "Kepala Bidang PPIK"))),
    "usul_mutasi": (("90", "90", "90", "90"), None, (
        ("Penyusunan SOP layanan mutasi dengan batas waktu", (1,), "1 SOP", "Kepala Bidang Mutasi dan Promosi"),
        ("Pemantauan waktu penyelesaian usulan mutasi", (1, 2, 3, 4), "Laporan pemantauan", "Kepala Bidang Mutasi "
         "dan Promosi"))),
    "jp20": (("20", "45", "65", "80"), None, (
        ("Penyusunan rencana pengembangan kompetensi ASN", (1,), "Dokumen rencana pengembangan", "Kepala Bidang PKA"),
        ("Pelaksanaan pembelajaran daring (e-learning) 20 JP", (2, 3, 4), "Peserta e-learning", "Kepala Bidang PKA"))),
    "meningkat": (("60", "65", "70", "75"), None, (
        ("Evaluasi pasca pelatihan (level 3)", (2, 4), "Laporan evaluasi pasca pelatihan", "Kepala Bidang PKA"),)),
    "disiplin": (("5", "5", "5", "5"), None, (
        ("Sosialisasi PP 94/2021 tentang Disiplin PNS", (1, 3), "Sosialisasi di 10 perangkat daerah",
         "Kepala Bidang Penilaian Kinerja"),
        ("Penyelesaian kasus disiplin tepat waktu", (1, 2, 3, 4), "Keputusan hukuman disiplin",
         "Kepala Bidang Penilaian Kinerja"))),
    "lap_si": (("3", "6", "9", "12"), None, (
        ("Pemeliharaan server dan aplikasi kepegawaian", (1, 2, 3, 4), "Laporan bulanan pengelolaan SI",
         "Subkoordinator SIK"),)),
    "dok_data": (("3", "6", "9", "12"), None, (
        ("Pengolahan data statistik kepegawaian", (1, 2, 3, 4), "Dokumen data kepegawaian bulanan",
         "Subkoordinator SIK"),)),
}

#: Indicators whose unit has not reported TW II (Bidang Mutasi, as with May's monthly data).
BELUM_LAPOR_TW2 = frozenset({"usul_mutasi"})
#: (indicator key, action number) reported as only partly done in TW II.
SEBAGIAN_TW2 = frozenset({("kompetensi", 1), ("mutakhir", 0)})


def load_demo_rencana_aksi(indikator: Mapping[str, IndikatorPK]) -> None:
    """Write the demo Rencana Aksi of the demo PK indicators (flushed, never committed).

    :param indikator: PK indicator key → the stored indicator (``demo_pk.load_demo_pk``).
    """
    ids = [i.id for i in indikator.values()]
    ada = set(db_session.scalars(select(RencanaAksi.indikator_pk_id).where(RencanaAksi.indikator_pk_id.in_(ids))))
    ada |= set(db_session.scalars(select(AksiPK.indikator_pk_id).where(AksiPK.indikator_pk_id.in_(ids))))
    for kunci, (target, agregasi, daftar_aksi) in RENCANA_AKSI_DEMO.items():
        ind = indikator.get(kunci)
        if ind is None or ind.id in ada:
            continue
        nilai = [Decimal(t) for t in target]
        db_session.add(RencanaAksi(indikator_pk_id=ind.id, agregasi=agregasi, target_tw1=nilai[0],
                                   target_tw2=nilai[1], target_tw3=nilai[2], target_tw4=nilai[3]))
        for tw in (1, 2):
            if tw == 2 and kunci in BELUM_LAPOR_TW2:
                continue
            db_session.add(RealisasiTriwulanPK(indikator_pk_id=ind.id, triwulan=tw, realisasi=nilai[tw - 1],
                                               keterangan="Sesuai target" if tw == 1 else None))
        for nomor, (uraian, triwulan, output, pj) in enumerate(daftar_aksi):
            aksi = AksiPK(indikator_pk_id=ind.id, uraian=uraian, triwulan=mask_triwulan(triwulan), output=output,
                          penanggung_jawab=pj, urutan=nomor + 1)
            db_session.add(aksi)
            db_session.flush()
            for tw in triwulan:
                if tw > 2 or (tw == 2 and kunci in BELUM_LAPOR_TW2):
                    continue
                sebagian = tw == 2 and (kunci, nomor) in SEBAGIAN_TW2
                db_session.add(RealisasiAksiPK(
                    aksi_id=aksi.id, triwulan=tw, status="sebagian" if sebagian else "terlaksana",
                    keterangan="Dilanjutkan pada triwulan berikutnya" if sebagian else "Terlaksana sesuai jadwal"))
    db_session.flush()
