"""XLSX round trip of a unit's targets: template, fill, upload; all or nothing, every bad cell reported."""

from datetime import datetime
from datetime import timezone
from decimal import Decimal as D
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.rencana import RencanaTerkunci
from sipekerja_module.models import AuditLog
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import TargetAnggaran
from sipekerja_module.models import TargetKinerja
from sipekerja_module.services import perencanaan as svc
from sipekerja_module.services.target_xlsx import ImporTargetGagal
from sipekerja_module.services.target_xlsx import KesalahanSel
from sipekerja_module.services.target_xlsx import build_template_target
from sipekerja_module.services.target_xlsx import import_target_xlsx
from tests import factories as f

KINERJA, ANGGARAN = "Target Kinerja", "Target Anggaran"
BULAN_KINERJA = "IJKLMNOPQRST"  # Januari..Desember on the Target Kinerja sheet
BULAN_ANGGARAN = "FGHIJKLMNOPQ"  # Januari..Desember on the Target Anggaran sheet


@pytest.fixture
def plan(session):
    pd = f.create_perangkat_daerah()
    unit = f.create_unit(pd)
    tahun = f.create_tahun()
    satuan = f.create_satuan()
    f.create_nomenklatur()
    utama = f.create_pengguna()
    sasaran = svc.create_sasaran(perangkat_daerah=pd, tahun=tahun, kode="S1",
                                 uraian="Meningkatnya Kualitas Tata Kelola Manajemen ASN", oleh=utama)
    sub = svc.add_node(tahun=tahun, unit_kerja=unit, kode="5.03.02.2.01.0010", sasaran=sasaran, oleh=utama)
    jumlah = svc.create_indikator(induk=sub, uraian="Jumlah Dokumen Sistem Informasi", satuan=satuan,
                                  polaritas=Polaritas.POSITIF, agregasi=Agregasi.KUMULATIF,
                                  target=Target.tunggal(D(12)), oleh=utama)
    persen = svc.create_indikator(induk=sub.parent, uraian="Persentase Kenaikan Pangkat Tepat Waktu",
                                  satuan=f.create_satuan("Persen"), polaritas=Polaritas.POSITIF,
                                  agregasi=Agregasi.NILAI_AKHIR, target=Target.rentang(D(80), D(90)), oleh=utama)
    return {"pd": pd, "unit": unit, "tahun": tahun, "satuan": satuan, "utama": utama, "sasaran": sasaran,
            "sub": sub, "jumlah": jumlah, "persen": persen}


def _template(plan) -> bytes:
    return build_template_target(unit_kerja=plan["unit"], tahun=plan["tahun"])


def _rows(book, sheet: str) -> dict[str, int]:
    """uraian/kode of each data row -> row number."""
    ws = book[sheet]
    return {(ws.cell(r, 5).value if sheet == KINERJA else ws.cell(r, 3).value): r for r in range(3, ws.max_row + 1)}


def _fill(content: bytes, edits: dict[tuple[str, str], object]) -> bytes:
    """Edit cells of a downloaded template as a user would: {(sheet, "J4"): value}."""
    book = load_workbook(BytesIO(content))
    for (sheet, cell), value in edits.items():
        book[sheet][cell] = value
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _import(plan, content: bytes):
    return import_target_xlsx(stream=BytesIO(content), unit_kerja=plan["unit"], tahun=plan["tahun"],
                              oleh=plan["utama"])


def _targets(session, indikator) -> dict[int, D | None]:
    return dict(session.execute(
        select(TargetKinerja.bulan, TargetKinerja.nilai).filter_by(indikator_id=indikator.id)).all())


def _snapshot(session):
    """Everything an upload could write: target rows with versions, indicator and node versions, pagu."""
    return (
        sorted(session.execute(select(TargetKinerja.indikator_id, TargetKinerja.bulan, TargetKinerja.nilai,
                                      TargetKinerja.version)).all()),
        sorted(session.execute(select(TargetAnggaran.node_id, TargetAnggaran.bulan, TargetAnggaran.nilai,
                                      TargetAnggaran.version)).all()),
        sorted(session.execute(select(Indikator.id, Indikator.version)).all()),
        sorted(session.execute(select(NodeRencana.id, NodeRencana.version, NodeRencana.pagu)).all()),
        session.execute(select(func.count()).select_from(AuditLog)).scalar_one(),
    )


