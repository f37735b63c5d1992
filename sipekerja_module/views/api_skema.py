"""The OpenAPI description of the JSON API: marshmallow schemas of every response, turned into an
OpenAPI 3.1 document by apispec (its Flask plugin reads each path from the app's URL map, so the
document follows the blueprint wherever the host mounts it).

The schemas document; the views build plain dicts (a kabupaten-scale plan is ~50,000 monthly
cells, and dumping through marshmallow would cost more than measuring). The schema-driven test
(``tests/web/fitur/test_api_skema.py``, schemathesis) holds the two together: every response must
validate against this document. ``additionalProperties`` is false everywhere.

Numbers are JSON strings in canonical decimal form (no float, no exponent, no trailing zeros:
``"1500000"``, ``"107.14"``, ``"0.5"``): see :data:`POLA_ANGKA`.
"""

from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin
from marshmallow import Schema
from marshmallow import fields
from marshmallow import validate

#: Canonical decimal: an optional minus, no leading zeros, no trailing fractional zeros.
POLA_ANGKA = r"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"
#: ISO 8601 with the WITA offset (``2024-07-31T23:59:59+08:00``).
POLA_WAKTU = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"
KODE_PERIODE = tuple([f"b{b}" for b in range(1, 13)] + [f"tw{t}" for t in range(1, 5)] + ["tahun"])


def Angka(**kw) -> fields.String:  # noqa: N802 - reads as a field type
    """A decimal number as a canonical string."""
    metadata = {"pattern": POLA_ANGKA, **kw.pop("metadata", {})}
    return fields.String(validate=validate.Regexp(POLA_ANGKA), metadata=metadata, **kw)


def AngkaNull(**kw) -> fields.String:  # noqa: N802
    """A decimal number as a canonical string, or null (no figure)."""
    return Angka(allow_none=True, required=True, **kw)


class GalatIsiSchema(Schema):
    kode = fields.Integer(required=True, metadata={"description": "Status HTTP"})
    pesan = fields.String(required=True, metadata={"description": "Alasan, dalam Bahasa Indonesia"})


class GalatResponSchema(Schema):
    galat = fields.Nested(GalatIsiSchema, required=True)


class RingkasSchema(Schema):
    id = fields.Integer(required=True)
    kode = fields.String(required=True)
    nama = fields.String(required=True)


class MetaSchema(Schema):
    perangkat_daerah = fields.Nested(RingkasSchema, required=True)
    tahun = fields.Integer(required=True)
    unit = fields.Nested(RingkasSchema, allow_none=True, required=True,
                         metadata={"description": "Unit yang diminta; null = seluruh perangkat daerah"})
    hanya_terverifikasi = fields.Boolean(required=True, metadata={
        "description": "true: hanya realisasi bulan yang triwulannya Terverifikasi (angka resmi)"})
    dibuat_pada = fields.String(required=True, metadata={"pattern": POLA_WAKTU, "format": "date-time"})


class TargetSchema(Schema):
    """A single target (``nilai``) or a range (``bawah``–``atas``)."""

    nilai = AngkaNull()
    bawah = AngkaNull()
    atas = AngkaNull()


class TahunSchema(Schema):
    tahun = fields.Integer(required=True)
    aktif = fields.Boolean(required=True)


class DaftarTahunSchema(Schema):
    tahun = fields.List(fields.Nested(TahunSchema), required=True)


class UnitSchema(Schema):
    id = fields.Integer(required=True)
    kode = fields.String(required=True)
    nama = fields.String(required=True)
    jenis = fields.String(required=True)


class DaftarUnitSchema(Schema):
    perangkat_daerah = fields.Nested(RingkasSchema, required=True)
    unit = fields.List(fields.Nested(UnitSchema), required=True)


class IndikatorSchema(Schema):
    id = fields.Integer(required=True)
    uraian = fields.String(required=True)
    satuan = fields.String(required=True)
    polaritas = fields.String(required=True, validate=validate.OneOf(["positif", "negatif"]))
    agregasi = fields.String(required=True, validate=validate.OneOf(["kumulatif", "nilai_akhir", "rata_rata"]))
    rumus_negatif = fields.String(required=True, validate=validate.OneOf(["selisih", "rasio"]))
    target_tahunan = fields.Nested(TargetSchema, allow_none=True, required=True)
    iku = fields.Boolean(required=True, metadata={"description": "Indikator Kinerja Utama (pada sasaran)"})
    unit_kerja_id = fields.Integer(allow_none=True, required=True)


class SasaranSchema(Schema):
    id = fields.Integer(required=True)
    kode = fields.String(required=True)
    uraian = fields.String(required=True)
    indikator = fields.List(fields.Nested(IndikatorSchema), required=True)


