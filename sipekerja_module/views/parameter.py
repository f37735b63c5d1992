"""Reading the query-string parameters that several pages share — ``?periode=``, ``?ukuran=``
and ``?unit=`` — with the module page that refuses a value nobody offered."""

from __future__ import annotations

from flask import Response
from flask import abort
from flask import make_response
from flask import render_template
from flask import request

from ..domain.akses import Fitur
from ..domain.akses import assert_boleh
from ..domain.akses import boleh_melihat
from ..domain.errors import SipekerjaError
from ..domain.periode import JenisPeriode
from ..domain.periode import Periode
from ..domain.periode import parse_periode
from ..extensions import db_session
from ..models import UnitKerja
from ..reports.pdf import UKURAN_KERTAS
from . import konteks


def tolak(status: int, pesan: str) -> Response:
    """A module page with an Indonesian message and the given status (bad period, bad paper size)."""
    return make_response(render_template("sipekerja/pengukuran/galat.html", pesan=pesan, status=status), status)


def periode_diminta(*, boleh_bulan: bool = True) -> Periode | None:
    """The period of ``?periode=`` (``b5``, ``tw2``, ``tahun``), None when none is given; 404 if unknown,
    or a month where only triwulan and year are offered."""
    kode = request.args.get("periode")
    if not kode:
        return None
    try:
        periode = parse_periode(kode)
    except SipekerjaError as error:
        abort(tolak(404, f"Periode tidak dikenal ({error.pesan}) Pilih Januari–Desember, Triwulan I–IV, atau Tahun."))
    if not boleh_bulan and periode.jenis is JenisPeriode.BULAN:
        abort(tolak(404, "Laporan ini disusun per triwulan atau tahunan; pilih Triwulan I–IV atau Tahun."))
    return periode


def ukuran_kertas() -> str:
    """The paper of ``?ukuran=`` (A4 by default); 400 with an Indonesian message if unknown."""
    ukuran = (request.args.get("ukuran") or "A4").strip().upper()
    if ukuran not in UKURAN_KERTAS:
        abort(tolak(400, "Ukuran kertas tidak dikenal. Pilih A4 atau F4."))
    return ukuran


def unit_dipilih(fitur: Fitur) -> UnitKerja | None:
    """The unit of ``?unit=`` (a Bidang account: its own when none is given), or None for all units.

    Unknown or another agency's unit: 404; a unit the role may not see: 403 (``AksesDitolak``).
    """
    subjek = konteks.subjek()
    unit_id = request.args.get("unit", type=int)
    if unit_id is None and not boleh_melihat(subjek, fitur, None):
        unit_id = subjek.unit_id
    if unit_id is None:
        return None
    unit = db_session.get(UnitKerja, unit_id)
    if unit is None or unit.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    assert_boleh(subjek, fitur, unit.id)
    return unit