def test_template_lists_indicators_and_sub_kegiatan_with_current_values(session, plan):
    svc.save_target_kinerja(indikator=plan["jumlah"], nilai_bulanan={b: D(1) for b in range(1, 13)},
                            versi=plan["jumlah"].version, oleh=None)
    svc.save_anggaran(node=plan["sub"], pagu=D("1234567.89"), nilai_bulanan={1: D("1000.50")},
                      versi=plan["sub"].version, oleh=None)
    book = load_workbook(BytesIO(_template(plan)))
    assert book.sheetnames == [KINERJA, ANGGARAN, "Petunjuk"]
    ws = book[KINERJA]
    assert [c.value for c in ws[2]][:9] == [
        "ID", "Versi", "Kode", "Nama Program/Kegiatan/Sub Kegiatan", "Uraian Indikator", "Satuan", "Agregasi",
        "Target Tahunan", "Januari"]
    assert ws["T2"].value == "Desember" and ws.freeze_panes == "E3"
    assert ws.column_dimensions["A"].hidden and ws.protection.sheet
    rows = _rows(book, KINERJA)
    r = rows["Jumlah Dokumen Sistem Informasi"]
    assert ws[f"A{r}"].value == plan["jumlah"].id and ws[f"B{r}"].value == plan["jumlah"].version
    assert ws[f"H{r}"].value == 12 and ws[f"I{r}"].value == 1 and isinstance(ws[f"T{r}"].value, (int, float))
    assert ws[f"H{rows['Persentase Kenaikan Pangkat Tepat Waktu']}"].value == "80\u201390"
    wa = book[ANGGARAN]
    r = _rows(book, ANGGARAN)["5.03.02.2.01.0010"]
    assert wa[f"E{r}"].value == 1234567.89 and wa[f"F{r}"].value == 1000.5 and wa[f"G{r}"].value is None
    assert "Petunjuk" in book["Petunjuk"]["A1"].value


def test_round_trip_saves_what_was_filled(session, plan):
    content = _template(plan)
    book = load_workbook(BytesIO(content))
    rk, ra = _rows(book, KINERJA), _rows(book, ANGGARAN)
    rj, rp = rk["Jumlah Dokumen Sistem Informasi"], rk["Persentase Kenaikan Pangkat Tepat Waktu"]
    rs = ra["5.03.02.2.01.0010"]
    edits = {(KINERJA, f"{kol}{rj}"): 1 for kol in BULAN_KINERJA}
    edits[(KINERJA, f"I{rj}")] = 0.5  # a decimal typed as a number
    edits[(KINERJA, f"J{rj}")] = "1,5"  # the same month sum, typed as Indonesian text
    edits[(KINERJA, f"N{rp}")] = "42,5"
    edits[(KINERJA, f"T{rp}")] = 85
    edits[(ANGGARAN, f"E{rs}")] = "1.234.567,89"
    edits[(ANGGARAN, f"F{rs}")] = 200000.25
    edits[(ANGGARAN, f"Q{rs}")] = "34.567,64"
    hasil = _import(plan, _fill(content, edits))

    assert (hasil.jumlah_indikator, hasil.jumlah_sub_kegiatan, hasil.jumlah_berubah) == (2, 1, 3)
    jumlah = _targets(session, plan["jumlah"])
    assert jumlah[1] == D("0.5") and jumlah[2] == D("1.5") and jumlah[12] == D(1)
    assert sum(jumlah.values()) == D(12)
    persen = _targets(session, plan["persen"])
    assert persen[6] == D("42.5") and persen[12] == D(85) and persen[1] is None
    assert plan["sub"].pagu == D("1234567.89")
    anggaran = dict(session.execute(select(TargetAnggaran.bulan, TargetAnggaran.nilai)).all())
    assert anggaran[1] == D("200000.25") and anggaran[12] == D("34567.64") and anggaran[6] is None
    assert session.execute(select(func.count()).select_from(AuditLog).filter(
        AuditLog.aksi.in_(("ubah_target_kinerja", "ubah_anggaran")))).scalar_one() == 3

    # Downloading again and uploading unchanged writes nothing and leaves no audit noise.
    sebelum = _snapshot(session)
    hasil = _import(plan, _template(plan))
    assert hasil.jumlah_berubah == 0 and _snapshot(session) == sebelum


