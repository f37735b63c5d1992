"""The Perjanjian Kinerja pages: positions, one PK, its downloads and the pohon kinerja, by role;
writes with bad input save nothing; bounded queries at ten times the demo."""

from __future__ import annotations

import io
import re

import pypdf
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.periode import Periode
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import Jabatan
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import ProgramPK
from sipekerja_module.models import SasaranPK
from sipekerja_module.models import Satuan
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.views.filters import persen
from tests.integration.test_monitoring import _perbesar
from tests.querycount import assert_kueri_tetap

URL = "/sipekerja/pk"


def _pk_id(app, nama_awal: str) -> int:
    with app.app_context():
        return db.session.execute(select(PerjanjianKinerja.id).join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
                                  .where(Jabatan.nama.startswith(nama_awal))).scalar_one()


def _jabatan_id(app, nama_awal: str) -> int:
    with app.app_context():
        return db.session.execute(select(Jabatan.id).where(Jabatan.nama.startswith(nama_awal))).scalar_one()


def _jumlah(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _flash(client) -> list[str]:
    with client.session_transaction() as sess:
        return [pesan for _, pesan in sess.pop("_flashes", [])]


def test_positions_page_lists_holders_and_pks_and_bidang_sees_its_own_and_the_agency(client_as, app):
    page = client_as("utama").get(f"{URL}/?tahun=2024").get_data(as_text=True)
    assert "Perjanjian Kinerja per Jabatan" in page and "Drs. H. Ahmad Rifani, M.Si." in page
    assert "19750412 199803 1 008" in page and page.count("Lihat PK") == 7
    assert 'action="/sipekerja/pk/jabatan?tahun=2024"' in page  # Utama may add a position
    bidang = client_as("ppik").get(f"{URL}/?tahun=2024").get_data(as_text=True)
    assert "Kepala Badan Kepegawaian" in bidang and "Kepala Bidang Pengadaan" in bidang
    assert "Subkoordinator Sistem Informasi Kepegawaian" in bidang
    assert "Kepala Bidang Mutasi dan Promosi" not in bidang and "Sekretaris" not in bidang.split("<tbody>")[1]
    assert "/sipekerja/pk/jabatan" not in bidang
    assert client_as("ppik").get(f"{URL}/{_pk_id(app, 'Kepala Bidang Mutasi')}").status_code == 403
    assert client_as("ppik").get(f"{URL}/{_pk_id(app, 'Kepala Badan')}").status_code == 200
    assert client_as("pimpinan").get(f"{URL}/{_pk_id(app, 'Kepala Bidang Mutasi')}").status_code == 200


def test_pk_page_shows_the_document_and_downloads_read_back(client_as, app):
    pk_id = _pk_id(app, "Kepala Badan")
    client = client_as("pimpinan")
    page = client.get(f"{URL}/{pk_id}").get_data(as_text=True)
    assert "PERJANJIAN KINERJA TAHUN 2024" in page and "Bupati Paser" in page and "PIHAK KEDUA" in page
    assert "Sasaran Strategis" in page and "0,75 Indeks" in page and "Jumlah" in page
    assert 'action="/sipekerja/pk/' not in page.split("Indikator dan kaskade")[1]  # Pimpinan reads only
    pdf = client.get(f"{URL}/{pk_id}/pdf?ukuran=F4")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]
    teks = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "PERJANJIAN KINERJA TAHUN 2024" in teks and "H. Muhammad Syahrani" in teks
    assert client.get(f"{URL}/{pk_id}/pdf?ukuran=A3").status_code == 400
    xlsx = client.get(f"{URL}/{pk_id}/xlsx")
    assert load_workbook(io.BytesIO(xlsx.data)).sheetnames == ["Perjanjian Kinerja", "Lampiran"]
    assert not re.search(r'\sstyle="', page)


