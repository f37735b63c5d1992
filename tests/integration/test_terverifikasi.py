"""Official figures are verified figures (DOMAIN.md "Capaian"): ``load_rencana(hanya_terverifikasi=True)``
loads only the months whose unit's triwulan is Terverifikasi, in the same statements, and equals the
pure filter ``saring_terverifikasi`` of a full load; monthly range targets come back as ranges."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import current_app
from sqlalchemy import select

from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.data_rencana import saring_terverifikasi
from sipekerja_module.models import Indikator
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import Tahun
from sipekerja_module.models import TargetKinerja
from sipekerja_module.models import UnitKerja
from sipekerja_module.queries.rencana import load_rencana
from tests.integration.test_queries_rencana import count_statements
from tests.querycount import kosongkan_cache_modul


@pytest.fixture
def demo(session, demo_2024):
    pd = session.scalar(select(PerangkatDaerah).where(PerangkatDaerah.kode == "BKPSDM"))
    tahun = session.scalar(select(Tahun).where(Tahun.tahun == 2024))
    return pd, tahun


def _status(session, tahun) -> dict[tuple[int, int], str]:
    return {(s.unit_kerja_id, s.triwulan): s.status
            for s in session.scalars(select(StatusPeriodeUnit).where(StatusPeriodeUnit.tahun_id == tahun.id))}


def test_official_figures_count_a_units_months_only_once_its_triwulan_is_terverifikasi(session, demo):
    pd, tahun = demo
    semua = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    resmi = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, hanya_terverifikasi=True)
    status = _status(session, tahun)
    unit_ind = {i.id: i.unit_kerja_id for i in semua.indikator}
    diperiksa = 0
    for ind_id, bulanan in semua.realisasi_kinerja.items():
        for bulan in bulanan:
            unit = unit_ind[ind_id]
            terverifikasi = unit is None or status.get((unit, (bulan + 2) // 3)) == "terverifikasi"
            assert (bulan in resmi.realisasi_kinerja.get(ind_id, {})) is terverifikasi, (ind_id, bulan)
            assert ((ind_id, bulan) in semua.kinerja_belum_diverifikasi) is not terverifikasi
            diperiksa += 1
    # The demo has both: verified Triwulan I of most units, a returned one and draft Triwulan II.
    assert semua.kinerja_belum_diverifikasi and diperiksa > len(semua.kinerja_belum_diverifikasi)
    assert resmi.hanya_terverifikasi and not resmi.kinerja_belum_diverifikasi
    # IKU (no unit) are the Pengguna Utama's own entries and count: the demo's run to May.
    assert resmi.bulan_realisasi_terakhir == max(b for v in resmi.realisasi_kinerja.values() for b in v)


def test_verified_load_equals_the_pure_filter_of_a_full_load_in_the_same_statements(session, demo):
    pd, tahun = demo
    kosongkan_cache_modul(current_app)  # both loads cold: the plan loader would reuse the structure
    with count_statements() as penuh:
        semua = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    kosongkan_cache_modul(current_app)
    with count_statements() as resmi_sql:
        resmi = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, hanya_terverifikasi=True)
    assert len(penuh) == len(resmi_sql) == 8
    assert saring_terverifikasi(semua) == resmi


def test_a_returned_triwulan_leaves_the_official_figures_again(session, demo):
    pd, tahun = demo
    unit = session.scalar(select(UnitKerja).where(UnitKerja.kode == "BKPSDM-PPIK"))
    status = session.scalar(select(StatusPeriodeUnit).filter_by(unit_kerja_id=unit.id, tahun_id=tahun.id, triwulan=1))
    assert status.status == "terverifikasi"
    sebelum = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, unit_kerja_id=unit.id,
                           hanya_terverifikasi=True)
    assert any(sebelum.realisasi_kinerja.values())
    status.status = "dikembalikan"
    session.flush()
    sesudah = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, unit_kerja_id=unit.id,
                           hanya_terverifikasi=True)
    assert not any(sesudah.realisasi_kinerja.values()) and sesudah.bulan_realisasi_terakhir is None


def test_monthly_range_targets_load_as_ranges(session, demo):
    pd, tahun = demo
    ind = session.scalar(select(Indikator).where(Indikator.unit_kerja_id.is_not(None)).limit(1))
    baris = session.scalar(select(TargetKinerja).filter_by(indikator_id=ind.id, bulan=6))
    baris.nilai, baris.atas = Decimal(80), Decimal(90)
    session.flush()
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    assert data.target_kinerja[ind.id][6] == Target.rentang(80, 90)
    assert not isinstance(data.target_kinerja[ind.id][5], Target)
