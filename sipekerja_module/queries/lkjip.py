"""Reads of the LKjIP Bab III draft (rules in ``domain.lkjip``): the agency PK (the Kepala's) of a
year, the yearly measurement of its linked plan indicators (verified months only, the way
``views.pk.pohon`` measures the pohon kinerja), the same indicators in earlier years, the realisasi
anggaran per program and the notes of the cascade.

Statements: the agency PK (1) and its rows (``queries.pk.load_pk``: 5), the plan (``load_rencana``:
8), the agency-year's PK indicators (1), the earlier years' matches (1), then one plan (8) per
earlier year that has a matched, linked indicator — at most ``JUMLAH_TAHUN_PEMBANDING`` years. Never a
statement per indicator; the number does not grow with the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence

from sqlalchemy import select

from ..domain.capaian import target_dari_kolom
from ..domain.lkjip import JUMLAH_TAHUN_PEMBANDING
from ..domain.lkjip import BabIII
from ..domain.lkjip import CapaianTahun
from ..domain.lkjip import NilaiRenstra
from ..domain.lkjip import anggaran_per_program
from ..domain.lkjip import capaian_tahun
from ..domain.lkjip import catatan_kaskade
from ..domain.lkjip import cocokkan_indikator
from ..domain.lkjip import susun_bab3
from ..domain.pengukuran import hitung_pengukuran
from ..domain.periode import Periode
from ..domain.pk import IndikatorPKData
from ..domain.predikat import SkalaPredikat
from ..extensions import db_session
from ..models import IndikatorPK
from ..models import Jabatan
from ..models import PerjanjianKinerja
from ..models import SasaranPK
from ..models import Satuan
from ..models import Tahun
from .pk import list_indikator_pk
from .pk import load_pk
from .rencana import load_rencana


def get_pk_instansi(*, perangkat_daerah_id: int, tahun_id: int) -> PerjanjianKinerja | None:
    """The agency PK of the year: the PK of the position without a parent (the Kepala), or None."""
    return db_session.execute(
        select(PerjanjianKinerja).join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
        .where(Jabatan.perangkat_daerah_id == perangkat_daerah_id, Jabatan.tahun_id == tahun_id,
               Jabatan.parent_id.is_(None))
        .order_by(Jabatan.urutan, Jabatan.id).limit(1)
    ).scalars().first()


def indikator_tahun_lalu(*, perangkat_daerah_id: int, tahun: int,
                         indikator: Sequence[IndikatorPKData]) -> tuple[dict[int, dict[int, IndikatorPKData]],
                                                                      dict[int, int]]:
    """The same indicators in earlier years (ONE statement): matched by normalised uraian + satuan
    (``domain.lkjip.kunci_indikator``) among the agency PK indicators of the earlier years.

    The one place that decides "the same indicator in another year": the Renstra link
    (``IndikatorPK.indikator_renstra_id``) replaces this matching here, with the same return value.

    :param perangkat_daerah_id: the agency.
    :param tahun: the year reported (e.g. 2025); only earlier years are searched.
    :param indikator: the year's agency PK indicators.
    :return: (PK indicator id → {earlier year: its match}, earlier year → its ``tahun_id``) for the
        last :data:`JUMLAH_TAHUN_PEMBANDING` earlier years that have an agency PK.
    """
    rows = db_session.execute(
        select(IndikatorPK, Satuan.nama.label("satuan"), Tahun.tahun, Tahun.id.label("tahun_id"),
               PerjanjianKinerja.jabatan_id)
        .join(Satuan, Satuan.id == IndikatorPK.satuan_id)
        .join(PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id)
        .join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
        .join(Tahun, Tahun.id == Jabatan.tahun_id)
        .join(SasaranPK, SasaranPK.id == IndikatorPK.sasaran_pk_id)
        .where(Jabatan.perangkat_daerah_id == perangkat_daerah_id, Jabatan.parent_id.is_(None),
               Tahun.tahun < tahun)
        .order_by(Tahun.tahun, SasaranPK.urutan, SasaranPK.id, IndikatorPK.urutan, IndikatorPK.id)
    ).all()
    tahun_id = {r.tahun: r.tahun_id for r in rows}
    dipakai = set(sorted(tahun_id)[-JUMLAH_TAHUN_PEMBANDING:])
    lampau: dict[int, list[IndikatorPKData]] = {}
    for r in rows:
        if r.tahun in dipakai:
            i = r.IndikatorPK
            lampau.setdefault(r.tahun, []).append(IndikatorPKData(
                id=i.id, pk_id=i.pk_id, jabatan_id=r.jabatan_id, sasaran_id=i.sasaran_pk_id, uraian=i.uraian,
                satuan=r.satuan, target=target_dari_kolom(i.target_nilai, i.target_atas),
                indikator_rencana_id=i.indikator_id, induk_id=i.induk_id, urutan=i.urutan))
    return cocokkan_indikator(indikator, lampau), {t: tahun_id[t] for t in dipakai}


def target_renstra_bab3(*, perangkat_daerah_id: int, tahun_id: int) -> Mapping[int, NilaiRenstra]:
    """PK indicator id → its Renstra target. Empty until the Renstra lands: the lead wires
    ``queries.renstra.target_renstra_per_indikator_pk(perangkat_daerah_id=…, tahun_id=…)`` here."""
    return {}


def _riwayat(*, perangkat_daerah_id: int, cocok: Mapping[int, Mapping[int, IndikatorPKData]],
             tahun_id: Mapping[int, int], skala: SkalaPredikat) -> dict[int, dict[int, CapaianTahun]]:
    """The matched indicators' figures per earlier year: one plan load per year with a linked match."""
    perlu = {t for per_tahun in cocok.values() for t, ind in per_tahun.items() if ind.indikator_rencana_id}
    hasil: dict[int, dict[int, CapaianTahun]] = {}
    for t in sorted(perlu):
        data = load_rencana(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id[t], hanya_terverifikasi=True)
        per_indikator = hitung_pengukuran(data, Periode.tahunan(), skala).per_indikator
        for pk_id, per_tahun in cocok.items():
            ind = per_tahun.get(t)
            if ind is not None:
                hasil.setdefault(pk_id, {})[t] = capaian_tahun(
                    t, ind.target, per_indikator.get(ind.indikator_rencana_id) if ind.indikator_rencana_id else None,
                    skala)
    return hasil


