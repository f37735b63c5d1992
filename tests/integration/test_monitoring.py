"""The monitoring board shows belum lapor, states and missing evidence in a bounded number of
queries, with the demo data and with ten times more indicators."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import Tahun
from sipekerja_module.queries.monitoring import load_jendela_tahun
from sipekerja_module.queries.monitoring import load_papan_monitoring
from sipekerja_module.queries.monitoring import tenggat_berikut
from sipekerja_module.seed.demo import load_demo
from tests.querycount import QueryCounter

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2024, 6, 10, 9, tzinfo=WITA)


def _papan(session):
    pd = session.execute(select(PerangkatDaerah).filter_by(kode="BKPSDM")).scalar_one()
    tahun = session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
    return load_papan_monitoring(perangkat_daerah_id=pd.id, tahun=tahun, sampai_bulan=6)


def test_board_reflects_demo_states(session):
    load_demo(tahun=2024)
    papan = _papan(session)
    per_unit = {b.unit_kode: b for b in papan.baris}
    assert set(per_unit) >= {"BKPSDM-SEKRETARIAT", "BKPSDM-MUTASI", "BKPSDM-PKA"}
    assert per_unit["BKPSDM-MUTASI"].sel[4].status == "belum_lapor"  # May left NULL in the demo
    assert per_unit["BKPSDM-PKA"].sel[0].status == "dikembalikan"
    assert per_unit["BKPSDM-SEKRETARIAT"].sel[0].status == "terverifikasi"
    assert all(s.status == "belum_lapor" for s in per_unit["BKPSDM-SEKRETARIAT"].sel[5:])
    tahun = session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
    berikut, sisa = tenggat_berikut(load_jendela_tahun(tahun=tahun, zona=WITA), NOW, WITA)
    assert berikut.triwulan == 2 and sisa.days == 51


def test_board_query_count_does_not_grow_with_data(session):
    load_demo(tahun=2024)
    with QueryCounter(db.engine) as small:
        _papan(session)
    _perbesar(session, kali=9)  # the demo is ~50 indicators; now ten times more
    with QueryCounter(db.engine) as large:
        _papan(session)
    assert large.count == small.count <= 8


def _perbesar(session, kali: int) -> None:
    """Copy every unit indicator with its realisasi ``kali`` times (bulk inserts)."""
    from sipekerja_module.models import Indikator
    from sipekerja_module.models import RealisasiKinerja

    indikator = session.execute(select(Indikator).where(Indikator.unit_kerja_id.is_not(None))).scalars().all()
    realisasi = session.execute(select(RealisasiKinerja)).scalars().all()
    per_ind = {}
    for r in realisasi:
        per_ind.setdefault(r.indikator_id, []).append(r)
    for i in range(kali):
        for ind in indikator:
            salinan = Indikator(tahun_id=ind.tahun_id, perangkat_daerah_id=ind.perangkat_daerah_id,
                                unit_kerja_id=ind.unit_kerja_id, node_id=ind.node_id, uraian=f"{ind.uraian} #{i}",
                                satuan_id=ind.satuan_id, polaritas=ind.polaritas, agregasi=ind.agregasi,
                                target_tahunan=ind.target_tahunan)
            session.add(salinan)
            session.flush()
            session.add_all(RealisasiKinerja(indikator_id=salinan.id, bulan=r.bulan, nilai=r.nilai)
                            for r in per_ind.get(ind.id, []))
    session.flush()
