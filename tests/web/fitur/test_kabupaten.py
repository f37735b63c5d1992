"""Kabupaten view: aggregates kept on write equal a fresh computation after random writes; the
kabupaten-level Pimpinan sees every agency ranked and opens any of them read-only; agency
accounts stay inside their own agency."""

import random
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update

from portal_stub.extensions import db
from sipekerja_module.commit_hooks import pastikan_ringkasan
from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.models import Indikator
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RingkasanKinerja
from sipekerja_module.models import UnitKerja
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.ringkasan import hitung_ringkasan
from sipekerja_module.services import perencanaan
from sipekerja_module.services import realisasi
from sipekerja_module.services.realisasi import IsianRealisasi
from tests import factories as f
from tests.masuk import masuk

WITA = ZoneInfo("Asia/Makassar")
KOLOM = ("triwulan", "rata_capaian", "jumlah_indikator", "jumlah_terukur", "pagu", "realisasi_anggaran",
         "persen_serapan")


@pytest.fixture
def dua_pd(app, demo):
    """The demo agency plus a small second agency (one unit, one sub kegiatan, one indicator)."""
    with app.app_context():
        from sipekerja_module.models import Tahun

        tahun = db.session.get(Tahun, demo.tahun)
        pd = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan Kabupaten Paser")
        unit = f.create_unit(pd, "DINKES-UMUM", "Sekretariat Dinkes", "sekretariat")
        satuan = db.session.execute(select(f.Satuan).limit(1)).scalar_one()
        sub = perencanaan.add_node(tahun=tahun, unit_kerja=unit, kode="5.03.01.2.02.0001", sasaran=None, oleh=None)
        ind = f.create_indikator(sub, satuan, target=Decimal(12))
        perencanaan.save_target_kinerja(indikator=ind, nilai_bulanan={b: Decimal(1) for b in range(1, 13)},
                                        versi=None, oleh=None)
        kabupaten = Pengguna(issuer="http://portal.test", subject="196801011990031001", nip="196801011990031001",
                             nama="Sekretaris Daerah", peran=["pimpinan"])
        utama_dinkes = f.create_pengguna("198002022005011002", ("utama",), unit, "Utama Dinkes")
        db.session.add(kabupaten)
        db.session.commit()
        return {"pd": pd.id, "unit": unit.id, "ind": ind.id, "sub": sub.id, "kabupaten": kabupaten.id,
                "utama_dinkes": utama_dinkes.id}


def _client(app, pengguna_id):
    client = app.test_client()
    with app.app_context():
        masuk(client, db.session.get(Pengguna, pengguna_id))
    return client


def _cache(pd_id, tahun_id):
    rows = db.session.execute(select(RingkasanKinerja).filter_by(perangkat_daerah_id=pd_id, tahun_id=tahun_id)
                              .order_by(RingkasanKinerja.triwulan)).scalars()
    return [tuple(getattr(r, k) for k in KOLOM) for r in rows]


def _segar(pd_id, tahun_id):
    rows = hitung_ringkasan(perangkat_daerah_id=pd_id, tahun_id=tahun_id, skala=load_skala_aktif())
    return sorted(tuple(r[k] for k in KOLOM) for r in rows)


def test_cached_aggregates_equal_a_fresh_computation_after_random_writes(app, demo, dua_pd):
    rng = random.Random(8)
    now = datetime.now(timezone.utc)
    with app.app_context():
        for jendela in db.session.execute(select(JendelaInput)).scalars():
            jendela.status, jendela.dibuka_kembali_sampai_dt = "dibuka_kembali", now + timedelta(days=1)
        db.session.commit()
        pastikan_ringkasan(demo.tahun)
        db.session.commit()
        from sipekerja_module.models import Tahun

        tahun = db.session.get(Tahun, demo.tahun)
        utama = Subjek(frozenset({Peran.UTAMA}))
        indikator = db.session.execute(select(Indikator).where(Indikator.unit_kerja_id.is_not(None))).scalars().all()
        subs = db.session.execute(select(NodeRencana).filter_by(level="sub_kegiatan")).scalars().all()
        for _ in range(12):
            ind = rng.choice(indikator)
            unit = db.session.get(UnitKerja, ind.unit_kerja_id)
            bulan = rng.randint(1, 12)
            nilai = rng.choice([None, Decimal(0), Decimal(rng.randint(0, 40)) / 4])
            sub = rng.choice([s for s in subs if s.unit_kerja_id == unit.id])
            realisasi.save_realisasi_bulan(
                subjek=utama, oleh=None, unit_kerja=unit, tahun=tahun, bulan=bulan,
                kinerja={ind.id: IsianRealisasi(nilai=nilai)},
                anggaran={sub.id: IsianRealisasi(nilai=Decimal(rng.randint(0, 5_000_000)))}, now=now, zona=WITA)
            db.session.commit()
        for pd_id in (dua_pd["pd"], db.session.execute(select(PerangkatDaerah.id).filter_by(kode="BKPSDM")).scalar()):
            assert _cache(pd_id, demo.tahun) == _segar(pd_id, demo.tahun) != []