def test_every_bad_cell_is_reported_and_nothing_is_written(session, plan):
    svc.save_target_kinerja(indikator=plan["jumlah"], nilai_bulanan={12: D(12)}, versi=plan["jumlah"].version,
                            oleh=None)
    content = _template(plan)
    book = load_workbook(BytesIO(content))
    rk, ra = _rows(book, KINERJA), _rows(book, ANGGARAN)
    rj, rp = rk["Jumlah Dokumen Sistem Informasi"], rk["Persentase Kenaikan Pangkat Tepat Waktu"]
    rs = ra["5.03.02.2.01.0010"]
    sebelum = _snapshot(session)
    bad = _fill(content, {
        (KINERJA, f"I{rj}"): "dua belas",  # garbage
        (KINERJA, f"J{rj}"): "12.5",  # English decimal notation
        (KINERJA, f"K{rp}"): -3,  # negative
        (ANGGARAN, f"E{rs}"): 100,  # pagu
        (ANGGARAN, f"F{rs}"): 60,
        (ANGGARAN, f"G{rs}"): "50,001",  # more decimals than Rupiah have
        (ANGGARAN, f"H{rs}"): "-1.000",  # negative, in a row that has another bad cell
    })
    with pytest.raises(ImporTargetGagal) as info:
        _import(plan, bad)
    alamat = {(k.sheet, k.baris, k.kolom) for k in info.value.kesalahan}
    assert alamat == {(KINERJA, rj, "I"), (KINERJA, rj, "J"), (KINERJA, rp, "K"), (ANGGARAN, rs, "G"),
                      (ANGGARAN, rs, "H")}
    pesan = {(k.baris, k.kolom): k.pesan for k in info.value.kesalahan}
    assert "koma untuk desimal" in pesan[(rj, "J")] and "negatif" in pesan[(rp, "K")]
    assert "5 kesalahan" in info.value.pesan and "Tidak ada data yang disimpan" in info.value.pesan
    assert not info.value.ada_konflik
    assert _snapshot(session) == sebelum

    # Readable numbers that break the grid rules (checked once a row's cells are readable): a month
    # rule addresses the month, a whole-row rule the annual target or pagu column.
    over = _fill(content, {(KINERJA, f"I{rj}"): 5, (KINERJA, f"T{rp}"): 95, (ANGGARAN, f"E{rs}"): 100,
                           (ANGGARAN, f"F{rs}"): 60, (ANGGARAN, f"G{rs}"): "50"})
    with pytest.raises(ImporTargetGagal) as info:
        _import(plan, over)
    kesalahan = {(k.sheet, k.baris, k.kolom): k.pesan for k in info.value.kesalahan}
    assert "Jumlah target bulanan" in kesalahan[(KINERJA, rj, "H")]
    assert "Desember harus sama" in kesalahan[(KINERJA, rp, "T")]
    assert "melebihi pagu" in kesalahan[(ANGGARAN, rs, "E")] and len(kesalahan) == 3
    assert str(KesalahanSel(KINERJA, rj, "H", "x")) == f"Target Kinerja, baris {rj}, kolom H: x"
    assert _snapshot(session) == sebelum


def test_a_row_of_another_unit_is_refused_and_nothing_written(session, plan):
    lain = f.create_unit(plan["pd"], kode="BKPSDM-SEKRE", nama="Sekretariat", jenis="sekretariat")
    sub_lain = svc.add_node(tahun=plan["tahun"], unit_kerja=lain, kode="5.03.02.2.02.0002", sasaran=None, oleh=None)
    ind_lain = svc.create_indikator(induk=sub_lain, uraian="Jumlah ASN Naik Pangkat", satuan=plan["satuan"],
                                    polaritas=Polaritas.POSITIF, agregasi=Agregasi.KUMULATIF,
                                    target=Target.tunggal(D(12)), oleh=None)
    content = _template(plan)
    book = load_workbook(BytesIO(content))
    rj = _rows(book, KINERJA)["Jumlah Dokumen Sistem Informasi"]
    rs = _rows(book, ANGGARAN)["5.03.02.2.01.0010"]
    sebelum = _snapshot(session)
    # Valid values everywhere: only the ids are foreign (another unit's indicator and sub kegiatan).
    edits = {(KINERJA, f"A{rj}"): ind_lain.id, (KINERJA, f"B{rj}"): ind_lain.version,
             (KINERJA, f"T{rj}"): 12, (ANGGARAN, f"A{rs}"): sub_lain.id, (ANGGARAN, f"E{rs}"): 10}
    with pytest.raises(ImporTargetGagal) as info:
        _import(plan, _fill(content, edits))
    assert {(k.sheet, k.baris, k.kolom) for k in info.value.kesalahan} == {(KINERJA, rj, "A"), (ANGGARAN, rs, "A")}
    assert all("bukan milik unit kerja" in k.pesan for k in info.value.kesalahan)
    assert _snapshot(session) == sebelum and _targets(session, ind_lain) == {}


