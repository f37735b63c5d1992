"""Murni and perubahan (issue 17 item 1) on the demo agency: copying a version starts the revision,
measurement uses the version in force for each month, reports say which and show both, bad input
saves nothing, and a year with only murni measures exactly as before."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.pengukuran import hitung_pengukuran_bulanan
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.versi_target import AturanVersi
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import Tahun
from sipekerja_module.models import TargetAnggaran
from sipekerja_module.models import TargetAnggaranVersi
from sipekerja_module.models import TargetKinerja
from sipekerja_module.models import TargetKinerjaVersi
from sipekerja_module.models import VersiTarget
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.queries.versi_target import target_per_versi
from sipekerja_module.reports.tables import dengan_versi
from sipekerja_module.reports.tables import laporan_pengukuran
from sipekerja_module.reports.tables import laporan_target_capaian
from sipekerja_module.services import perencanaan as svc
from sipekerja_module.services import versi_target as svc_versi

WITA = ZoneInfo("Asia/Makassar")
UTC = timezone.utc
DITETAPKAN = datetime(2024, 1, 15, 2, tzinfo=UTC)
OKTOBER = datetime(2024, 10, 1, 2, tzinfo=UTC)
DASAR = "DPPA-P No. 900/12/2024"


@pytest.fixture
def demo(session, demo_2024):
    pd = session.scalar(select(PerangkatDaerah).where(PerangkatDaerah.kode == "BKPSDM"))
    tahun = session.scalar(select(Tahun).where(Tahun.tahun == 2024))
    return pd, tahun


@pytest.fixture
def rencana(session, demo):
    pd, tahun = demo
    rencana = svc.get_or_create_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    svc.tetapkan_rencana(rencana=rencana, oleh=None, now=DITETAPKAN)
    return rencana


def _perubahan(rencana, *, tanggal=date(2024, 9, 30), bulan=10, now=OKTOBER, dasar=DASAR):
    return svc_versi.buat_perubahan(rencana=rencana, tanggal=tanggal, dasar_hukum=dasar, berlaku_mulai_bulan=bulan,
                                    oleh=None, now=now, zona=WITA)


def _indikator_kumulatif(session) -> Indikator:
    """A kumulatif node indicator with twelve monthly targets, reported for every month."""
    for ind in session.scalars(select(Indikator).where(Indikator.agregasi == "kumulatif",
                                                       Indikator.node_id.is_not(None)).order_by(Indikator.id)):
        bulan = {t.bulan: t.nilai for t in session.scalars(select(TargetKinerja).filter_by(indikator_id=ind.id))}
        if len(bulan) == 12 and all(v for v in bulan.values()):
            session.execute(delete(RealisasiKinerja).where(RealisasiKinerja.indikator_id == ind.id))
            session.add_all([RealisasiKinerja(indikator_id=ind.id, bulan=b, nilai=bulan[b]) for b in range(1, 13)])
            session.flush()
            return ind
    raise AssertionError("the demo has no kumulatif indicator with twelve targets")


def _sub_kegiatan(session) -> NodeRencana:
    return session.scalars(select(NodeRencana).where(NodeRencana.level == "sub_kegiatan",
                                                     NodeRencana.pagu.is_not(None)).order_by(NodeRencana.id)).first()


def _murni_bulanan(session, ind: Indikator) -> dict[int, Decimal]:
    return {t.bulan: t.nilai for t in session.scalars(select(TargetKinerja).filter_by(indikator_id=ind.id))}


def _ubah_desember(session, rencana, ind: Indikator, node: NodeRencana, *, september: Decimal = Decimal(0)):
    """The perubahan from October: December's target +6 (and September's + ``september``), the
    annual target accordingly, the pagu and December's anggaran + 1.000.000."""
    versi = session.scalar(select(VersiTarget).filter_by(tahun_id=rencana.tahun_id, urutan=1))
    murni = _murni_bulanan(session, ind)
    bulanan = {**murni, 9: murni[9] + september, 12: murni[12] + 6}
    tahunan = Target.tunggal(sum(bulanan.values()))
    svc_versi.save_target_kinerja_versi(indikator=ind, versi_target=versi, target=tahunan, nilai_bulanan=bulanan,
                                        versi=ind.version, oleh=None, now=OKTOBER)
    anggaran = {t.bulan: t.nilai for t in session.scalars(select(TargetAnggaran).filter_by(node_id=node.id))}
    anggaran[12] = (anggaran.get(12) or Decimal(0)) + 1_000_000
    svc_versi.save_anggaran_versi(node=node, versi_target=versi, pagu=node.pagu + 1_000_000, nilai_bulanan=anggaran,
                                  versi=node.version, oleh=None, now=OKTOBER)
    return murni, bulanan, tahunan


