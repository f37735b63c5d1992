"""The Renstra pages: the list of periods and a period's grid by role, the flags on the Renstra and
PK pages, writes with bad input save nothing, the PK form's Renstra link; bounded queries at ten
times the demo."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import IndikatorRenstra
from sipekerja_module.models import Jabatan
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import Renstra
from sipekerja_module.models import TargetTahunanRenstra
from tests.integration.test_monitoring import _perbesar
from tests.querycount import QueryCounter

URL = "/sipekerja/renstra"


def _renstra_id(app) -> int:
    with app.app_context():
        return db.session.execute(select(Renstra.id)).scalar_one()


def _jumlah(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _flash(client) -> list[str]:
    with client.session_transaction() as sess:
        return [pesan for _, pesan in sess.pop("_flashes", [])]


def _pk_kepala(app) -> int:
    with app.app_context():
        return db.session.execute(select(PerjanjianKinerja.id).join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
                                  .where(Jabatan.parent_id.is_(None))).scalar_one()


def test_every_role_of_the_agency_reads_the_grid_and_only_the_utama_gets_forms(client_as, app):
    rid = _renstra_id(app)
    for peran in ("utama", "ppik", "pimpinan"):
        daftar = client_as(peran).get(f"{URL}/").get_data(as_text=True)
        assert "2021\u20132026" in daftar and f'data-renstra="{rid}"' in daftar
        page = client_as(peran).get(f"{URL}/{rid}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Target Renstra 2021\u20132026" in html and "Indeks Profesionalitas ASN" in html
        # One flagged cell: Kenaikan Pangkat 2024, PK 95 vs Renstra 93.
        assert html.count('data-status="berbeda"') == 1
        assert "1 target Perjanjian Kinerja berbeda" in html
        assert ("Tambah indikator" in html) is (peran == "utama")


def test_pk_page_shows_the_renstra_target_and_flags_the_difference(client_as, app):
    html = client_as("utama").get(f"/sipekerja/pk/{_pk_kepala(app)}").get_data(as_text=True)
    assert html.count('data-renstra-status="berbeda"') == 1 and html.count('data-renstra-status="sama"') == 3
    assert "Berbeda dari Renstra" in html and "Renstra 2021\u20132026" in html
    assert 'name="indikator_renstra_id"' in html


def test_utama_adds_a_period_and_an_indicator_with_yearly_targets(client_as, app):
    client = client_as("utama")
    r = client.post(f"{URL}/", data={"tahun_awal": "2027", "tahun_akhir": "2031", "nomor": "Perbup 1/2027"})
    assert r.status_code == 302
    with app.app_context():
        baru = db.session.execute(select(Renstra).filter_by(tahun_awal=2027)).scalar_one()
        satuan = db.session.execute(select(IndikatorRenstra.satuan_id)).scalars().first()
        baru_id = baru.id
    data = {"sasaran": "Sasaran uji", "uraian": "Indeks uji", "satuan_id": str(satuan), "baseline": "1.234,5",
            "tahun_baseline": "2026", "target_akhir": "2.000", "target_2027": "1.300", "target_2031": "2.000"}
    assert client.post(f"{URL}/{baru_id}/indikator", data=data).status_code == 302
    with app.app_context():
        ind = db.session.execute(select(IndikatorRenstra).filter_by(renstra_id=baru_id)).scalar_one()
        assert (ind.baseline, ind.target_akhir) == (Decimal("1234.5"), Decimal(2000))
        assert dict(db.session.execute(select(TargetTahunanRenstra.tahun, TargetTahunanRenstra.nilai).filter_by(
            indikator_renstra_id=ind.id)).all()) == {2027: Decimal(1300), 2031: Decimal(2000)}
    html = client.get(f"{URL}/{baru_id}").get_data(as_text=True)
    assert "1.234,5" in html and "2.000" in html


def test_bad_input_saves_nothing_and_says_why_in_indonesian(client_as, app):
    client = client_as("utama")
    rid = _renstra_id(app)
    sebelum = (_jumlah(app, Renstra), _jumlah(app, IndikatorRenstra), _jumlah(app, TargetTahunanRenstra))
    r = client.post(f"{URL}/", data={"tahun_awal": "2030", "tahun_akhir": "2027"})
    assert r.status_code == 422 and "tidak boleh sebelum tahun awal" in r.get_data(as_text=True)
    r = client.post(f"{URL}/", data={"tahun_awal": "2024", "tahun_akhir": "2028"})
    assert r.status_code == 422 and "bertumpang tindih" in r.get_data(as_text=True)
    with app.app_context():
        satuan = db.session.execute(select(IndikatorRenstra.satuan_id)).scalars().first()
    dasar = {"sasaran": "S", "uraian": "I", "satuan_id": str(satuan), "baseline": "5", "tahun_baseline": "2020"}
    r = client.post(f"{URL}/{rid}/indikator", data={**dasar, "target_2022": "-3"})
    assert r.status_code == 422 and "Target tahun 2022 tidak boleh negatif" in r.get_data(as_text=True)
    # A year outside the period has no field: a posted value for it is never stored.
    assert client.post(f"{URL}/{rid}/indikator", data={**dasar, "target_2030": "5"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(TargetTahunanRenstra.tahun == 2030)) == 0
        db.session.execute(select(IndikatorRenstra).filter_by(uraian="I")).scalar_one()
    assert (_jumlah(app, Renstra), _jumlah(app, TargetTahunanRenstra)) == (sebelum[0], sebelum[2])
    assert _jumlah(app, IndikatorRenstra) == sebelum[1] + 1


def test_writes_are_the_pengguna_utamas_alone(client_as, app):
    rid = _renstra_id(app)
    for peran in ("ppik", "pimpinan"):
        r = client_as(peran).post(f"{URL}/", data={"tahun_awal": "2027", "tahun_akhir": "2031"})
        assert r.status_code == 403
        assert client_as(peran).post(f"{URL}/{rid}/indikator", data={}).status_code == 403
    assert _jumlah(app, Renstra) == 1


def test_pk_form_links_a_renstra_indicator_and_takes_its_target_of_the_year(client_as, app):
    client = client_as("utama")
    pk_id = _pk_kepala(app)
    with app.app_context():
        merit = db.session.execute(select(IndikatorPK).filter_by(pk_id=pk_id, uraian="Indeks Sistem Merit")
                                   ).scalar_one()
        data = {"sasaran_id": str(merit.sasaran_pk_id), "uraian": "Indeks Sistem Merit (kedua)", "target": "",
                "satuan_id": str(merit.satuan_id), "indikator_id": "0", "induk_id": "0",
                "indikator_renstra_id": str(merit.indikator_renstra_id)}
    assert client.post(f"/sipekerja/pk/{pk_id}/indikator", data=data).status_code == 302
    with app.app_context():
        baru = db.session.execute(select(IndikatorPK).filter_by(uraian="Indeks Sistem Merit (kedua)")).scalar_one()
        assert (baru.target_nilai, baru.indikator_renstra_id) == (Decimal("0.75"), merit.indikator_renstra_id)


def _perbesar_renstra(session, kali: int) -> None:
    """Copy every Renstra indicator with its yearly targets ``kali`` times, each linked from a copy of
    the Kepala's PK indicator that points to the original."""
    asli = session.execute(select(IndikatorRenstra)).scalars().all()
    target = session.execute(select(TargetTahunanRenstra)).scalars().all()
    pk_ind = session.execute(select(IndikatorPK).where(IndikatorPK.indikator_renstra_id.is_not(None))).scalars().all()
    for i in range(kali):
        for ind in asli:
            salinan = IndikatorRenstra(renstra_id=ind.renstra_id, sasaran=ind.sasaran, uraian=f"{ind.uraian} #{i}",
                                       satuan_id=ind.satuan_id, baseline=ind.baseline,
                                       tahun_baseline=ind.tahun_baseline, target_akhir=ind.target_akhir,
                                       urutan=ind.urutan)
            session.add(salinan)
            session.flush()
            session.add_all(TargetTahunanRenstra(indikator_renstra_id=salinan.id, tahun=t.tahun, nilai=t.nilai)
                            for t in target if t.indikator_renstra_id == ind.id)
            for p in pk_ind:
                if p.indikator_renstra_id == ind.id:
                    session.add(IndikatorPK(pk_id=p.pk_id, sasaran_pk_id=p.sasaran_pk_id, uraian=f"{p.uraian} #{i}",
                                            satuan_id=p.satuan_id, target_nilai=p.target_nilai,
                                            indikator_renstra_id=salinan.id, urutan=p.urutan))
    session.flush()