def test_utama_builds_a_pk_with_a_cascade_link(client_as, app):
    client = client_as("utama")
    mutasi = _jabatan_id(app, "Kepala Bidang Mutasi")
    r = client.post(f"{URL}/jabatan?tahun=2024", data={
        "nama": "Kepala Sub Bidang Kepangkatan", "parent_id": str(mutasi), "unit_kerja_id": "0", "urutan": "9",
        "pemegang_nama": "Rina Marlina, S.E.", "pemegang_nip": "19900321 201503 2 004",
        "pemegang_pangkat": "Penata (III/c)"})
    assert r.status_code == 302, _flash(client)
    baru = _jabatan_id(app, "Kepala Sub Bidang Kepangkatan")
    r = client.post(f"{URL}/jabatan/{baru}/pk", data={"tanggal": "2024-02-01"})
    assert r.status_code == 302
    pk_id = _pk_id(app, "Kepala Sub Bidang Kepangkatan")
    assert client.post(f"{URL}/{pk_id}/sasaran", data={"uraian": "Tertibnya layanan kenaikan pangkat"}).status_code \
        == 302
    with app.app_context():
        sasaran = db.session.execute(select(SasaranPK.id).filter_by(pk_id=pk_id)).scalar_one()
        satuan = db.session.execute(select(Satuan.id).filter_by(nama="Persen")).scalar_one()
        induk = db.session.execute(select(IndikatorPK.id).filter_by(
            uraian="Persentase Usulan Mutasi yang Diselesaikan Tepat Waktu")).scalar_one()
    data = {"sasaran_id": str(sasaran), "uraian": "Persentase SK KP Terbit Tepat Waktu", "satuan_id": str(satuan),
            "target": "90–95", "indikator_id": "0", "induk_id": str(induk)}
    assert client.post(f"{URL}/{pk_id}/indikator", data=data).status_code == 302
    assert client.post(f"{URL}/{pk_id}/program", data={"node_id": "0", "uraian": "Kegiatan Kenaikan Pangkat",
                                                        "anggaran": "12.500.000", "keterangan": "APBD"}).status_code \
        == 302
    page = client.get(f"{URL}/{pk_id}").get_data(as_text=True)
    assert "Rina Marlina, S.E." in page and "Nur Aini, S.H." in page  # pihak kedua: the Kabid
    assert "90–95 Persen" in page and "12.500.000" in page
    pohon = client.get(f"{URL}/pohon?tahun=2024").get_data(as_text=True)
    assert "Persentase SK KP Terbit Tepat Waktu" in pohon


def test_bad_input_saves_nothing_and_says_why(client_as, app):
    client = client_as("utama")
    sebelum = (_jumlah(app, Jabatan), _jumlah(app, PerjanjianKinerja), _jumlah(app, IndikatorPK))
    kepala = _jabatan_id(app, "Kepala Badan")
    # A bad NIP.
    r = client.post(f"{URL}/jabatan?tahun=2024", data={"nama": "Kasubbag Umum", "parent_id": str(kepala),
                                                       "unit_kerja_id": "0", "pemegang_nama": "X",
                                                       "pemegang_nip": "1234"})
    assert r.status_code == 422 and "NIP harus 18 digit" in r.get_data(as_text=True)
    # A vacant position gets no PK.
    assert client.post(f"{URL}/jabatan?tahun=2024", data={"nama": "Kasubbag Umum", "parent_id": str(kepala),
                                                          "unit_kerja_id": "0"}).status_code == 302
    kosong = _jabatan_id(app, "Kasubbag Umum")
    r = client.post(f"{URL}/jabatan/{kosong}/pk", data={})
    assert r.status_code == 303 and any("belum memiliki pemegang" in p for p in _flash(client))
    # The head's position under its own subordinate: a cycle.
    sik = _jabatan_id(app, "Subkoordinator")
    with app.app_context():
        versi = db.session.get(Jabatan, kepala).version
    r = client.post(f"{URL}/jabatan/{kepala}", data={"nama": "Kepala Badan X", "parent_id": str(sik),
                                                     "unit_kerja_id": "0", "versi": str(versi)})
    assert r.status_code == 422 and "lingkaran" in r.get_data(as_text=True)
    # A cascade link sideways (a Kabid indicator supporting another Kabid's).
    pk_mutasi = _pk_id(app, "Kepala Bidang Mutasi")
    with app.app_context():
        ind = db.session.execute(select(IndikatorPK).filter_by(pk_id=pk_mutasi)).scalars().first()
        lain = db.session.execute(select(IndikatorPK.id).filter_by(
            uraian="Persentase Data Kepegawaian yang Mutakhir")).scalar_one()
        data = {"sasaran_id": str(ind.sasaran_pk_id), "uraian": ind.uraian, "satuan_id": str(ind.satuan_id),
                "target": "90", "indikator_id": "0", "induk_id": str(lain), "versi": str(ind.version)}
        induk_lama = ind.induk_id
    r = client.post(f"{URL}/indikator/{ind.id}", data=data)
    assert r.status_code == 422  # not among the choices: only positions above are offered
    assert "Pilihan tidak valid" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(IndikatorPK, ind.id).induk_id == induk_lama
        assert db.session.get(Jabatan, kepala).parent_id is None
    assert (_jumlah(app, Jabatan), _jumlah(app, PerjanjianKinerja), _jumlah(app, IndikatorPK)) == \
        (sebelum[0] + 1, sebelum[1], sebelum[2])