def test_copying_the_murni_version_starts_the_perubahan_with_every_target_and_pagu(session, demo, rencana):
    pd, tahun = demo
    versi = _perubahan(rencana)
    assert (versi.urutan, versi.nama, versi.berlaku_mulai_bulan, versi.dasar_hukum) == (1, "Perubahan", 10, DASAR)
    jumlah_indikator = session.scalar(select(func.count(Indikator.id)).filter_by(tahun_id=tahun.id))
    jumlah_target = session.scalar(select(func.count(TargetKinerja.id)).join(Indikator).filter_by(tahun_id=tahun.id))
    # One row per monthly target plus the annual target (month 0) of every indicator.
    assert session.scalar(select(func.count(TargetKinerjaVersi.id)).filter_by(versi_id=versi.id)) == \
        jumlah_target + jumlah_indikator
    node = _sub_kegiatan(session)
    rows = {r.bulan: r.nilai for r in session.scalars(select(TargetAnggaranVersi).filter_by(versi_id=versi.id,
                                                                                          node_id=node.id))}
    assert rows[0] == node.pagu
    assert {b: v for b, v in rows.items() if b} == {
        t.bulan: t.nilai for t in session.scalars(select(TargetAnggaran).filter_by(node_id=node.id))}


def test_an_unchanged_copy_measures_exactly_like_murni_under_both_rules(session, demo, rencana):
    pd, tahun = demo
    skala = load_skala_aktif()
    sebelum = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    periode = [Periode.bulanan(b) for b in (3, 9, 12)] + [Periode.triwulanan(2), Periode.tahunan()]
    hasil_sebelum = [hitung_pengukuran(sebelum, p, skala) for p in periode]
    _perubahan(rencana)
    for aturan in AturanVersi:
        svc_versi.set_aturan_versi(perangkat_daerah_id=pd.id, aturan=aturan, oleh=None)
        sesudah = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
        assert sesudah.versi and sesudah.target_kinerja == sebelum.target_kinerja
        for p, lama in zip(periode, hasil_sebelum):
            baru = hitung_pengukuran(sesudah, p, skala)
            assert {k: v.capaian for k, v in baru.per_indikator.items()} == \
                {k: v.capaian for k, v in lama.per_indikator.items()}
            assert baru.total.serapan == lama.total.serapan


def test_a_year_with_only_murni_loads_and_measures_as_before(session, demo):
    pd, tahun = demo
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    assert data.versi == () and data.aturan_versi is None and not data.target_per_versi
    # The murni-only plan is what the plan's own tables hold, untouched by the version machinery.
    ind = session.scalars(select(Indikator).order_by(Indikator.id)).first()
    assert data.target_kinerja.get(ind.id, {}) == _murni_bulanan(session, ind)
    svc_versi.set_aturan_versi(perangkat_daerah_id=pd.id, aturan=AturanVersi.SELURUH_TAHUN, oleh=None)
    # The values are the same; the versions are not handed out inside a transaction that has written.
    assert replace(load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id), versi_rencana=data.versi_rencana,
                   versi_isi_indikator=data.versi_isi_indikator, versi_isi_node=data.versi_isi_node) == data
    laporan = laporan_pengukuran(data, hitung_pengukuran(data, Periode.tahunan(), load_skala_aktif()))
    assert dengan_versi(laporan, data, bandingkan=True) is laporan


