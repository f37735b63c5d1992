"""The read-only JSON API, ``/sipekerja/api/v1/``: the plan, targets, realisasi, capaian and predikat.

Who: the signed-in session (cookie) or a personal access token (``Authorization: Bearer``,
``auth.token_api``), acting with its user's roles and unit as currently stored. The same rules as
the Pengukuran page (``domain.akses``, feature Pengukuran): Utama and Pimpinan read the whole agency
(``?unit=`` narrows), a Sekretariat/Bidang reads its own unit only (another unit: 403); a unit of
another agency or a year that does not exist: 404. A kabupaten-level account (Pimpinan without an
agency) names the agency with ``?perangkat_daerah=<id>``, as it opens one from the dashboard.
Realisasi are the verified months only (the official figures) unless ``?termasuk_belum_diverifikasi=1``
asks for every value, as the Pengukuran page shows them to everyone who may open it.

GET only: the session cookie needs no CSRF token here because nothing changes. Every refusal is JSON
``{"galat": {"kode", "pesan"}}`` in Indonesian (401 carries ``WWW-Authenticate: Bearer``). Each call
loads the plan once (``load_rencana``, eight statements) and answers from the domain. The OpenAPI
document (``views.api_skema``) is served at ``openapi.json``. Rate-limited through the host's
Flask-Limiter (``SIPEKERJA_API_RATE_LIMIT``) when it has one.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import g
from flask import jsonify
from flask import make_response
from flask import request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException

from ..auth.session import get_current_pengguna
from ..auth.token_api import TokenDitolak
from ..auth.token_api import masuk_dengan_token
from ..auth.token_api import token_diminta
from ..domain.akses import Fitur
from ..domain.akses import boleh_melihat
from ..domain.data_rencana import DataRencana
from ..domain.errors import AksesDitolak
from ..domain.errors import SipekerjaError
from ..domain.pengukuran import hitung_pengukuran
from ..domain.periode import Periode
from ..domain.periode import parse_periode
from ..extensions import db_session
from ..models import PerangkatDaerah
from ..models import Tahun
from ..models import UnitKerja
from ..queries.pengukuran import load_skala_aktif
from ..queries.referensi import get_tahun
from ..queries.referensi import list_tahun
from ..queries.referensi import list_unit_kerja
from ..queries.rencana import load_rencana
from . import api_json
from . import konteks
from .api_skema import buat_spesifikasi
from .permissions import alasan_tanpa_akses
from .permissions import subjek_pengguna

bp = Blueprint("api", __name__, url_prefix="/api/v1")
#: Endpoint prefix of this blueprint under the module's parent blueprint.
PREFIX = "sipekerja.api."
_ANGKA = re.compile(r"^[0-9]{1,18}$")


def galat(kode: int, pesan: str):
    """A JSON refusal: ``{"galat": {"kode": 404, "pesan": "..."}}`` with the status ``kode``."""
    response = make_response(jsonify(galat={"kode": kode, "pesan": pesan}), kode)
    if kode == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="sipekerja"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.before_request
def gate_api():
    """Deny by default, in JSON: a Bearer token (when sent) or the session must name a user whose
    roles open Pengukuran for their own scope. The parent gate leaves this blueprint to this one."""
    try:
        rahasia = token_diminta()
        if rahasia is not None:
            masuk_dengan_token(rahasia)
    except TokenDitolak as error:
        return galat(401, error.pesan)
    pengguna = get_current_pengguna()
    if pengguna is None:
        return galat(401, "Belum masuk. Masuk ke SIPEKERJA, atau kirim token API pribadi dalam header "
                          "\"Authorization: Bearer <token>\" (menu Token API).")
    alasan = alasan_tanpa_akses(pengguna)
    if alasan:
        return galat(403, alasan)
    subjek = subjek_pengguna(pengguna)
    if not boleh_melihat(subjek, Fitur.PENGUKURAN, subjek.unit_id):
        return galat(403, "Peran Anda tidak berhak membaca data Pengukuran Kerja.")
    g.sipekerja_subjek = subjek
    return None


def _galat_http(error: HTTPException):
    """Any HTTP error of the API as JSON: the module's own Indonesian description when it gave one
    (``abort(403, description=...)``), else an Indonesian sentence for the status."""
    kode = error.code or 500
    pesan = {400: "Permintaan tidak valid.", 403: "Akses ditolak.", 404: "Tidak ditemukan.",
             429: "Terlalu banyak permintaan dari alamat ini. Coba lagi sebentar lagi."}
    sendiri = isinstance(error.description, str) and error.description != type(error).description and kode != 429
    return galat(kode, error.description if sendiri else pesan.get(kode, error.name))


# By class and by code: a host's handler for one code (the portal's 429 page) would win over a class handler.
bp.register_error_handler(HTTPException, _galat_http)
for _kode in (400, 401, 403, 404, 429):
    bp.register_error_handler(_kode, _galat_http)


@bp.errorhandler(AksesDitolak)
def _galat_akses(error: AksesDitolak):
    return galat(403, error.pesan)


@bp.after_request
def _tanpa_cache(response):
    response.headers.setdefault("Cache-Control", "private, no-store")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- parameters --------------------------------------------------------------------------------


def _bilangan(nama: str) -> int | None:
    teks = request.args.get(nama)
    if teks is None or teks == "":
        return None
    if not _ANGKA.match(teks):
        abort(galat(400, f"Parameter {nama} harus bilangan bulat positif."))
    return int(teks)


def _tahun() -> Tahun:
    tahun = get_tahun(_bilangan("tahun"))
    if tahun is None:
        abort(galat(404, "Tahun anggaran tidak ditemukan."))
    return tahun


def _perangkat_daerah() -> PerangkatDaerah:
    """``?perangkat_daerah=`` (id): a kabupaten-level account reads any active agency with it, as it
    opens one from the dashboard; anyone else only their own (another agency: 404). Without it, the
    agency of the pages (``konteks.perangkat_daerah``)."""
    if "sipekerja_api_pd" in g:
        return g.sipekerja_api_pd
    pd_id = _bilangan("perangkat_daerah")
    if pd_id is None:
        pd = konteks.perangkat_daerah()
    else:
        pd = db_session.get(PerangkatDaerah, pd_id)
        sendiri = pd is not None and pd.id == konteks.pengguna().perangkat_daerah_id
        if pd is None or not pd.aktif or not (sendiri or konteks.is_kabupaten()):
            abort(galat(404, "Perangkat daerah tidak ditemukan."))
    g.sipekerja_api_pd = pd
    return pd


def _unit() -> UnitKerja | None:
    """``?unit=``: a Bidang reads its own unit (the default); another unit is 403, a unit of another
    agency or none at all 404; Utama and Pimpinan: None = the whole agency."""
    subjek = konteks.subjek()
    unit_id = _bilangan("unit")
    if unit_id is None and not boleh_melihat(subjek, Fitur.PENGUKURAN, None):
        unit_id = subjek.unit_id
    if unit_id is None:
        return None
    unit = db_session.get(UnitKerja, unit_id)
    if unit is None or unit.perangkat_daerah_id != _perangkat_daerah().id:
        abort(galat(404, "Unit kerja tidak ditemukan."))
    if not boleh_melihat(subjek, Fitur.PENGUKURAN, unit.id):
        abort(galat(403, "Anda hanya dapat membaca data unit kerja Anda sendiri."))
    return unit


def _termasuk_belum_diverifikasi() -> bool:
    nilai = request.args.get("termasuk_belum_diverifikasi", "")
    if nilai not in ("", "0", "1"):
        abort(galat(400, "Parameter termasuk_belum_diverifikasi harus 0 atau 1."))
    return nilai == "1"


def _periode() -> Periode:
    kode = request.args.get("periode") or "tahun"
    try:
        return parse_periode(kode)
    except SipekerjaError:
        abort(galat(400, "Periode tidak dikenal. Pilih b1–b12 (bulan), tw1–tw4 (triwulan) atau tahun."))


def _meta(data: DataRencana, unit: UnitKerja | None) -> dict:
    pd = _perangkat_daerah()
    waktu: datetime = konteks.sekarang().astimezone(konteks.zona()).replace(microsecond=0)
    return {"perangkat_daerah": {"id": pd.id, "kode": pd.kode, "nama": pd.nama}, "tahun": data.tahun,
            "unit": {"id": unit.id, "kode": unit.kode, "nama": unit.nama} if unit is not None else None,
            "hanya_terverifikasi": data.hanya_terverifikasi, "dibuat_pada": waktu.isoformat()}


def _muat(*, dengan_realisasi: bool, hanya_terverifikasi: bool = True) -> tuple[DataRencana, UnitKerja | None]:
    tahun, unit = _tahun(), _unit()
    data = load_rencana(perangkat_daerah_id=_perangkat_daerah().id, tahun_id=tahun.id,
                        unit_kerja_id=unit.id if unit else None, dengan_realisasi=dengan_realisasi,
                        hanya_terverifikasi=hanya_terverifikasi)
    return data, unit


# --- routes ------------------------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API (built once per app)."""
    simpanan = current_app.extensions["sipekerja"]
    if "openapi" not in simpanan:
        simpanan["openapi"] = buat_spesifikasi(current_app, PREFIX.rstrip("."))
    return jsonify(simpanan["openapi"])