def test_outdated_file_is_a_conflict_per_row(session, plan):
    content = _template(plan)  # downloaded before someone else saves the indicator
    svc.save_target_kinerja(indikator=plan["jumlah"], nilai_bulanan={12: D(12)}, versi=plan["jumlah"].version,
                            oleh=None)
    book = load_workbook(BytesIO(content))
    rj = _rows(book, KINERJA)["Jumlah Dokumen Sistem Informasi"]
    rp = _rows(book, KINERJA)["Persentase Kenaikan Pangkat Tepat Waktu"]
    sebelum = _snapshot(session)
    edits = {(KINERJA, f"I{rj}"): 12, (KINERJA, f"T{rp}"): 85}
    with pytest.raises(ImporTargetGagal) as info:
        _import(plan, _fill(content, edits))
    assert info.value.ada_konflik
    [konflik] = info.value.kesalahan  # the untouched-by-others row would have been fine
    assert (konflik.sheet, konflik.baris, konflik.kolom) == (KINERJA, rj, "B")
    assert "diubah oleh pengguna lain" in konflik.pesan
    assert _snapshot(session) == sebelum
    assert _targets(session, plan["jumlah"])[12] == D(12)


def test_locked_plan_propagates(session, plan):
    content = _template(plan)
    rj = _rows(load_workbook(BytesIO(content)), KINERJA)["Jumlah Dokumen Sistem Informasi"]
    rencana = svc.get_or_create_rencana(perangkat_daerah_id=plan["pd"].id, tahun_id=plan["tahun"].id)
    svc.tetapkan_rencana(rencana=rencana, oleh=plan["utama"], now=datetime(2024, 1, 15, tzinfo=timezone.utc))
    with pytest.raises(RencanaTerkunci):
        _import(plan, _fill(content, {(KINERJA, f"T{rj}"): 12}))
    assert _targets(session, plan["jumlah"]) == {}


@pytest.mark.parametrize("content", [b"", b"kode,nama\n1,a\n", b"PK\x03\x04 not really a zip",
                                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)])
def test_non_xlsx_upload_gives_a_clear_message(session, plan, content):
    with pytest.raises(ImporTargetGagal, match=r"bukan buku kerja Excel \(\.xlsx\)") as info:
        _import(plan, content)
    assert info.value.kesalahan == []


def test_foreign_workbook_reports_missing_sheets_and_changed_titles(session, plan):
    book = load_workbook(BytesIO(_template(plan)))
    book[KINERJA]["I2"] = "Jan"
    del book[ANGGARAN]
    out = BytesIO()
    book.save(out)
    with pytest.raises(ImporTargetGagal) as info:
        _import(plan, out.getvalue())
    assert {(k.sheet, k.baris, k.kolom) for k in info.value.kesalahan} == {(KINERJA, 2, "I"), (ANGGARAN, None, None)}


def test_template_uses_a_bounded_number_of_queries(session, plan):
    # Twenty more indicators and another sub kegiatan: still four queries, rows are loaded in bulk.
    for nomor in range(20):
        svc.create_indikator(induk=plan["sub"], uraian=f"Indikator {nomor}", satuan=plan["satuan"],
                             polaritas=Polaritas.POSITIF, agregasi=Agregasi.KUMULATIF,
                             target=Target.tunggal(D(12)), oleh=None)
    svc.add_node(tahun=plan["tahun"], unit_kerja=plan["unit"], kode="5.03.02.2.02.0002", sasaran=None, oleh=None)
    session.flush()
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        content = _template(plan)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) <= 4, statements
    assert len(_rows(load_workbook(BytesIO(content)), KINERJA)) == 22


def test_spreadsheet_and_grid_share_one_precision_rule_trailing_zeros_fit(session, plan):
    """Regression (issue 12): the grid accepted ``1,50000`` while the import refused it; both now
    apply ``domain.angka.periksa_kolom``, where trailing zeros lose nothing."""
    content = _template(plan)
    rp = _rows(load_workbook(BytesIO(content)), KINERJA)["Persentase Kenaikan Pangkat Tepat Waktu"]
    _import(plan, _fill(content, {(KINERJA, f"T{rp}"): "85,50000"}))
    assert _targets(session, plan["persen"])[12] == D("85.5")
    with pytest.raises(ImporTargetGagal) as info:
        _import(plan, _fill(_template(plan), {(KINERJA, f"T{rp}"): "85,00001"}))
    assert any("paling banyak 4 angka di belakang koma" in k.pesan for k in info.value.kesalahan)