class NodeSchema(Schema):
    id = fields.Integer(required=True)
    level = fields.String(required=True, validate=validate.OneOf(["program", "kegiatan", "sub_kegiatan"]))
    kode = fields.String(required=True)
    nama = fields.String(required=True)
    unit_kerja_id = fields.Integer(required=True)
    sasaran_id = fields.Integer(allow_none=True, required=True)
    pagu = AngkaNull(metadata={"description": "Pagu (Rupiah); hanya sub kegiatan"})
    indikator = fields.List(fields.Nested(IndikatorSchema), required=True)
    anak = fields.List(fields.Nested(lambda: NodeSchema()), required=True)


class RencanaSchema(Schema):
    meta = fields.Nested(MetaSchema, required=True)
    unit = fields.List(fields.Nested(UnitSchema), required=True)
    sasaran = fields.List(fields.Nested(SasaranSchema), required=True)
    program = fields.List(fields.Nested(NodeSchema), required=True,
                          metadata={"description": "Program → kegiatan → sub kegiatan (anak)"})


class TargetBulanSchema(Schema):
    bulan = fields.Integer(required=True, validate=validate.Range(1, 12))
    target = fields.Nested(TargetSchema, required=True)


class TargetKinerjaSchema(Schema):
    indikator_id = fields.Integer(required=True)
    bulanan = fields.List(fields.Nested(TargetBulanSchema), required=True)


class NilaiBulanSchema(Schema):
    bulan = fields.Integer(required=True, validate=validate.Range(1, 12))
    nilai = Angka(required=True)


class TargetAnggaranSchema(Schema):
    node_id = fields.Integer(required=True)
    pagu = AngkaNull()
    bulanan = fields.List(fields.Nested(NilaiBulanSchema), required=True)


class DaftarTargetSchema(Schema):
    meta = fields.Nested(MetaSchema, required=True)
    kinerja = fields.List(fields.Nested(TargetKinerjaSchema), required=True)
    anggaran = fields.List(fields.Nested(TargetAnggaranSchema), required=True)


class RealisasiBulanSchema(Schema):
    bulan = fields.Integer(required=True, validate=validate.Range(1, 12))
    nilai = Angka(required=True)
    terverifikasi = fields.Boolean(required=True)


class RealisasiKinerjaSchema(Schema):
    indikator_id = fields.Integer(required=True)
    bulanan = fields.List(fields.Nested(RealisasiBulanSchema), required=True)


class RealisasiAnggaranSchema(Schema):
    node_id = fields.Integer(required=True)
    bulanan = fields.List(fields.Nested(RealisasiBulanSchema), required=True)


class DaftarRealisasiSchema(Schema):
    meta = fields.Nested(MetaSchema, required=True)
    kinerja = fields.List(fields.Nested(RealisasiKinerjaSchema), required=True)
    anggaran = fields.List(fields.Nested(RealisasiAnggaranSchema), required=True)


class PeriodeSchema(Schema):
    kode = fields.String(required=True, validate=validate.OneOf(KODE_PERIODE))
    label = fields.String(required=True)
    bulan_awal = fields.Integer(required=True)
    bulan_akhir = fields.Integer(required=True)


class BandSchema(Schema):
    batas_bawah = Angka(required=True)
    label = fields.String(required=True)


class SkalaSchema(Schema):
    nama = fields.String(required=True)
    band = fields.List(fields.Nested(BandSchema), required=True)
    batas_rerata = AngkaNull()


class SerapanSchema(Schema):
    pagu = AngkaNull()
    target_sd = AngkaNull()
    realisasi_sd = AngkaNull()
    persen_pagu = AngkaNull()
    persen_target_sd = AngkaNull()


class HasilIndikatorSchema(Schema):
    indikator_id = fields.Integer(required=True)
    target_sd = fields.Nested(TargetSchema, allow_none=True, required=True)
    realisasi_sd = AngkaNull()
    capaian_sd = AngkaNull(metadata={"description": "Persen, dua desimal (dibulatkan setengah ke atas)"})
    capaian_tahunan = AngkaNull()
    predikat_sd = fields.String(allow_none=True, required=True)
    predikat_tahunan = fields.String(allow_none=True, required=True)
    belum_lapor = fields.Boolean(required=True)
    data_sd = fields.Integer(allow_none=True, required=True,
                             metadata={"description": "Bulan terakhir berdata bila sebelum akhir periode"})
    belum_diverifikasi = fields.Boolean(required=True)


class HasilKelompokSchema(Schema):
    capaian_sd = AngkaNull()
    capaian_tahunan = AngkaNull()
    predikat_sd = fields.String(allow_none=True, required=True)
    predikat_tahunan = fields.String(allow_none=True, required=True)
    jumlah_indikator = fields.Integer(required=True)
    jumlah_terukur = fields.Integer(required=True)
    jumlah_belum_terukur = fields.Integer(required=True)
    serapan = fields.Nested(SerapanSchema, allow_none=True, required=True)


class HasilUnitSchema(HasilKelompokSchema):
    unit_id = fields.Integer(required=True)


class HasilNodeSchema(HasilKelompokSchema):
    node_id = fields.Integer(required=True)


