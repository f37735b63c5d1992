"""The demo loader: the BKPSDM Kabupaten Paser plan is complete, consistent and reproducible."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.models import BuktiDukung
from sipekerja_module.models import CatatanVerifikasi
from sipekerja_module.models import Indikator
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import RencanaKerja
from sipekerja_module.models import Satuan
from sipekerja_module.models import SkalaPredikat
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import TargetAnggaran
from sipekerja_module.models import TargetKinerja
from sipekerja_module.models import UnitKerja
from sipekerja_module.seed.demo import DEMO_UNITS
from sipekerja_module.seed.demo import load_demo


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _monthly(session, model, key):
    """``{key value: {bulan: nilai}}`` for a monthly table."""
    hasil: dict = defaultdict(dict)
    for row in session.scalars(select(model)):
        hasil[getattr(row, key)][row.bulan] = row.nilai
    return hasil


def _digest(session) -> str:
    """Hash of every plan number keyed by natural keys (codes, names, months), never by ids."""
    session.expire_all()  # read what the database stores, not the values still held in memory
    node_key = {n.id: f"{n.unit_kerja.kode}|{n.kode}" for n in session.scalars(select(NodeRencana))}
    indikator_key = {
        i.id: f"{i.uraian}|{i.satuan.nama}|{i.polaritas}|{i.agregasi}|{i.target_tahunan}"
        for i in session.scalars(select(Indikator))
    }
    baris = [f"pagu|{node_key[n.id]}|{n.pagu}" for n in session.scalars(select(NodeRencana))]
    for model, kunci, nama in (
        (TargetKinerja, "indikator_id", indikator_key),
        (RealisasiKinerja, "indikator_id", indikator_key),
        (TargetAnggaran, "node_id", node_key),
        (RealisasiAnggaran, "node_id", node_key),
    ):
        for row in session.scalars(select(model)):
            baris.append(f"{model.__name__}|{nama[getattr(row, kunci)]}|{row.bulan}|{row.nilai}")
    return hashlib.sha256("\n".join(sorted(baris)).encode()).hexdigest()


def test_demo_loads_units_with_the_exact_codes_the_portal_accounts_use(session):
    load_demo()
    kode = set(session.scalars(select(UnitKerja.kode)))
    assert kode == {k for k, _nama, _jenis in DEMO_UNITS}
    sekretariat = session.scalar(select(UnitKerja).where(UnitKerja.kode == "BKPSDM-SEKRETARIAT"))
    assert sekretariat.jenis == "sekretariat"
    assert session.scalar(select(PerangkatDaerah.nama)) == (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Paser"
    )


def test_demo_has_three_programs_and_42_sub_kegiatan(session):
    ringkasan = load_demo()
    assert ringkasan.dimuat is True
    assert (ringkasan.unit_kerja, ringkasan.program, ringkasan.kegiatan, ringkasan.sub_kegiatan) == (5, 3, 14, 42)
    assert ringkasan.sasaran == 2
    assert ringkasan.indikator == _count(session, Indikator)
    assert ringkasan.target_kinerja == 12 * ringkasan.indikator
    assert ringkasan.target_anggaran == 12 * 42
    assert ringkasan.realisasi_kinerja == 5 * ringkasan.indikator
    assert ringkasan.realisasi_anggaran == 5 * 42


def test_demo_program_and_kegiatan_nodes_repeat_per_owning_unit(session):
    load_demo()
    program = session.scalars(select(NodeRencana).where(NodeRencana.kode == "5.03.02")).all()
    assert sorted(n.unit_kerja.kode for n in program) == [
        "BKPSDM-MUTASI", "BKPSDM-PENILAIAN", "BKPSDM-PKA", "BKPSDM-PPIK",
    ]
    for node in session.scalars(select(NodeRencana)):
        assert node.sasaran_id is not None
        if node.level != "program":
            assert node.parent.unit_kerja_id == node.unit_kerja_id
            assert node.kode.startswith(node.parent.kode + ".")
    pengelolaan_si = session.scalar(select(NodeRencana).where(NodeRencana.kode == "5.03.02.2.01.0010"))
    assert pengelolaan_si.unit_kerja.kode == "BKPSDM-PPIK"


def test_demo_has_output_and_outcome_indicators_and_a_negatif_one(session):
    load_demo()
    semua = session.scalars(select(Indikator)).all()
    sub = [i for i in semua if i.node is not None and i.node.level == "sub_kegiatan"]
    assert len(sub) == 42 and all(i.agregasi == "kumulatif" and i.polaritas == "positif" for i in sub)
    assert all(i.uraian.startswith("Jumlah ") for i in sub)
    assert {i.agregasi for i in semua} == {"kumulatif", "nilai_akhir", "rata_rata"}
    negatif = [i for i in semua if i.polaritas == "negatif"]
    assert [(i.uraian, i.target_tahunan, i.satuan.nama) for i in negatif] == [
        ("Persentase Pelanggaran Disiplin ASN", Decimal("5"), "Persen")
    ]
    iku = {i.uraian: i for i in semua if i.sasaran_id is not None}
    assert iku["Indeks Sistem Merit"].target_tahunan == Decimal("0.75")
    assert iku["Persentase Kenaikan Pangkat Tepat Waktu"].agregasi == "nilai_akhir"


def test_demo_kumulatif_monthly_targets_sum_to_the_annual_target(session):
    load_demo()
    targets = _monthly(session, TargetKinerja, "indikator_id")
    for indikator in session.scalars(select(Indikator).where(Indikator.agregasi == "kumulatif")):
        assert sorted(targets[indikator.id]) == list(range(1, 13))
        assert sum(targets[indikator.id].values()) == indikator.target_tahunan


def test_demo_nilai_akhir_december_target_equals_the_annual_target(session):
    load_demo()
    targets = _monthly(session, TargetKinerja, "indikator_id")
    for indikator in session.scalars(select(Indikator).where(Indikator.agregasi == "nilai_akhir")):
        bulanan = [targets[indikator.id][b] for b in range(1, 13)]
        assert bulanan[-1] == indikator.target_tahunan
        naik = indikator.polaritas == "positif"
        assert bulanan == sorted(bulanan, reverse=not naik)


def test_demo_monthly_anggaran_never_exceeds_pagu(session):
    load_demo()
    targets = _monthly(session, TargetAnggaran, "node_id")
    for node in session.scalars(select(NodeRencana).where(NodeRencana.level == "sub_kegiatan")):
        assert Decimal("25000000") <= node.pagu <= Decimal("900000000")
        assert node.pagu % 1000 == 0
        assert len(targets[node.id]) == 12
        assert sum(targets[node.id].values()) <= node.pagu
    berpagu = select(func.count()).where(NodeRencana.level != "sub_kegiatan", NodeRencana.pagu.is_not(None))
    assert session.scalar(berpagu) == 0


def test_demo_realisasi_only_january_to_may_with_one_unit_belum_lapor(session):
    load_demo()
    for model in (RealisasiKinerja, RealisasiAnggaran):
        assert set(session.scalars(select(model.bulan).distinct())) == {1, 2, 3, 4, 5}
    kosong = session.scalars(select(RealisasiKinerja).where(RealisasiKinerja.nilai.is_(None))).all()
    assert kosong and {r.bulan for r in kosong} == {5}
    unit = {session.get(Indikator, r.indikator_id).unit_kerja.kode for r in kosong}
    assert unit == {"BKPSDM-MUTASI"}
    terisi = session.scalars(select(RealisasiKinerja).where(RealisasiKinerja.nilai.is_not(None))).all()
    targets = _monthly(session, TargetKinerja, "indikator_id")
    selisih = {(r.nilai > targets[r.indikator_id][r.bulan]) - (r.nilai < targets[r.indikator_id][r.bulan])
               for r in terisi}
    assert selisih == {-1, 0, 1}, "some months under, some on and some over target"
    assert any(r.faktor_penghambat and r.tindak_lanjut for r in terisi)
    assert any(r.faktor_pendorong for r in terisi)


def test_demo_reference_data_year_windows_satuan_and_active_predikat_scale(session):
    load_demo()
    session.expire_all()
    wita = ZoneInfo("Asia/Makassar")
    jendela = session.scalars(select(JendelaInput).order_by(JendelaInput.triwulan)).all()
    batas = [j.ditutup_dt.astimezone(wita) for j in jendela]
    assert [(j.triwulan, b.month, b.day, b.hour, b.minute) for j, b in zip(jendela, batas)] == [
        (1, 4, 30, 23, 59), (2, 7, 31, 23, 59), (3, 10, 31, 23, 59), (4, 12, 31, 23, 59),
    ]
    assert _count(session, Satuan) == 10
    skala = session.scalar(select(SkalaPredikat))
    assert skala.aktif and skala.nama == "Permendagri 86/2017"
    assert [(b.batas_bawah, b.label) for b in skala.band][0] == (Decimal(91), "Sangat Tinggi")
    assert session.scalar(select(RencanaKerja.status)) == "draf"


def test_demo_status_periode_tw1_verified_except_one_returned_tw2_draf(session):
    load_demo()
    status = {(s.unit_kerja.kode, s.triwulan): s for s in session.scalars(select(StatusPeriodeUnit))}
    assert {k[1] for k in status} == {1, 2}
    assert status[("BKPSDM-PKA", 1)].status == "dikembalikan"
    assert status[("BKPSDM-PKA", 1)].riwayat[-1].catatan
    assert sum(s.status == "terverifikasi" for (unit, tw), s in status.items() if tw == 1) == 4
    assert all(s.status == "draf" for (unit, tw), s in status.items() if tw == 2)
    assert _count(session, CatatanVerifikasi) == 10


def test_demo_is_deterministic_across_fresh_databases(session):
    load_demo()
    pertama = _digest(session)
    session.rollback()  # the loader never commits, so this leaves an empty database again
    assert _count(session, PerangkatDaerah) == 0
    load_demo()
    assert _digest(session) == pertama


def test_demo_second_load_is_a_no_op(session):
    pertama = load_demo()
    jumlah = (_count(session, Indikator), _count(session, TargetKinerja), _count(session, RealisasiKinerja))
    kedua = load_demo()
    assert kedua.dimuat is False
    assert (_count(session, Indikator), _count(session, TargetKinerja), _count(session, RealisasiKinerja)) == jumlah
    assert kedua.indikator == pertama.indikator and kedua.sub_kegiatan == 42


def test_demo_cli_loads_commits_and_reports_in_indonesian(app):
    runner = app.test_cli_runner()
    hasil = runner.invoke(args=["sipekerja", "demo", "--tahun", "2024"])
    assert hasil.exit_code == 0, hasil.output
    assert "dimuat" in hasil.output and "Sub kegiatan: 42" in hasil.output
    ulang = runner.invoke(args=["sipekerja", "demo"])
    assert ulang.exit_code == 0
    assert "sudah ada" in ulang.output and "Sub kegiatan: 42" in ulang.output


def test_demo_story_holds_a_triwulan_called_bukti_dukung_sesuai_has_its_evidence(app, session):
    """The verifier's notes are true of the data: a unit whose Triwulan I was verified with
    "Realisasi dan bukti dukung Triwulan I sesuai" has evidence for every value it reported in
    January–March; the returned unit lacks exactly the March evidence its return note names; a
    March note "bukti dukung terlampir" has evidence; the evidence file itself is stored."""
    import os

    from sipekerja_module.models import BuktiDukung
    from sipekerja_module.services.bukti import path_berkas

    load_demo()
    berbukti = {(b.indikator_id, b.bulan) for b in session.scalars(select(BuktiDukung))}
    terlapor = session.execute(select(RealisasiKinerja, Indikator).join(Indikator).where(
        RealisasiKinerja.bulan <= 3, RealisasiKinerja.nilai.is_not(None))).all()
    catatan = {(s.unit_kerja.kode, s.triwulan): s.riwayat[-1].catatan
               for s in session.scalars(select(StatusPeriodeUnit)) if s.riwayat}
    for r, ind in terlapor:
        unit = ind.unit_kerja.kode if ind.unit_kerja else None
        if unit is None:
            # An IKU has no unit, so no account could open its evidence: the demo gives it none.
            assert (ind.id, r.bulan) not in berbukti, (ind.uraian, r.bulan)
        elif "bukti dukung Triwulan I sesuai" in catatan[(unit, 1)]:
            assert (ind.id, r.bulan) in berbukti, (ind.uraian, r.bulan)
        if r.keterangan and "bukti dukung terlampir" in r.keterangan:
            assert (ind.id, r.bulan) in berbukti, (ind.uraian, r.bulan)
    assert "Pengelolaan Assessment Center belum diunggah" in catatan[("BKPSDM-PKA", 1)]
    assessment = session.scalars(select(Indikator).join(NodeRencana, NodeRencana.id == Indikator.node_id)
                                 .where(NodeRencana.nama == "Pengelolaan Assessment Center")).all()
    assert assessment and all((i.id, 3) not in berbukti for i in assessment)
    assert all((i.id, 2) in berbukti for i in assessment)
    bukti = session.scalars(select(BuktiDukung)).first()
    with app.app_context():
        with open(path_berkas(bukti.sha256), "rb") as fh:
            assert fh.read().startswith(b"%PDF-") and os.path.getsize(path_berkas(bukti.sha256)) == bukti.ukuran


def test_every_demo_evidence_file_can_be_opened_by_its_unit(app, session):
    """Regression: the demo gave evidence to IKU (no unit), which no account can open (404)."""
    load_demo(tahun=2024)
    session.flush()
    tanpa_unit = session.execute(select(func.count()).select_from(BuktiDukung).join(Indikator)
                                 .where(Indikator.unit_kerja_id.is_(None))).scalar_one()
    assert session.execute(select(func.count()).select_from(BuktiDukung)).scalar_one() > 0
    assert tanpa_unit == 0


def test_demo_with_last_year_holds_a_finished_verified_2023_with_the_same_pk_structure(session):
    """Issue 16 item 8: the demo shows two years, so comparisons with last year have data."""
    from sipekerja_module.domain.renstra import StatusBanding
    from sipekerja_module.models import IndikatorPK
    from sipekerja_module.models import Jabatan
    from sipekerja_module.models import PerjanjianKinerja
    from sipekerja_module.models import Renstra
    from sipekerja_module.models import Tahun
    from sipekerja_module.queries import renstra as q_renstra
    from sipekerja_module.seed.demo_renstra import target_demo

    hanya_2024 = load_demo()
    session.rollback()
    ringkasan = load_demo(tahun=2024, dengan_tahun_lalu=True)
    assert ringkasan == hanya_2024  # the demo year itself is unchanged
    tahun = {t.tahun: t.id for t in session.scalars(select(Tahun))}
    assert set(tahun) == {2023, 2024}
    ind_2023 = session.scalars(select(Indikator).where(Indikator.tahun_id == tahun[2023])).all()
    assert len(ind_2023) == ringkasan.indikator
    realisasi = session.execute(select(RealisasiKinerja.bulan, RealisasiKinerja.nilai).where(
        RealisasiKinerja.indikator_id.in_([i.id for i in ind_2023]))).all()
    assert len(realisasi) == 12 * len(ind_2023) and all(r.nilai is not None for r in realisasi)
    node_2023 = select(NodeRencana.id).where(NodeRencana.tahun_id == tahun[2023], NodeRencana.level == "sub_kegiatan")
    assert session.scalar(select(func.count(RealisasiAnggaran.id)).where(
        RealisasiAnggaran.node_id.in_(node_2023), RealisasiAnggaran.nilai.is_not(None))) == 12 * 42
    status = session.scalars(select(StatusPeriodeUnit).where(StatusPeriodeUnit.tahun_id == tahun[2023])).all()
    assert len(status) == 5 * 4 and {s.status for s in status} == {"terverifikasi"}
    assert session.scalar(select(RencanaKerja.status).where(RencanaKerja.tahun_id == tahun[2023])) == "ditetapkan"
    # Other figures than 2024 (comparisons are not trivially equal).
    per_uraian = {}
    for i in session.scalars(select(Indikator).where(Indikator.sasaran_id.is_not(None))):
        per_uraian.setdefault(i.uraian, {})[i.tahun_id] = i.target_tahunan
    assert per_uraian["Indeks Sistem Merit"] == {tahun[2023]: Decimal("0.69"), tahun[2024]: Decimal("0.75")}

    def struktur(tahun_id):
        rows = session.execute(select(IndikatorPK, Jabatan.nama).join(
            PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id).join(
            Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id).where(
            Jabatan.tahun_id == tahun_id).order_by(IndikatorPK.id)).all()
        uraian = {i.id: i.uraian for i, _ in rows}
        return [(j, i.uraian, uraian.get(i.induk_id), i.indikator_renstra_id) for i, j in rows]

    assert struktur(tahun[2023]) == struktur(tahun[2024])  # the same positions, PK and cascade
    iku_2023 = session.execute(select(IndikatorPK).join(
        PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id).join(
        Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id).where(
        Jabatan.tahun_id == tahun[2023], IndikatorPK.indikator_renstra_id.is_not(None))).scalars().all()
    assert len(iku_2023) == 4 and all(i.target_nilai == target_demo(i.uraian, 2023) for i in iku_2023)
    grid = q_renstra.load_renstra(session.scalars(select(Renstra)).one())
    for baris in grid.baris:
        sel = {s.tahun: s for s in baris.sel}
        assert len(sel[2023].pk) == 1 and len(sel[2024].pk) == 1 and sel[2023].status is StatusBanding.SAMA
    assert load_demo(tahun=2024, dengan_tahun_lalu=True).dimuat is False
