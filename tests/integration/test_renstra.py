"""Renstra on a real database: the demo period and its links from the PK, the services' refusals
(nothing saved), the PK target taken from the Renstra and the flagged difference, the read
interface for the LKjIP, and the year copy that keeps positions, PK structure, cascade and Renstra
links without any realisasi."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.renstra import StatusBanding
from sipekerja_module.domain.renstra import TargetRenstra
from sipekerja_module.models import AuditLog
from sipekerja_module.models import Indikator
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import IndikatorRenstra
from sipekerja_module.models import Jabatan
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import Renstra
from sipekerja_module.models import SasaranPK
from sipekerja_module.models import Satuan
from sipekerja_module.models import Tahun
from sipekerja_module.models import TargetTahunanRenstra
from sipekerja_module.queries import renstra as q
from sipekerja_module.services import pk as pk_svc
from sipekerja_module.services import referensi as referensi_svc
from sipekerja_module.services import renstra as svc
from tests import factories as f

#: Every test starts from the demo agency of 2024 (its snapshot restored, tests/conftest.py).
pytestmark = pytest.mark.usefixtures("demo_2024")
WITA = ZoneInfo("Asia/Makassar")


def _jumlah(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _demo(session):
    """The demo agency and its Renstra (every test here starts from the demo: ``demo_2024``)."""
    pd = session.execute(select(PerangkatDaerah).filter_by(kode="BKPSDM")).scalar_one()
    renstra = session.execute(select(Renstra).filter_by(perangkat_daerah_id=pd.id)).scalar_one()
    return pd, renstra


def _tahun(session, tahun: int) -> Tahun:
    return session.execute(select(Tahun).filter_by(tahun=tahun)).scalar_one()


def _iku_pk(session, tahun: int, uraian: str) -> IndikatorPK:
    return session.execute(select(IndikatorPK).join(PerjanjianKinerja).join(Jabatan).join(
        Tahun, Tahun.id == Jabatan.tahun_id).where(Tahun.tahun == tahun, IndikatorPK.uraian == uraian,
                                                   Jabatan.parent_id.is_(None))).scalar_one()


def _simpan_indikator(renstra, **ubah):
    satuan = ubah.pop("satuan", None)
    nilai = dict(sasaran="Sasaran uji", uraian="Indikator uji", satuan=satuan, baseline=Decimal(10),
                 tahun_baseline=renstra.tahun_awal - 1, target_akhir=Decimal(20),
                 target_per_tahun={renstra.tahun_awal: Decimal(12)}, oleh=None)
    nilai.update(ubah)
    return svc.save_indikator_renstra(renstra=renstra, **nilai)


def test_demo_renstra_2021_2026_is_linked_from_the_agency_pk_and_flags_the_one_difference(session):
    pd, renstra = _demo(session)
    assert (renstra.tahun_awal, renstra.tahun_akhir) == (2021, 2026) and "Nomor 21 Tahun 2021" in renstra.nomor
    isi = q.load_renstra(renstra)
    assert [b.uraian for b in isi.baris] == ["Indeks Sistem Merit", "Persentase Kenaikan Pangkat Tepat Waktu",
                                            "Persentase ASN yang Memenuhi Standar Kompetensi",
                                            "Indeks Profesionalitas ASN"]
    assert all(len(b.sel) == 6 and b.tahun_baseline == 2020 for b in isi.baris)
    sel_2024 = {b.uraian: next(s for s in b.sel if s.tahun == 2024) for b in isi.baris}
    assert all(len(s.pk) == 1 for s in sel_2024.values())  # each IKU is pointed to by the 2024 Kepala PK
    assert {u: s.status for u, s in sel_2024.items()} == {
        "Indeks Sistem Merit": StatusBanding.SAMA,
        "Persentase Kenaikan Pangkat Tepat Waktu": StatusBanding.BERBEDA,  # PK 95 vs Renstra 93
        "Persentase ASN yang Memenuhi Standar Kompetensi": StatusBanding.SAMA,
        "Indeks Profesionalitas ASN": StatusBanding.SAMA}
    assert isi.jumlah_berbeda == 1
    # A year without a PK linked is reported as such, not as a difference.
    assert next(s for s in isi.baris[0].sel if s.tahun == 2021).status is StatusBanding.TANPA_PK


def test_renstra_period_end_before_start_overlap_or_bad_years_is_refused_and_nothing_saved(session):
    pd, renstra = _demo(session)
    sebelum = _jumlah(session, Renstra)
    with pytest.raises(NilaiTidakValid, match="tidak boleh sebelum tahun awal"):
        svc.save_renstra(perangkat_daerah=pd, tahun_awal=2031, tahun_akhir=2027, nomor="", oleh=None)
    with pytest.raises(NilaiTidakValid, match="bertumpang tindih dengan periode Renstra 2021\u20132026"):
        svc.save_renstra(perangkat_daerah=pd, tahun_awal=2026, tahun_akhir=2030, nomor="", oleh=None)
    with pytest.raises(NilaiTidakValid, match="paling lama 10 tahun"):
        svc.save_renstra(perangkat_daerah=pd, tahun_awal=2027, tahun_akhir=2040, nomor="", oleh=None)
    with pytest.raises(NilaiTidakValid, match="wajib diisi"):
        svc.save_renstra(perangkat_daerah=pd, tahun_awal=None, tahun_akhir=2030, nomor="", oleh=None)
    assert _jumlah(session, Renstra) == sebelum
    # Another agency may have the same years; the next period of the same agency too.
    lain = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
    svc.save_renstra(perangkat_daerah=lain, tahun_awal=2021, tahun_akhir=2026, nomor="", oleh=None)
    baru = svc.save_renstra(perangkat_daerah=pd, tahun_awal=2027, tahun_akhir=2031, nomor="Perbup", oleh=None)
    assert session.execute(select(AuditLog).filter_by(aksi="tambah_renstra", objek_id=baru.id)).scalar_one()
    # Shortening a period under its yearly targets is refused.
    with pytest.raises(NilaiTidakValid, match="Target tahun 2025 di luar periode Renstra 2021\u20132024"):
        svc.save_renstra(perangkat_daerah=pd, tahun_awal=2021, tahun_akhir=2024, nomor="", renstra=renstra,
                         versi=renstra.version, oleh=None)
    session.refresh(renstra)
    assert renstra.tahun_akhir == 2026


def test_renstra_target_outside_the_period_or_negative_values_are_refused_and_nothing_saved(session):
    _pd, renstra = _demo(session)
    satuan = session.execute(select(Satuan).filter_by(nama="Persen")).scalar_one()
    sebelum = (_jumlah(session, IndikatorRenstra), _jumlah(session, TargetTahunanRenstra))
    kasus = (
        ({"target_per_tahun": {2027: Decimal(5)}}, "Target tahun 2027 di luar periode Renstra 2021\u20132026"),
        ({"target_per_tahun": {2020: Decimal(5)}}, "Target tahun 2020 di luar periode"),
        ({"target_per_tahun": {2022: Decimal(-1)}}, "Target tahun 2022 tidak boleh negatif"),
        ({"baseline": Decimal("-0.5")}, "Baseline tidak boleh negatif"),
        ({"target_akhir": Decimal(-3)}, "Target akhir periode tidak boleh negatif"),
        ({"tahun_baseline": None}, "Tahun baseline wajib diisi"),
        ({"tahun_baseline": 2023}, "Tahun baseline harus tahun awal periode \\(2021\\) atau sebelumnya"),
        ({"uraian": "  "}, "Uraian indikator wajib diisi"),
    )
    for ubah, pesan in kasus:
        with pytest.raises(NilaiTidakValid, match=pesan):
            _simpan_indikator(renstra, satuan=satuan, **ubah)
    assert (_jumlah(session, IndikatorRenstra), _jumlah(session, TargetTahunanRenstra)) == sebelum
    # Changing an indicator replaces its yearly targets; a refused change leaves them as they were.
    ind = _simpan_indikator(renstra, satuan=satuan, target_per_tahun={2021: Decimal(1), 2022: Decimal(2)})
    with pytest.raises(NilaiTidakValid):
        _simpan_indikator(renstra, satuan=satuan, indikator=ind, versi=ind.version,
                          target_per_tahun={2021: Decimal(9), 2030: Decimal(9)})
    ubah = _simpan_indikator(renstra, satuan=satuan, indikator=ind, versi=ind.version,
                             target_per_tahun={2022: Decimal(3), 2023: None})
    tersimpan = dict(session.execute(select(TargetTahunanRenstra.tahun, TargetTahunanRenstra.nilai).filter_by(
        indikator_renstra_id=ubah.id)).all())
    assert tersimpan == {2022: Decimal(3)}


def test_pk_indicator_takes_the_renstra_target_of_its_year_by_default_and_a_difference_is_flagged(session):
    _pd, renstra = _demo(session)
    merit = _iku_pk(session, 2024, "Indeks Sistem Merit")
    pk = session.get(PerjanjianKinerja, merit.pk_id)
    ind_renstra = session.get(IndikatorRenstra, merit.indikator_renstra_id)
    satuan = session.get(Satuan, merit.satuan_id)
    sasaran = session.get(SasaranPK, merit.sasaran_pk_id)
    baru = pk_svc.save_indikator_pk(pk=pk, sasaran=sasaran, uraian="Indeks Sistem Merit (uji)", satuan=satuan,
                                    target=None, indikator_rencana=None, induk=None, oleh=None,
                                    indikator_renstra=ind_renstra)
    assert (baru.target_nilai, baru.indikator_renstra_id) == (Decimal("0.75"), ind_renstra.id)
    # A target typed by hand wins, and the Renstra page flags it for 2024.
    pk_svc.save_indikator_pk(pk=pk, sasaran=sasaran, uraian=baru.uraian, satuan=satuan, target=Target.tunggal(
        Decimal("0.8")), indikator_rencana=None, induk=None, indikator=baru, versi=baru.version, oleh=None)
    assert baru.indikator_renstra_id == ind_renstra.id  # kept when the caller does not say
    sel = next(s for b in q.load_renstra(renstra).baris if b.id == ind_renstra.id for s in b.sel if s.tahun == 2024)
    assert {p.indikator_pk_id: p.status for p in sel.pk}[baru.id] is StatusBanding.BERBEDA
    assert sel.status is StatusBanding.BERBEDA


def test_pk_link_to_another_agencys_renstra_or_outside_its_period_is_refused(session):
    _pd, renstra = _demo(session)
    merit = _iku_pk(session, 2024, "Indeks Sistem Merit")
    pk = session.get(PerjanjianKinerja, merit.pk_id)
    satuan = session.get(Satuan, merit.satuan_id)
    sasaran = session.get(SasaranPK, merit.sasaran_pk_id)
    lain = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
    renstra_lain = svc.save_renstra(perangkat_daerah=lain, tahun_awal=2021, tahun_akhir=2026, nomor="", oleh=None)
    ind_lain = _simpan_indikator(renstra_lain, satuan=satuan)
    with pytest.raises(NilaiTidakValid, match="milik perangkat daerah lain"):
        pk_svc.save_indikator_pk(pk=pk, sasaran=sasaran, uraian=merit.uraian, satuan=satuan, target=None,
                                 indikator_rencana=None, induk=None, indikator=merit, versi=merit.version, oleh=None,
                                 indikator_renstra=ind_lain)
    pd = session.get(PerangkatDaerah, renstra.perangkat_daerah_id)
    berikut = svc.save_renstra(perangkat_daerah=pd, tahun_awal=2027, tahun_akhir=2031, nomor="", oleh=None)
    ind_berikut = _simpan_indikator(berikut, satuan=satuan)
    with pytest.raises(NilaiTidakValid, match="Tahun 2024 di luar periode Renstra 2027\u20132031"):
        pk_svc.save_indikator_pk(pk=pk, sasaran=sasaran, uraian=merit.uraian, satuan=satuan, target=None,
                                 indikator_rencana=None, induk=None, indikator=merit, versi=merit.version, oleh=None,
                                 indikator_renstra=ind_berikut)
    session.refresh(merit)
    assert merit.indikator_renstra_id is not None and merit.indikator_renstra_id != ind_lain.id
    assert merit.target_nilai == Decimal("0.75")


def test_read_interface_gives_the_renstra_targets_per_pk_indicator_of_the_year(session):
    pd, renstra = _demo(session)
    hasil = q.target_renstra_per_indikator_pk(perangkat_daerah_id=pd.id, tahun_id=_tahun(session, 2024).id)
    kp = _iku_pk(session, 2024, "Persentase Kenaikan Pangkat Tepat Waktu")
    assert len(hasil) == 4 and isinstance(hasil[kp.id], TargetRenstra)
    t = hasil[kp.id]
    assert (t.tahun_awal, t.tahun_akhir, t.baseline, t.tahun_baseline, t.target_akhir, t.satuan) == (
        2021, 2026, Decimal(82), 2020, Decimal(97), "Persen")
    assert dict(t.target_per_tahun) == {2021: 85, 2022: 88, 2023: 90, 2024: 93, 2025: 95, 2026: 97}
    # (91 - 82) / (97 - 82) x 100 = 60 %
    assert t.persen_menuju_target_akhir(Decimal(91)) == Decimal(60)
    assert q.target_renstra_per_indikator_pk(perangkat_daerah_id=pd.id + 999, tahun_id=_tahun(session, 2024).id) == {}


def test_deleting_a_renstra_indicator_unlinks_the_pk_and_keeps_its_target(session):
    _pd, renstra = _demo(session)
    kp = _iku_pk(session, 2024, "Persentase Kenaikan Pangkat Tepat Waktu")
    svc.hapus_indikator_renstra(indikator=session.get(IndikatorRenstra, kp.indikator_renstra_id), oleh=None)
    session.refresh(kp)
    assert kp.indikator_renstra_id is None and kp.target_nilai == Decimal(95)
    assert len(q.load_renstra(renstra).baris) == 3


# --- years connect (issue 16 item 8) ------------------------------------------------------------


@pytest.fixture
def salinan(session):
    """The demo 2024 copied into 2025 (the service the Referensi page calls)."""
    _demo(session)
    lama = _tahun(session, 2024)
    baru = referensi_svc.create_tahun(tahun=2025, zona=WITA, salin_dari=lama, oleh=None)
    session.flush()
    return lama, baru


def _indikator_pk(session, tahun_id):
    return session.execute(select(IndikatorPK, Jabatan.nama).join(
        PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id).join(
        Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id).where(Jabatan.tahun_id == tahun_id)
        .order_by(IndikatorPK.id)).all()


def test_year_copy_keeps_positions_with_their_holders(session, salinan):
    lama, baru = salinan

    def jabatan(tahun_id):
        rows = session.execute(select(Jabatan).filter_by(tahun_id=tahun_id).order_by(Jabatan.urutan)).scalars().all()
        nama = {j.id: j.nama for j in rows}
        return [(j.nama, nama.get(j.parent_id), j.unit_kerja_id, j.pemegang_nama, j.pemegang_nip, j.pemegang_pangkat,
                 j.kepala_daerah_nama) for j in rows]

    assert jabatan(baru.id) == jabatan(lama.id) and len(jabatan(lama.id)) == 7
    assert all(j[3] and j[4] for j in jabatan(baru.id))


def test_year_copy_keeps_pk_structure_and_cascade_links_remapped_to_the_new_year(session, salinan):
    lama, baru = salinan

    def struktur(tahun_id):
        rows = _indikator_pk(session, tahun_id)
        per_id = {i.id: i for i, _ in rows}
        sasaran = {s.id: s.uraian for s in session.execute(select(SasaranPK)).scalars()}
        return [(jn, sasaran[i.sasaran_pk_id], i.uraian, per_id[i.induk_id].uraian if i.induk_id else None)
                for i, jn in rows], {i.induk_id for i, _ in rows if i.induk_id}, set(per_id)

    s_lama, induk_lama, _ids_lama = struktur(lama.id)
    s_baru, induk_baru, ids_baru = struktur(baru.id)
    assert s_baru == s_lama and any(row[3] for row in s_baru)
    assert induk_baru and induk_baru <= ids_baru  # every cascade link points into the new year


def test_year_copy_keeps_renstra_links_and_takes_the_new_years_renstra_target(session, salinan):
    lama, baru = salinan
    lama_rows = {i.uraian: i for i, _ in _indikator_pk(session, lama.id) if i.indikator_renstra_id}
    baru_rows = {i.uraian: i for i, _ in _indikator_pk(session, baru.id) if i.indikator_renstra_id}
    assert len(lama_rows) == 4 and set(baru_rows) == set(lama_rows)
    for uraian, i in baru_rows.items():
        assert i.indikator_renstra_id == lama_rows[uraian].indikator_renstra_id  # the same Renstra indicator
    assert baru_rows["Persentase Kenaikan Pangkat Tepat Waktu"].target_nilai == Decimal(95)  # Renstra 2025
    assert baru_rows["Indeks Sistem Merit"].target_nilai == Decimal("0.80")
    # Unlinked indicators carry no number into the new year, as before.
    assert {i.target_nilai for i, _ in _indikator_pk(session, baru.id) if not i.indikator_renstra_id} == {None}
    # The Renstra page now shows both years pointing to the same indicator.
    renstra = session.execute(select(Renstra)).scalar_one()
    baris = next(b for b in q.load_renstra(renstra).baris if b.uraian == "Indeks Sistem Merit")
    assert [len(s.pk) for s in baris.sel] == [0, 0, 0, 1, 1, 0]
    assert baris.sel[4].status is StatusBanding.SAMA


def test_year_copy_brings_no_realisasi(session, salinan):
    _lama, baru = salinan
    ind_baru = select(Indikator.id).where(Indikator.tahun_id == baru.id)
    assert session.scalar(select(func.count()).select_from(Indikator).where(Indikator.tahun_id == baru.id)) > 0
    assert session.scalar(select(func.count(RealisasiKinerja.id)).where(
        RealisasiKinerja.indikator_id.in_(ind_baru))) == 0
    from sipekerja_module.models import NodeRencana
    node_baru = select(NodeRencana.id).where(NodeRencana.tahun_id == baru.id)
    assert session.scalar(select(func.count(RealisasiAnggaran.id)).where(
        RealisasiAnggaran.node_id.in_(node_baru))) == 0


def test_year_copy_drops_a_link_to_a_renstra_that_has_ended(session):
    _pd, renstra = _demo(session)
    renstra.tahun_akhir = 2024
    for t in session.execute(select(TargetTahunanRenstra).where(TargetTahunanRenstra.tahun > 2024)).scalars():
        session.delete(t)
    session.flush()
    baru = referensi_svc.create_tahun(tahun=2025, zona=WITA, salin_dari=_tahun(session, 2024), oleh=None)
    session.flush()
    rows = _indikator_pk(session, baru.id)
    assert rows and all(i.indikator_renstra_id is None for i, _ in rows)


def test_a_renstra_write_bumps_only_its_own_agencys_data_version(session):
    pd, renstra = _demo(session)
    f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
    session.commit()
    satuan = session.execute(select(Satuan)).scalars().first()

    def versi():
        session.expire_all()
        return dict(session.execute(select(PerangkatDaerah.kode, PerangkatDaerah.versi_data)).all())

    sebelum = versi()
    _simpan_indikator(session.get(Renstra, renstra.id), satuan=satuan)
    session.commit()
    sesudah = versi()
    assert sesudah["BKPSDM"] == sebelum["BKPSDM"] + 1 and sesudah["DINKES"] == sebelum["DINKES"]
    ind = session.execute(select(IndikatorRenstra).filter_by(uraian="Indikator uji")).scalar_one()
    svc.hapus_indikator_renstra(indikator=ind, oleh=None)
    session.commit()
    akhir = versi()
    assert akhir["BKPSDM"] == sesudah["BKPSDM"] + 1 and akhir["DINKES"] == sesudah["DINKES"]