def test_per_bulan_months_before_october_use_murni_and_from_october_the_perubahan(session, demo, rencana):
    pd, tahun = demo
    ind, node = _indikator_kumulatif(session), _sub_kegiatan(session)
    _perubahan(rencana)
    murni, bulanan, tahunan = _ubah_desember(session, rencana, ind, node, september=Decimal(1))
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    assert data.aturan_versi is AturanVersi.PER_BULAN  # the default
    assert data.target_kinerja[ind.id][9] == murni[9]
    assert data.target_kinerja[ind.id][12] == murni[12] + 6
    skala = load_skala_aktif()
    september = hitung_pengukuran(data, Periode.bulanan(9), skala).per_indikator[ind.id].capaian
    assert september.target_sd == sum(murni[b] for b in range(1, 10))
    tahun_penuh = hitung_pengukuran(data, Periode.tahunan(), skala)
    assert tahun_penuh.per_indikator[ind.id].capaian.target_sd == sum(murni.values()) + 6
    assert tahun_penuh.per_indikator[ind.id].capaian.target_tahunan == tahunan
    assert {n.id: n.pagu for n in data.node}[node.id] == node.pagu + 1_000_000
    # The murni version is still there to read.
    murni_data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, versi_urutan=0)
    assert murni_data.target_kinerja[ind.id][12] == murni[12]
    assert {n.id: n.pagu for n in murni_data.node}[node.id] == node.pagu


def test_seluruh_tahun_measures_every_month_against_the_perubahan(session, demo, rencana):
    pd, tahun = demo
    ind, node = _indikator_kumulatif(session), _sub_kegiatan(session)
    _perubahan(rencana)
    murni, bulanan, _ = _ubah_desember(session, rencana, ind, node, september=Decimal(1))
    svc_versi.set_aturan_versi(perangkat_daerah_id=pd.id, aturan=AturanVersi.SELURUH_TAHUN, oleh=None)
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    september = hitung_pengukuran(data, Periode.bulanan(9), load_skala_aktif()).per_indikator[ind.id].capaian
    assert september.target_sd == sum(bulanan[b] for b in range(1, 10)) == sum(murni[b] for b in range(1, 10)) + 1


def test_reports_say_which_version_they_use_and_print_murni_and_perubahan_side_by_side(session, demo, rencana):
    pd, tahun = demo
    ind, node = _indikator_kumulatif(session), _sub_kegiatan(session)
    _perubahan(rencana)
    murni, _, tahunan = _ubah_desember(session, rencana, ind, node)
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    skala = load_skala_aktif()
    for laporan in (laporan_pengukuran(data, hitung_pengukuran(data, Periode.tahunan(), skala)),
                    laporan_target_capaian(data, hitung_pengukuran_bulanan(data, skala))):
        hasil = dengan_versi(laporan, data, bandingkan=True)
        assert any(f"Target: Perubahan ({DASAR}, berlaku mulai Oktober)" in s for s in hasil.subjudul)
        banding = hasil.bagian[-1]
        assert banding.judul == "Perbandingan Target Murni dan Perubahan"
        assert [j.teks for j in banding.judul_kolom if j.teks.startswith("Target ")][-2:] == \
            ["Target Murni", "Target Perubahan"]
        baris = next(b for b in banding.baris if b.sel[1].teks == ind.uraian)
        assert baris.sel[3].teks != baris.sel[4].teks
        assert Decimal(baris.sel[4].nilai) == tahunan.nilai
        # Without the option: the same sections, but the title block still says which version.
        tanpa = dengan_versi(laporan, data)
        assert tanpa.bagian == laporan.bagian and tanpa.subjudul[-1].startswith("Target: Perubahan")


def test_the_history_of_a_target_shows_both_versions(session, demo, rencana):
    ind, node = _indikator_kumulatif(session), _sub_kegiatan(session)
    _perubahan(rencana)
    murni, bulanan, tahunan = _ubah_desember(session, rencana, ind, node)
    riwayat = target_per_versi(ind)
    assert [nama for nama, _ in riwayat] == ["Murni", "Perubahan"]
    assert riwayat[0][1][12] == murni[12] and riwayat[1][1][12] == bulanan[12]
    assert riwayat[1][1][0] == tahunan
    pagu = target_per_versi(node)
    assert pagu[0][1][0] == node.pagu and pagu[1][1][0] == node.pagu + 1_000_000