def load_bab3(*, perangkat_daerah_id: int, tahun_id: int, skala: SkalaPredikat,
              target_renstra: Mapping[int, NilaiRenstra] | None = None) -> BabIII | None:
    """The LKjIP Bab III draft of an agency-year, verified figures only.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param skala: the active predikat scale.
    :param target_renstra: PK indicator id → its Renstra target; None = :func:`target_renstra_bab3`.
    :return: the chapter, or None when the year has no agency PK (no Kepala's PK).
    """
    pk = get_pk_instansi(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
    if pk is None:
        return None
    isi = load_pk(pk)
    data = load_rencana(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id, hanya_terverifikasi=True)
    pengukuran = hitung_pengukuran(data, Periode.tahunan(), skala)
    per_indikator = pengukuran.per_indikator
    indikator = [i for s in isi.sasaran for i in s.indikator]
    tahun_ini, polaritas = {}, {}
    for ind in indikator:
        hasil = per_indikator.get(ind.indikator_rencana_id) if ind.indikator_rencana_id else None
        tahun_ini[ind.id] = capaian_tahun(isi.tahun, ind.target, hasil, skala)
        if hasil is not None:
            polaritas[ind.id] = (hasil.indikator.polaritas, hasil.indikator.rumus_negatif)
    cocok, tahun_lalu = indikator_tahun_lalu(perangkat_daerah_id=perangkat_daerah_id, tahun=isi.tahun,
                                             indikator=indikator)
    riwayat = _riwayat(perangkat_daerah_id=perangkat_daerah_id, cocok=cocok, tahun_id=tahun_lalu, skala=skala)
    catatan = catatan_kaskade(indikator, list_indikator_pk(perangkat_daerah_id=perangkat_daerah_id,
                                                           tahun_id=tahun_id), per_indikator)
    program, total = anggaran_per_program(data, pengukuran)
    if target_renstra is None:
        target_renstra = target_renstra_bab3(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
    return susun_bab3(tahun=isi.tahun, perangkat_daerah=isi.perangkat_daerah, jabatan_kepala=isi.jabatan.nama,
                      sasaran=isi.sasaran, tahun_ini=tahun_ini, riwayat=riwayat, tahun_pembanding=list(tahun_lalu),
                      target_renstra=target_renstra, polaritas=polaritas, catatan=catatan, program=program,
                      total_anggaran=total, bulan_data=data.bulan_realisasi_terakhir,
                      pemegang_kepala=isi.jabatan.pemegang)