def test_kabupaten_pimpinan_sees_every_agency_ranked_and_opens_one_read_only(app, demo, dua_pd):
    client = _client(app, dua_pd["kabupaten"])
    html = client.get("/sipekerja/kabupaten/?tahun=2024").get_data(as_text=True)
    assert 'data-pd="BKPSDM"' in html and 'data-pd="DINKES"' in html and "Peringkat" in html
    assert client.get("/sipekerja/realisasi/monitoring?tahun=2024").status_code == 403  # pimpinan: no Realisasi
    assert client.get(f"/sipekerja/kabupaten/buka/{dua_pd['pd']}").status_code == 302
    home = client.get("/sipekerja/").get_data(as_text=True)
    assert "Dasbor Kabupaten" in home
    assert client.post("/sipekerja/perencanaan/tetapkan?tahun=2024").status_code == 403


def test_agency_accounts_cannot_use_the_dashboard_or_reach_another_agency(app, demo, dua_pd, client_as):
    assert client_as("pimpinan").get("/sipekerja/kabupaten/").status_code == 403
    assert client_as("utama").get("/sipekerja/kabupaten/").status_code == 403
    utama_dinkes = _client(app, dua_pd["utama_dinkes"])
    assert utama_dinkes.get(f"/sipekerja/perencanaan/indikator/{demo.ind['BKPSDM-PPIK']}").status_code == 404
    assert utama_dinkes.get(f"/sipekerja/perencanaan/indikator/{dua_pd['ind']}").status_code == 200
    html = utama_dinkes.get("/sipekerja/perencanaan/?tahun=2024").get_data(as_text=True)
    assert "Sekretariat Dinkes" in html and "Bidang Mutasi dan Promosi" not in html


def test_the_cached_dashboard_shows_a_new_agency_and_a_new_realisasi_at_once(app, demo, dua_pd):
    """The dashboard body is cached under the version of every agency: any committed write, in
    any agency, and a new agency, give the next view fresh figures."""
    client = _client(app, dua_pd["kabupaten"])
    url = "/sipekerja/kabupaten/?tahun=2024"

    def baris_dinkes() -> str:
        html = client.get(url).get_data(as_text=True)
        return html[html.index('data-pd="DINKES"'):].split("</tr>", 1)[0]

    sebelum = baris_dinkes()
    assert baris_dinkes() == sebelum  # served from the cache
    now = datetime.now(timezone.utc)
    with app.app_context():
        from sipekerja_module.models import Tahun

        for jendela in db.session.execute(select(JendelaInput)).scalars():
            jendela.status, jendela.dibuka_kembali_sampai_dt = "dibuka_kembali", now + timedelta(days=1)
        # The whole triwulan, so that it can be submitted (Ajukan means complete).
        for bulan in (1, 2, 3):
            realisasi.save_realisasi_bulan(
                subjek=Subjek(frozenset({Peran.UTAMA})), oleh=None,
                unit_kerja=db.session.get(UnitKerja, dua_pd["unit"]), tahun=db.session.get(Tahun, demo.tahun),
                bulan=bulan, kinerja={dua_pd["ind"]: IsianRealisasi(nilai=Decimal(3))}, anggaran={}, now=now,
                zona=WITA)
        db.session.commit()
    # Not verified yet: the dashboard's official figures do not count it.
    assert baris_dinkes() == sebelum
    with app.app_context():
        from sipekerja_module.models import Tahun

        utama = Subjek(frozenset({Peran.UTAMA}))
        unit = db.session.get(UnitKerja, dua_pd["unit"])
        status = realisasi.ajukan_triwulan(subjek=utama, oleh=None, unit_kerja=unit,
                                           tahun=db.session.get(Tahun, demo.tahun), triwulan=1, now=now, zona=WITA)
        realisasi.verifikasi_triwulan(subjek=utama, oleh=None, status=status)
        db.session.commit()
    assert baris_dinkes() != sebelum
    with app.app_context():
        f.create_perangkat_daerah("DISHUB", "Dinas Perhubungan")
        db.session.commit()
    assert 'data-pd="DISHUB"' in client.get(url).get_data(as_text=True)