def _jumlah_versi(session) -> int:
    return session.scalar(select(func.count(VersiTarget.id)))


def test_a_perubahan_dated_before_murni_is_refused_and_saves_nothing(session, rencana):
    with pytest.raises(NilaiTidakValid, match="sebelum tanggal versi sebelumnya"):
        _perubahan(rencana, tanggal=date(2024, 1, 10), bulan=1)
    assert _jumlah_versi(session) == 0
    assert session.scalar(select(func.count(TargetKinerjaVersi.id))) == 0


def test_a_second_perubahan_dated_before_the_first_is_refused(session, rencana):
    _perubahan(rencana)
    with pytest.raises(NilaiTidakValid, match="sebelum tanggal versi sebelumnya"):
        _perubahan(rencana, tanggal=date(2024, 9, 1), bulan=12)
    kedua = _perubahan(rencana, tanggal=date(2024, 11, 5), bulan=12, dasar="PK Perubahan No. 2")
    assert (kedua.urutan, kedua.nama) == (2, "Perubahan ke-2")


def test_a_revision_of_a_closed_year_is_refused(session, rencana):
    with pytest.raises(NilaiTidakValid, match="sudah ditutup"):
        _perubahan(rencana, now=datetime(2025, 3, 1, tzinfo=UTC))
    assert _jumlah_versi(session) == 0


@pytest.mark.parametrize("bulan", (0, 13, None))
def test_a_first_month_outside_1_to_12_is_refused(session, rencana, bulan):
    with pytest.raises(NilaiTidakValid, match="antara 1"):
        _perubahan(rencana, bulan=bulan)
    assert _jumlah_versi(session) == 0


def test_a_perubahan_needs_a_fixed_plan(session, demo):
    pd, tahun = demo
    draf = svc.get_or_create_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    with pytest.raises(NilaiTidakValid, match="setelah rencana kerja ditetapkan"):
        _perubahan(draf)


def test_murni_is_read_only_once_a_perubahan_exists_and_so_is_an_earlier_perubahan(session, rencana):
    ind, node = _indikator_kumulatif(session), _sub_kegiatan(session)
    _perubahan(rencana)
    svc.buka_rencana(rencana=rencana, oleh=None, alasan="Uji")  # only the version stands in the way
    with pytest.raises(NilaiTidakValid, match="Target murni hanya dapat dibaca"):
        svc.save_target_kinerja(indikator=ind, nilai_bulanan=_murni_bulanan(session, ind), versi=ind.version,
                                oleh=None)
    with pytest.raises(NilaiTidakValid, match="Target murni hanya dapat dibaca"):
        svc.save_anggaran(node=node, pagu=node.pagu, nilai_bulanan={}, versi=node.version, oleh=None)
    svc.tetapkan_rencana(rencana=rencana, oleh=None, now=DITETAPKAN)
    _perubahan(rencana, tanggal=date(2024, 11, 5), bulan=12)
    pertama = session.scalar(select(VersiTarget).filter_by(urutan=1))
    with pytest.raises(NilaiTidakValid, match="hanya dapat dibaca"):
        svc_versi.save_anggaran_versi(node=node, versi_target=pertama, pagu=node.pagu, nilai_bulanan={},
                                      versi=node.version, oleh=None, now=OKTOBER)


def test_an_inconsistent_perubahan_grid_saves_nothing(session, rencana):
    from sipekerja_module.domain.rencana import IsianTidakValid

    node = _sub_kegiatan(session)
    versi = _perubahan(rencana)
    sebelum = {r.bulan: r.nilai for r in session.scalars(select(TargetAnggaranVersi).filter_by(versi_id=versi.id,
                                                                                             node_id=node.id))}
    with pytest.raises(IsianTidakValid):
        svc_versi.save_anggaran_versi(node=node, versi_target=versi, pagu=Decimal(1),
                                      nilai_bulanan={1: Decimal(1_000_000)}, versi=node.version, oleh=None, now=OKTOBER)
    session.expire_all()
    assert {r.bulan: r.nilai for r in session.scalars(select(TargetAnggaranVersi).filter_by(
        versi_id=versi.id, node_id=node.id))} == sebelum