def test_writes_are_the_pengguna_utamas_alone(client_as, app):
    pk_id = _pk_id(app, "Kepala Bidang Pengadaan")
    for key in ("ppik", "pimpinan"):
        sebelum = _jumlah(app, SasaranPK), _jumlah(app, ProgramPK)
        assert client_as(key).post(f"{URL}/{pk_id}/sasaran", data={"uraian": "Sasaran"}).status_code == 403
        assert client_as(key).post(f"{URL}/{pk_id}/program", data={"uraian": "X"}).status_code == 403
        assert (_jumlah(app, SasaranPK), _jumlah(app, ProgramPK)) == sebelum


def test_pohon_shows_the_cascade_with_capaian_equal_to_the_domain(client_as, app, demo):
    page = client_as("utama").get(f"{URL}/pohon?tahun=2024&periode=tw1").get_data(as_text=True)
    assert "Pohon Kinerja" in page and "Triwulan I 2024" in page
    with app.app_context():
        from sipekerja_module.models import PerangkatDaerah
        pd = db.session.execute(select(PerangkatDaerah)).scalar_one()
        data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=demo.tahun)
        hasil = hitung_pengukuran(data, Periode.triwulanan(1), load_skala_aktif())
        per_uraian = {i.uraian: hasil.per_indikator[i.id] for i in data.indikator}
        pk = {i.uraian: i.id for i in db.session.execute(select(IndikatorPK)).scalars()}
    for uraian in ("Indeks Sistem Merit", "Persentase Data Kepegawaian yang Mutakhir",
                   "Jumlah Laporan Pengelolaan Sistem Informasi Kepegawaian"):
        node = re.search(rf'data-node="{pk[uraian]}".*?data-capaian>([^<]*)<', page, re.S).group(1)
        assert node == persen(per_uraian[uraian].capaian_sd), uraian
    # The unlinked Kabid PPIK indicator shows the mean of its two supporting sub kegiatan outputs.
    anak = [per_uraian[u].capaian_sd for u in ("Jumlah Laporan Pengelolaan Sistem Informasi Kepegawaian",
                                               "Jumlah Dokumen Hasil Pengelolaan Data Kepegawaian")]
    rata = re.search(rf'data-node="{pk["Persentase Layanan Informasi Kepegawaian Berbasis Aplikasi"]}".*?'
                     r'data-capaian>([^<]*)<.*?data-sumber="([a-z_]*)"', page, re.S)
    assert rata.group(1) == persen(sum(anak) / 2) and rata.group(2) == "rata_rata"
    assert 'data-bagian="peringatan"' not in page  # the demo's cascade is complete


def test_pohon_lists_orphans_and_iku_without_support(client_as, app):
    with app.app_context():
        lepas = db.session.execute(select(IndikatorPK).filter_by(uraian="Persentase Pelanggaran Disiplin ASN")
                                   ).scalar_one()
        iku = lepas.induk_id
        lepas.induk_id = None
        db.session.commit()
        lepas_id = lepas.id
    page = client_as("utama").get(f"{URL}/pohon?tahun=2024").get_data(as_text=True)
    assert f'data-yatim="{lepas_id}"' in page and f'data-iku-tanpa-dukungan="{iku}"' in page
    assert "tidak mendukung indikator atasan mana pun" in page and "belum didukung indikator mana pun" in page
    # A Bidang sees the tree of the agency and its own unit only.
    bidang = client_as("ppik").get(f"{URL}/pohon?tahun=2024").get_data(as_text=True)
    assert "Persentase Data Kepegawaian yang Mutakhir" in bidang
    assert "Persentase Usulan Mutasi" not in bidang and f'data-yatim="{lepas_id}"' not in bidang


def test_pages_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as, demo):
    client = client_as("utama")
    urls = [f"{URL}/?tahun=2024", f"{URL}/{_pk_id(app, 'Kepala Badan')}", f"{URL}/{_pk_id(app, 'Subkoordinator')}",
            f"{URL}/pohon?tahun=2024&periode=tw2", f"{URL}/{_pk_id(app, 'Sekretaris')}/pdf",
            f"{URL}/{_pk_id(app, 'Sekretaris')}/xlsx"]
    assert_kueri_tetap(app, client, urls, lambda s: (_perbesar(s, kali=9), _perbesar_pk(s, kali=9)), batas=30)


def _perbesar_pk(session, kali: int) -> None:
    """Copy every PK indicator (with its plan and cascade links) ``kali`` times."""
    for i in range(kali):
        for ind in session.execute(select(IndikatorPK).where(~IndikatorPK.uraian.contains(" #"))).scalars().all():
            session.add(IndikatorPK(pk_id=ind.pk_id, sasaran_pk_id=ind.sasaran_pk_id, uraian=f"{ind.uraian} #{i}",
                                    satuan_id=ind.satuan_id, target_nilai=ind.target_nilai,
                                    indikator_id=ind.indikator_id, induk_id=ind.induk_id, urutan=ind.urutan))
    session.flush()