@bp.get("/tahun")
def tahun():
    """The budget years, newest first."""
    return jsonify(tahun=[{"tahun": t.tahun, "aktif": bool(t.aktif)} for t in list_tahun()])


@bp.get("/unit")
def unit():
    """The units the caller may read: the agency's (Utama, Pimpinan) or its own (Bidang)."""
    subjek, pd = konteks.subjek(), _perangkat_daerah()
    daftar = [u for u in list_unit_kerja(pd.id) if boleh_melihat(subjek, Fitur.PENGUKURAN, u.id)]
    return jsonify(perangkat_daerah={"id": pd.id, "kode": pd.kode, "nama": pd.nama},
                   unit=[{"id": u.id, "kode": u.kode, "nama": u.nama, "jenis": u.jenis} for u in daftar])


@bp.get("/rencana")
def rencana():
    """The plan of the year: sasaran with IKU, program → kegiatan → sub kegiatan with indicators."""
    data, unit_kerja = _muat(dengan_realisasi=False)
    return jsonify(meta=_meta(data, unit_kerja), **api_json.rencana(data))


@bp.get("/target")
def target():
    """Monthly targets: kinerja per indicator, anggaran per sub kegiatan."""
    data, unit_kerja = _muat(dengan_realisasi=False)
    return jsonify(meta=_meta(data, unit_kerja), **api_json.daftar_target(data))