class CapaianSchema(Schema):
    meta = fields.Nested(MetaSchema, required=True)
    periode = fields.Nested(PeriodeSchema, required=True)
    skala = fields.Nested(SkalaSchema, required=True)
    indikator = fields.List(fields.Nested(HasilIndikatorSchema), required=True)
    node = fields.List(fields.Nested(HasilNodeSchema), required=True)
    unit = fields.List(fields.Nested(HasilUnitSchema), required=True)
    total = fields.Nested(HasilKelompokSchema, required=True)


_P_TAHUN = {"name": "tahun", "in": "query", "required": False,
            "description": "Tahun anggaran (bawaan: tahun aktif terakhir)",
            "schema": {"type": "integer", "minimum": 2000, "maximum": 2100}}
_P_UNIT = {"name": "unit", "in": "query", "required": False,
           "description": "Id unit kerja (Sekretariat/Bidang: bawaan dan satu-satunya pilihan adalah unitnya sendiri)",
           "schema": {"type": "integer", "minimum": 1}}
_P_PD = {"name": "perangkat_daerah", "in": "query", "required": False,
         "description": "Id perangkat daerah: akun tingkat kabupaten memilihnya; akun lain hanya miliknya sendiri",
         "schema": {"type": "integer", "minimum": 1}}
_P_VERIF = {"name": "termasuk_belum_diverifikasi", "in": "query", "required": False,
            "description": "1: sertakan realisasi yang triwulannya belum Terverifikasi (bawaan 0: angka resmi saja)",
            "schema": {"type": "string", "enum": ["0", "1"]}}
_P_PERIODE = {"name": "periode", "in": "query", "required": False,
              "description": "b1..b12 (bulan), tw1..tw4 (triwulan) atau tahun (bawaan)",
              "schema": {"type": "string", "enum": list(KODE_PERIODE)}}

#: endpoint (without the blueprint prefix) → (summary, parameters, response schema).
OPERASI: dict[str, tuple[str, tuple[dict, ...], str]] = {
    "tahun": ("Tahun anggaran", (), "DaftarTahun"),
    "unit": ("Unit kerja yang boleh dilihat", (_P_PD,), "DaftarUnit"),
    "rencana": ("Rencana: sasaran dan IKU, program → kegiatan → sub kegiatan dengan indikator",
                (_P_TAHUN, _P_UNIT, _P_PD), "Rencana"),
    "target": ("Target kinerja dan anggaran per bulan", (_P_TAHUN, _P_UNIT, _P_PD), "DaftarTarget"),
    "realisasi": ("Realisasi kinerja dan anggaran per bulan", (_P_TAHUN, _P_UNIT, _P_PD, _P_VERIF),
                  "DaftarRealisasi"),
    "capaian": ("Capaian dan predikat per periode (indikator, node, unit, total)",
                (_P_TAHUN, _P_UNIT, _P_PD, _P_PERIODE, _P_VERIF), "Capaian"),
}

SKEMA = {
    "Galat": GalatResponSchema, "DaftarTahun": DaftarTahunSchema, "DaftarUnit": DaftarUnitSchema,
    "Rencana": RencanaSchema, "DaftarTarget": DaftarTargetSchema, "DaftarRealisasi": DaftarRealisasiSchema,
    "Capaian": CapaianSchema,
}

_GALAT = {
    "400": "Parameter tidak valid", "401": "Belum masuk, atau token tidak dikenal, dicabut atau kedaluwarsa",
    "403": "Peran atau unit di luar jangkauan Anda", "404": "Tahun atau unit tidak ditemukan",
    "429": "Terlalu banyak permintaan",
}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def buat_spesifikasi(app, prefix: str) -> dict:
    """Build the OpenAPI document of the API blueprint registered as ``prefix`` (needs an app context).

    :param app: the Flask app (its URL map gives each path).
    :param prefix: the blueprint's endpoint prefix, e.g. ``sipekerja.api``.
    :return: the document as a dict.
    """
    spec = APISpec(
        title="SI PEKERJA API", version="1", openapi_version="3.1.0",
        plugins=[FlaskPlugin(), MarshmallowPlugin()],
        info={"description": "API baca-saja SI PEKERJA: rencana, target, realisasi, capaian dan predikat. "
                             "Masuk dengan sesi SIPEKERJA atau token API pribadi (Authorization: Bearer)."},
    )
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer",
                                              "description": "Token API pribadi (menu Token API)"})
    spec.components.security_scheme("sesi", {"type": "apiKey", "in": "cookie", "name": app.config.get(
        "SESSION_COOKIE_NAME", "session")})
    for nama, skema in SKEMA.items():
        spec.components.schema(nama, schema=skema)
    for endpoint, (ringkas, parameter, skema) in OPERASI.items():
        responses = {"200": {"description": "Berhasil", "content": _json(skema)}}
        responses.update({kode: {"description": teks, "content": _json("Galat")} for kode, teks in _GALAT.items()})
        spec.path(view=app.view_functions[f"{prefix}.{endpoint}"], app=app, operations={"get": {
            "summary": ringkas, "operationId": endpoint, "parameters": list(parameter),
            "security": [{"token": []}, {"sesi": []}], "responses": responses}})
    return spec.to_dict()