def test_the_demo_leaves_the_dashboard_aggregates_filled_at_set_up(app, demo):
    """The demo's rows bypass the write services; loading it measures the agency at commit, so
    the dashboard (which writes nothing) shows it at once."""
    with app.app_context():
        pd_id = db.session.execute(select(PerangkatDaerah.id).filter_by(kode="BKPSDM")).scalar_one()
        assert _cache(pd_id, demo.tahun) == _segar(pd_id, demo.tahun) != []


def test_the_ringkasan_command_fills_only_what_is_missing(app, demo, dua_pd):
    with app.app_context():
        pd_id = db.session.execute(select(PerangkatDaerah.id).filter_by(kode="BKPSDM")).scalar_one()
        db.session.execute(delete(RingkasanKinerja).where(RingkasanKinerja.perangkat_daerah_id == pd_id))
        db.session.commit()
        assert _cache(pd_id, demo.tahun) == []
    runner = app.test_cli_runner()
    hasil = runner.invoke(args=["sipekerja", "ringkasan"])
    assert hasil.exit_code == 0 and "dihitung untuk tahun 2024" in hasil.output
    with app.app_context():
        assert _cache(pd_id, demo.tahun) == _segar(pd_id, demo.tahun) != []
    hasil = runner.invoke(args=["sipekerja", "ringkasan"])
    assert hasil.exit_code == 0 and "sudah lengkap" in hasil.output


def test_ringkasan_semua_recomputes_aggregates_made_with_an_old_rule(app, demo, dua_pd):
    with app.app_context():
        pd_id = db.session.execute(select(PerangkatDaerah.id).filter_by(kode="BKPSDM")).scalar_one()
        segar = _cache(pd_id, demo.tahun)
        # As an older release would have stored them: a different figure in every row.
        db.session.execute(update(RingkasanKinerja).where(RingkasanKinerja.perangkat_daerah_id == pd_id)
                           .values(jumlah_indikator=RingkasanKinerja.jumlah_indikator + 1))
        db.session.commit()
        assert _cache(pd_id, demo.tahun) != segar
    runner = app.test_cli_runner()
    assert "sudah lengkap" in runner.invoke(args=["sipekerja", "ringkasan"]).output  # only fills what is missing
    hasil = runner.invoke(args=["sipekerja", "ringkasan", "--semua"])
    assert hasil.exit_code == 0 and "dihitung ulang" in hasil.output
    with app.app_context():
        assert _cache(pd_id, demo.tahun) == segar == _segar(pd_id, demo.tahun)


def test_the_dashboard_measures_every_agency_with_the_kabupaten_scale_not_its_own(app, demo, dua_pd):
    """An agency with its own scale (a cap of 100% on means) is still compared with the others on
    the kabupaten's scale: the cached dashboard rows equal the kabupaten-scale computation."""
    from sipekerja_module.services.referensi import save_skala_predikat

    with app.app_context():
        bkpsdm = db.session.execute(select(PerangkatDaerah).filter_by(kode="BKPSDM")).scalar_one()
        pastikan_ringkasan(demo.tahun)
        db.session.commit()
        kabupaten = _segar(bkpsdm.id, demo.tahun)
        save_skala_predikat(nama="Skala sendiri BKPSDM", aktifkan=True, oleh=None, batas_rerata=Decimal(100),
                            perangkat_daerah=bkpsdm, bands=[(Decimal(0), "Kurang", "danger"),
                                                            (Decimal(50), "Cukup", "warning"),
                                                            (Decimal(90), "Baik", "success")])
        db.session.commit()
        sendiri = sorted(tuple(r[k] for k in KOLOM) for r in hitung_ringkasan(
            perangkat_daerah_id=bkpsdm.id, tahun_id=demo.tahun, skala=load_skala_aktif(bkpsdm.id)))
        assert sendiri != kabupaten  # the agency's cap changes its means: the choice matters here
        assert sorted(_cache(bkpsdm.id, demo.tahun)) == kabupaten == _segar(bkpsdm.id, demo.tahun)