@bp.get("/realisasi")
def realisasi():
    """Monthly realisasi, verified months only unless ``?termasuk_belum_diverifikasi=1``."""
    semua = _termasuk_belum_diverifikasi()
    data, unit_kerja = _muat(dengan_realisasi=True, hanya_terverifikasi=not semua)
    return jsonify(meta=_meta(data, unit_kerja), **api_json.daftar_realisasi(data))


@bp.get("/capaian")
def capaian():
    """Capaian and predikat of a month, triwulan or the year (``?periode=``, default the year)."""
    periode, semua = _periode(), _termasuk_belum_diverifikasi()
    data, unit_kerja = _muat(dengan_realisasi=True, hanya_terverifikasi=not semua)
    pengukuran = hitung_pengukuran(data, periode, load_skala_aktif())
    return jsonify(meta=_meta(data, unit_kerja), **api_json.capaian(pengukuran))


def _batas_api() -> str:
    return current_app.config["SIPEKERJA_API_RATE_LIMIT"]


def batasi_api(state: BlueprintSetupState) -> None:
    """Wrap every API view with the host's Flask-Limiter (per client address), when it has one."""
    for limiter in state.app.extensions.get("limiter", ()):
        awalan = f"{state.name_prefix}.{state.name}.".lstrip(".")
        for nama in [n for n in state.app.view_functions if n.startswith(awalan)]:
            state.app.view_functions[nama] = limiter.limit(_batas_api)(state.app.view_functions[nama])


bp.record(batasi_api)
