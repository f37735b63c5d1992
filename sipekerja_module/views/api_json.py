"""Domain values → the JSON bodies of the API (plain dicts; documented by ``views.api_skema``).

Pure: no request, no database. Every number leaves as a canonical decimal string (:func:`angka`);
capaian and percentages are rounded as displayed (``domain.angka.bulatkan``: two decimals, half up);
targets, realisasi and Rupiah are given as stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from ..domain.angka import bulatkan
from ..domain.capaian import Serapan
from ..domain.capaian import Target
from ..domain.data_rencana import DataRencana
from ..domain.data_rencana import IndikatorData
from ..domain.data_rencana import NodeData
from ..domain.pengukuran import HasilKelompok
from ..domain.pengukuran import Pengukuran


def angka(nilai: Decimal | int | None) -> str | None:
    """A number as a canonical decimal string: no exponent, no trailing zeros (``"1500000"``,
    ``"107.14"``, ``"0.5"``, ``"-3"``); None stays None."""
    if nilai is None:
        return None
    nilai = Decimal(nilai)
    if nilai == 0:
        return "0"
    teks = format(nilai.normalize(), "f")
    return teks


def persen(nilai: Decimal | None) -> str | None:
    """A percentage as displayed: rounded to two decimals (half up), then canonical."""
    return None if nilai is None else angka(bulatkan(nilai))


def target(nilai: Decimal | Target | None) -> dict | None:
    """A target as ``{"nilai", "bawah", "atas"}`` (a single value or a range)."""
    if nilai is None:
        return None
    if isinstance(nilai, Target):
        return {"nilai": angka(nilai.nilai), "bawah": angka(nilai.bawah), "atas": angka(nilai.atas)}
    return {"nilai": angka(nilai), "bawah": None, "atas": None}


def indikator(ind: IndikatorData) -> dict:
    return {"id": ind.id, "uraian": ind.uraian, "satuan": ind.satuan, "polaritas": ind.polaritas.value,
            "agregasi": ind.agregasi.value, "rumus_negatif": ind.rumus_negatif.value,
            "target_tahunan": target(ind.target), "iku": ind.is_iku, "unit_kerja_id": ind.unit_kerja_id}


def rencana(data: DataRencana) -> dict:
    """The plan: units, sasaran with their IKU, and the program → kegiatan → sub kegiatan tree."""
    per_induk: dict[tuple[str, int | None], list[dict]] = defaultdict(list)
    for ind in data.indikator:
        per_induk[ind.induk].append(indikator(ind))
    ids = {n.id for n in data.node}
    anak: dict[int | None, list[NodeData]] = defaultdict(list)
    for node in data.node:
        anak[node.parent_id if node.parent_id in ids else None].append(node)

    def simpul(node: NodeData) -> dict:
        return {"id": node.id, "level": node.level, "kode": node.kode, "nama": node.nama,
                "unit_kerja_id": node.unit_kerja_id, "sasaran_id": node.sasaran_id, "pagu": angka(node.pagu),
                "indikator": per_induk.get(("node", node.id), []), "anak": [simpul(a) for a in anak.get(node.id, ())]}

    return {
        "unit": [{"id": u.id, "kode": u.kode, "nama": u.nama, "jenis": u.jenis} for u in data.unit],
        "sasaran": [{"id": s.id, "kode": s.kode, "uraian": s.uraian,
                     "indikator": per_induk.get(("sasaran", s.id), [])} for s in data.sasaran],
        "program": [simpul(n) for n in anak.get(None, ())],
    }


def _bulanan(nilai: Mapping[int, object]) -> list[tuple[int, object]]:
    return sorted((b, v) for b, v in nilai.items() if v is not None)


def daftar_target(data: DataRencana) -> dict:
    """Monthly targets: kinerja per indicator (single or range), anggaran per sub kegiatan with its pagu."""
    pagu = {n.id: n.pagu for n in data.node}
    return {
        "kinerja": [{"indikator_id": ind.id,
                     "bulanan": [{"bulan": b, "target": target(v)}
                                 for b, v in _bulanan(data.target_kinerja.get(ind.id, {}))]}
                    for ind in data.indikator],
        "anggaran": [{"node_id": node_id, "pagu": angka(pagu.get(node_id)),
                      "bulanan": [{"bulan": b, "nilai": angka(v)} for b, v in _bulanan(bulanan)]}
                     for node_id, bulanan in sorted(data.target_anggaran.items())],
    }


def daftar_realisasi(data: DataRencana) -> dict:
    """Monthly realisasi as loaded (verified only, or every value with ``terverifikasi`` marked)."""
    return {
        "kinerja": [{"indikator_id": ind_id,
                     "bulanan": [{"bulan": b, "nilai": angka(v),
                                  "terverifikasi": (ind_id, b) not in data.kinerja_belum_diverifikasi}
                                 for b, v in _bulanan(bulanan)]}
                    for ind_id, bulanan in sorted(data.realisasi_kinerja.items()) if _bulanan(bulanan)],
        "anggaran": [{"node_id": node_id,
                      "bulanan": [{"bulan": b, "nilai": angka(v),
                                   "terverifikasi": (node_id, b) not in data.anggaran_belum_diverifikasi}
                                  for b, v in _bulanan(bulanan)]}
                     for node_id, bulanan in sorted(data.realisasi_anggaran.items()) if _bulanan(bulanan)],
    }


def _serapan(serapan: Serapan | None) -> dict | None:
    if serapan is None:
        return None
    return {"pagu": angka(serapan.pagu), "target_sd": angka(serapan.target_sd),
            "realisasi_sd": angka(serapan.realisasi_sd), "persen_pagu": persen(serapan.persen_pagu),
            "persen_target_sd": persen(serapan.persen_target_sd)}


def kelompok(hasil: HasilKelompok) -> dict:
    return {"capaian_sd": persen(hasil.capaian_sd), "capaian_tahunan": persen(hasil.capaian_tahunan),
            "predikat_sd": hasil.predikat_sd.label if hasil.predikat_sd else None,
            "predikat_tahunan": hasil.predikat_tahunan.label if hasil.predikat_tahunan else None,
            "jumlah_indikator": hasil.ringkasan_sd.jumlah_indikator,
            "jumlah_terukur": hasil.ringkasan_sd.jumlah_terukur,
            "jumlah_belum_terukur": hasil.ringkasan_sd.jumlah_belum_terukur,
            "serapan": _serapan(hasil.serapan)}


def capaian(pengukuran: Pengukuran) -> dict:
    """Capaian and predikat of the period: per indicator, per plan node, per unit and in total."""
    periode, skala = pengukuran.periode, pengukuran.skala
    indikator_json = []
    for ind_id, h in pengukuran.per_indikator.items():
        c = h.capaian
        indikator_json.append({
            "indikator_id": ind_id, "target_sd": target(c.target_sd),
            "realisasi_sd": None if h.belum_lapor else angka(c.realisasi_sd),
            "capaian_sd": persen(h.capaian_sd), "capaian_tahunan": persen(h.capaian_tahunan),
            "predikat_sd": h.predikat_sd.label if h.predikat_sd else None,
            "predikat_tahunan": h.predikat_tahunan.label if h.predikat_tahunan else None,
            "belum_lapor": h.belum_lapor, "data_sd": h.data_sd, "belum_diverifikasi": h.belum_diverifikasi})
    return {
        "periode": {"kode": periode.kode, "label": periode.label, "bulan_awal": periode.bulan_awal,
                    "bulan_akhir": periode.bulan_akhir},
        "skala": {"nama": skala.nama, "band": [{"batas_bawah": angka(b.batas_bawah), "label": b.label}
                                               for b in skala.bands], "batas_rerata": angka(skala.batas_rerata)},
        "indikator": indikator_json,
        "node": [{"node_id": node_id, **kelompok(h)} for node_id, h in pengukuran.per_node.items()],
        "unit": [{"unit_id": unit_id, **kelompok(h)} for unit_id, h in pengukuran.per_unit.items()],
        "total": kelompok(pengukuran.total),
    }