def test_pages_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as, demo):
    client = client_as("utama")
    urls = [f"{URL}/", f"{URL}/{_renstra_id(app)}", f"{URL}/{_renstra_id(app)}/pdf", f"{URL}/{_renstra_id(app)}/xlsx",
            f"/sipekerja/pk/{_pk_kepala(app)}"]
    with app.app_context():
        engine = db.engine
    kecil = {}
    for url in urls:
        with QueryCounter(engine) as q:
            assert client.get(url).status_code == 200
        kecil[url] = q.count
    with app.app_context():
        _perbesar(db.session, kali=9)
        _perbesar_renstra(db.session, kali=9)
        db.session.commit()
    for url in urls:
        with QueryCounter(engine) as q:
            page = client.get(url)
            assert page.status_code == 200
        assert q.count == kecil[url], (url, kecil[url], q.count)
        assert q.count <= 30, (url, q.count)
    grid = client.get(f"{URL}/{_renstra_id(app)}").get_data(as_text=True)
    assert len(re.findall(r'data-indikator-renstra="\d+"', grid)) == 40
    assert grid.count('data-status="berbeda"') == 10
    print("query counts:", kecil)


def test_renstra_pdf_reads_back_with_the_flag_and_f4_is_larger(client_as, app):
    import io

    import pypdf

    rid = _renstra_id(app)
    a4 = client_as("pimpinan").get(f"{URL}/{rid}/pdf")
    assert a4.status_code == 200 and a4.mimetype == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(a4.data))
    teks = " ".join(" ".join(h.extract_text() for h in pdf.pages).split())
    assert "TARGET RENCANA STRATEGIS (RENSTRA) 2021\u20132026" in teks
    assert "Persentase Kenaikan Pangkat Tepat Waktu" in teks and "PK: 95 (beda)" in teks
    assert teks.count("(beda)") == 2  # the flagged cell and the legend
    assert float(pdf.pages[0].mediabox.width) > float(pdf.pages[0].mediabox.height)  # landscape
    f4 = pypdf.PdfReader(io.BytesIO(client_as("utama").get(f"{URL}/{rid}/pdf?ukuran=F4").data))
    assert float(f4.pages[0].mediabox.width) > float(pdf.pages[0].mediabox.width)
    assert client_as("utama").get(f"{URL}/{rid}/pdf?ukuran=A0").status_code == 400


def test_renstra_xlsx_reads_back_numbers_and_the_flag(client_as, app):
    import io

    from openpyxl import load_workbook

    r = client_as("ppik").get(f"{URL}/{_renstra_id(app)}/xlsx")
    assert r.status_code == 200
    baris = list(load_workbook(io.BytesIO(r.data))["Renstra"].iter_rows(values_only=True))
    judul = baris[5]
    kp = next(b for b in baris if b[2] == "Persentase Kenaikan Pangkat Tepat Waktu")
    kolom = {j: i for i, j in enumerate(judul)}
    assert kp[kolom["Baseline"]] == 82 and kp[kolom["Tahun Baseline"]] == 2020
    assert kp[kolom["Target Renstra 2024"]] == 93 and kp[kolom["Target PK 2024"]] == "95 (beda)"
    assert kp[kolom["Target Akhir Periode"]] == 97
