"""The monitoring board shows belum lapor, states and missing evidence in a bounded number of
queries, with the demo data and with ten times more indicators."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import Tahun
from sipekerja_module.queries.monitoring import load_papan_monitoring
from sipekerja_module.queries.monitoring import load_tenggat_tahun
from tests.querycount import QueryCounter

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2024, 6, 10, 9, tzinfo=WITA)


def _papan(session, now=NOW):
    pd = session.execute(select(PerangkatDaerah).filter_by(kode="BKPSDM")).scalar_one()
    tahun = session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
    return load_papan_monitoring(perangkat_daerah_id=pd.id, tahun=tahun, sampai_bulan=6, now=now,
                                 tenggat=load_tenggat_tahun(tahun=tahun, zona=WITA))


def test_board_reflects_demo_states(session, demo_2024):
    papan = _papan(session)
    per_unit = {b.unit_kode: b for b in papan.baris}
    assert set(per_unit) >= {"BKPSDM-SEKRETARIAT", "BKPSDM-MUTASI", "BKPSDM-PKA"}
    assert per_unit["BKPSDM-MUTASI"].sel[4].status == "belum_lapor"  # May left NULL in the demo
    assert per_unit["BKPSDM-PKA"].sel[0].status == "dikembalikan"
    assert per_unit["BKPSDM-SEKRETARIAT"].sel[0].status == "terverifikasi"
    # On 10 June: June is not over yet, so it is not due (not "belum lapor", not late).
    assert all(s.status == "belum_waktunya" for s in per_unit["BKPSDM-SEKRETARIAT"].sel[5:])
    tahun = session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
    triwulan, batas = load_tenggat_tahun(tahun=tahun, zona=WITA).berikut(NOW)
    assert triwulan == 2 and (batas - NOW).days == 51
    rekap_januari = papan.rekap[0]
    assert (rekap_januari.terverifikasi, rekap_januari.diajukan, rekap_januari.jumlah_unit) == (4, 0, 5)


def test_board_tells_overdue_from_not_yet_due(session, demo_2024):
    sesudah = {b.unit_kode: b for b in _papan(session, datetime(2024, 8, 2, 9, tzinfo=WITA)).baris}
    # Triwulan II was never submitted: after the end of July every month of it is late.
    assert [s.status for s in sesudah["BKPSDM-MUTASI"].sel[3:6]] == ["terlambat"] * 3
    assert sesudah["BKPSDM-PKA"].sel[0].status == "dikembalikan"  # a returned triwulan keeps its state
    sebelum = {b.unit_kode: b for b in _papan(session, datetime(2024, 7, 28, 9, tzinfo=WITA)).baris}
    assert sebelum["BKPSDM-MUTASI"].sel[4].status == "segera"  # May without values, deadline in 3 days
    assert sebelum["BKPSDM-MUTASI"].sel[3].status == "draf"


def test_board_query_count_does_not_grow_with_data(session, demo_2024):
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
