"""Demo Renstra 2021–2026 of BKPSDM Kabupaten Paser (called by :func:`.demo.load_demo`).

The four IKU of the Kepala's PK with a baseline of 2020, a target per year and the end target; the
Kepala's PK indicators of every demo year (2024, and 2023 when loaded) are linked to them. The PK
target 2024 of *Persentase Kenaikan Pangkat Tepat Waktu* (95) is above the Renstra's (93), so the
Renstra page and the PK page show a flagged difference. Fixed data, no randomness.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from ..extensions import db_session
from ..models import IndikatorPK
from ..models import IndikatorRenstra
from ..models import Jabatan
from ..models import PerangkatDaerah
from ..models import PerjanjianKinerja
from ..models import Renstra
from ..models import Satuan
from ..models import Tahun
from ..models import TargetTahunanRenstra

PERIODE_DEMO = (2021, 2026, "Peraturan Bupati Paser Nomor 21 Tahun 2021 tentang Rencana Strategis Badan Kepegawaian "
                            "dan Pengembangan Sumber Daya Manusia Tahun 2021\u20132026")
TAHUN_BASELINE = 2020
#: (sasaran, indikator (= the Kepala's PK indicator), satuan, baseline, targets 2021..2026, end target).
INDIKATOR_DEMO = (
    ("Meningkatnya Kualitas Tata Kelola Manajemen ASN", "Indeks Sistem Merit", "Indeks", "0.52",
     ("0.58", "0.63", "0.69", "0.75", "0.80", "0.85"), "0.85"),
    ("Meningkatnya Kualitas Tata Kelola Manajemen ASN", "Persentase Kenaikan Pangkat Tepat Waktu", "Persen", "82",
     ("85", "88", "90", "93", "95", "97"), "97"),
    ("Meningkatnya Kompetensi dan Kinerja ASN", "Persentase ASN yang Memenuhi Standar Kompetensi", "Persen", "55",
     ("58", "61", "65", "70", "73", "76"), "76"),
    ("Meningkatnya Kompetensi dan Kinerja ASN", "Indeks Profesionalitas ASN", "Indeks", "61",
     ("63", "66", "69", "72", "74", "76"), "76"),
)


def target_demo(uraian: str, tahun: int) -> Decimal | None:
    """The demo Renstra target of an IKU for a year (None: not a Renstra IKU or outside the period)."""
    for _sasaran, teks, _satuan, _baseline, target, _akhir in INDIKATOR_DEMO:
        if teks == uraian and PERIODE_DEMO[0] <= tahun <= PERIODE_DEMO[1]:
            return Decimal(target[tahun - PERIODE_DEMO[0]])
    return None


def load_demo_renstra(pd: PerangkatDaerah, *, tahun_utama: int) -> Renstra:
    """Write the demo Renstra and link the Kepala's PK indicators of every loaded year to it (the demo
    positions and PKs must be flushed first). The PK of a year before ``tahun_utama`` takes the
    Renstra target of its year (as a PK linked to the Renstra does by default); the demo year keeps
    its own PK targets (one of them differs from the Renstra, on purpose).

    :param pd: the demo agency.
    :param tahun_utama: the demo year.
    :return: the period.
    """
    awal, akhir, nomor = PERIODE_DEMO
    renstra = Renstra(perangkat_daerah_id=pd.id, tahun_awal=awal, tahun_akhir=akhir, nomor=nomor)
    db_session.add(renstra)
    db_session.flush()
    satuan = {s.nama: s.id for s in db_session.scalars(select(Satuan))}
    per_uraian = {}
    for urutan, (sasaran, uraian, nama_satuan, baseline, target, target_akhir) in enumerate(INDIKATOR_DEMO, start=1):
        ind = IndikatorRenstra(renstra_id=renstra.id, sasaran=sasaran, uraian=uraian, satuan_id=satuan[nama_satuan],
                               baseline=Decimal(baseline), tahun_baseline=TAHUN_BASELINE,
                               target_akhir=Decimal(target_akhir), urutan=urutan)
        db_session.add(ind)
        db_session.flush()
        db_session.add_all(TargetTahunanRenstra(indikator_renstra_id=ind.id, tahun=awal + i, nilai=Decimal(n))
                           for i, n in enumerate(target))
        per_uraian[uraian] = ind.id
    iku = db_session.execute(
        select(IndikatorPK, Tahun.tahun).join(PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id)
        .join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id).join(Tahun, Tahun.id == Jabatan.tahun_id)
        .where(Jabatan.perangkat_daerah_id == pd.id, Jabatan.parent_id.is_(None))).all()
    for ind_pk, tahun in iku:
        ind_pk.indikator_renstra_id = per_uraian.get(ind_pk.uraian)
        if ind_pk.indikator_renstra_id is not None and tahun < tahun_utama:
            ind_pk.target_nilai = target_demo(ind_pk.uraian, tahun)
    db_session.flush()
    return renstra
