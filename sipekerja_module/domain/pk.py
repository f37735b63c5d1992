"""Perjanjian Kinerja per level and the pohon kinerja (cascading), as pure rules and values.

The SAKIP cycle (DOMAIN.md, "The SAKIP cycle around measurement"): every position (*jabatan*) of
an agency signs a PK for the year with the position above it — the Kepala with the Bupati, the
Sekretaris and each Kepala Bidang with the Kepala, lower posts with their Kepala Bidang. The
agency PK is the Kepala's. Every indicator of a lower PK supports exactly one indicator of a PK
above it; together they form the *pohon kinerja*, from the Kepala's IKU down.

Rules here take plain values (ids, maps of parent ids) and raise :class:`NilaiTidakValid` with an
Indonesian message; the services load what they need and call them before writing anything.

Local choices (no regulation):

- the upper indicator of a cascade link lies in the PK of a position *above* the lower one (its
  parent, or further up): a link sideways or downwards is refused;
- a node of the pohon kinerja linked to a plan indicator shows that indicator's capaian to date for
  the period (``domain.pengukuran``); a node without one shows the plain mean of its children's
  capaian *as displayed* (clamped at 0), children without a figure left out;
- copying a year copies positions, holders, PK sasaran/indicators/programs and cascade links, but no
  numbers (targets, anggaran), as the plan copy does.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from decimal import localcontext

from .akses import Peran
from .akses import Subjek
from .angka import KONTEKS_HITUNG
from .capaian import Target
from .capaian import tampilkan_capaian
from .errors import AksesDitolak
from .errors import NilaiTidakValid
from .nip import parse_nip
from .predikat import BandPredikat
from .predikat import SkalaPredikat
from .predikat import tentukan_predikat

#: The statement of the PK's main text; ``{tahun}`` is filled in. Wording as commonly used under
#: PermenPAN-RB 53/2014 (a template: agencies may replace it, ``SIPEKERJA_PK_PERNYATAAN``).
PERNYATAAN_PK: tuple[str, ...] = (
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, "
    "dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen "
    "perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.",
    "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian kinerja "
    "dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian penghargaan dan sanksi.",
)
#: The opening sentence of the PK's main text.
PEMBUKA_PK = ("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta "
              "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:")


# --- positions and holders ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pemegang:
    """The holder of a position for the year: name, NIP (18 digits) and pangkat/golongan."""

    nama: str
    nip: str | None = None
    pangkat: str | None = None


def periksa_pemegang(nama: str | None, nip: str | None, pangkat: str | None) -> Pemegang | None:
    """Check a position's holder as typed: all empty means *no holder yet*.

    :param nama: the holder's name (with degrees), or empty.
    :param nip: the NIP (spaces and dots allowed), or empty.
    :param pangkat: pangkat/golongan, e.g. ``Pembina Utama Muda (IV/c)``, or empty.
    :return: the holder with the NIP normalised to 18 digits, or None when every field is empty.
    :raise NilaiTidakValid: a NIP or pangkat without a name.
    :raise NIPTidakValid: a malformed NIP (``domain.nip``).
    """
    nama, nip, pangkat = ((teks or "").strip() or None for teks in (nama, nip, pangkat))
    if nama is None:
        if nip or pangkat:
            raise NilaiTidakValid("Nama pemegang jabatan wajib diisi bila NIP atau pangkat diisi.")
        return None
    return Pemegang(nama=nama, nip=parse_nip(nip).nilai if nip else None, pangkat=pangkat)


def assert_ada_pemegang(nama_jabatan: str, pemegang: Pemegang | None) -> Pemegang:
    """A PK is signed by the holder of the position: refuse a PK for a vacant position.

    :param nama_jabatan: the position, named in the message.
    :param pemegang: its holder for the year, or None.
    :return: the holder.
    :raise NilaiTidakValid: when the position has no holder with a NIP.
    """
    if pemegang is None or not pemegang.nama:
        raise NilaiTidakValid(f"Jabatan {nama_jabatan} belum memiliki pemegang jabatan. Isi nama dan NIP "
                              "pemegang jabatan terlebih dahulu, lalu buat Perjanjian Kinerja.")
    if not pemegang.nip:
        raise NilaiTidakValid(f"NIP pemegang jabatan {nama_jabatan} belum diisi; Perjanjian Kinerja "
                              "ditandatangani dengan nama dan NIP.")
    return pemegang


@dataclass(frozen=True)
class JabatanRef:
    """What the rules need of a position: where it lives and the position above it."""

    id: int
    perangkat_daerah_id: int
    tahun_id: int
    parent_id: int | None
    nama: str = ""


def _leluhur(mulai: int | None, induk: Mapping[int, int | None], berhenti: int | None = None) -> Iterable[int]:
    """``mulai`` and everything above it in a parent map; stops at ``berhenti`` or a repeat."""
    dilihat: set[int] = set()
    while mulai is not None and mulai not in dilihat:
        yield mulai
        if mulai == berhenti:
            return
        dilihat.add(mulai)
        mulai = induk.get(mulai)


def periksa_atasan_jabatan(jabatan: JabatanRef, atasan: JabatanRef | None,
                           induk_jabatan: Mapping[int, int | None]) -> None:
    """A position's parent: the same agency and year, and never itself or one of its own subordinates.

    :param jabatan: the position (``id`` 0 for one not stored yet).
    :param atasan: the chosen parent position, or None (the head of the agency).
    :param induk_jabatan: ``{jabatan_id: parent_id}`` of the agency-year's positions as stored.
    :raise NilaiTidakValid: another agency or year, or a cycle in the positions' tree.
    """
    if atasan is None:
        return
    if atasan.perangkat_daerah_id != jabatan.perangkat_daerah_id:
        raise NilaiTidakValid("Atasan jabatan harus jabatan pada perangkat daerah yang sama.")
    if atasan.tahun_id != jabatan.tahun_id:
        raise NilaiTidakValid("Atasan jabatan harus jabatan pada tahun yang sama.")
    if atasan.id == jabatan.id or jabatan.id in _leluhur(atasan.id, induk_jabatan):
        raise NilaiTidakValid(f"Jabatan {jabatan.nama or 'ini'} tidak dapat berada di bawah "
                              f"{atasan.nama or 'jabatan'} yang merupakan bawahannya sendiri (lingkaran).")


def assert_satu_kepala(jabatan_id: int, kepala_lain: Sequence[str]) -> None:
    """An agency has one head per year: only one position has no parent (its PK is the agency PK).

    :param jabatan_id: the position being saved without a parent (0 when new).
    :param kepala_lain: names of the *other* positions of the agency-year without a parent.
    :raise NilaiTidakValid: when another position is the head already.
    """
    if kepala_lain:
        raise NilaiTidakValid(f"Perangkat daerah ini sudah memiliki jabatan tertinggi ({kepala_lain[0]}). "
                              "Pilih atasan untuk jabatan ini.")


def jabatan_kepala_daerah_bawaan(nama_daerah: str) -> str:
    """The title of the head of the region from its name: ``Kabupaten Paser`` → ``Bupati Paser``,
    ``Kota Balikpapan`` → ``Wali Kota Balikpapan``.

    :param nama_daerah: the region (``SIPEKERJA_NAMA_DAERAH``).
    :return: the title printed for the pihak kedua of the agency PK when none is set.
    """
    nama = nama_daerah.strip()
    for awalan, gelar in (("Kabupaten ", "Bupati "), ("Kota ", "Wali Kota "), ("Provinsi ", "Gubernur ")):
        if nama.startswith(awalan):
            return gelar + nama[len(awalan):]
    return f"Kepala Daerah {nama}".strip()


def assert_boleh_hapus_indikator(uraian: str, jumlah_pendukung: int) -> None:
    """An indicator that lower indicators support cannot be removed (they would hang loose).

    :param uraian: the indicator, named in the message.
    :param jumlah_pendukung: how many lower indicators support it.
    :raise NilaiTidakValid: when some do.
    """
    if jumlah_pendukung:
        raise NilaiTidakValid(f"Indikator \u201c{uraian}\u201d didukung oleh {jumlah_pendukung} indikator di bawahnya. "
                              "Pindahkan atau lepaskan tautan kaskade indikator tersebut terlebih dahulu.")


# --- cascade links -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndikatorPKRef:
    """What the cascade rules need of a PK indicator."""

    id: int
    perangkat_daerah_id: int
    tahun: int
    jabatan_id: int
    uraian: str = ""


def assert_kaskade_tanpa_siklus(bawah_id: int, atas_id: int, induk_indikator: Mapping[int, int | None]) -> None:
    """The pohon kinerja is a tree: a link never makes an indicator support itself, directly or not.

    :param bawah_id: the lower indicator.
    :param atas_id: the upper indicator it is to support.
    :param induk_indikator: ``{indikator_id: induk_id}`` of the PK indicators as stored.
    :raise NilaiTidakValid: when the upper indicator is the lower one or supports it already.
    """
    if bawah_id == atas_id or bawah_id in _leluhur(atas_id, induk_indikator):
        raise NilaiTidakValid("Tautan kaskade ini membentuk lingkaran: indikator atasan yang dipilih adalah "
                              "indikator ini sendiri atau indikator yang (tidak langsung) mendukungnya.")


def periksa_tautan_kaskade(bawah: IndikatorPKRef, atas: IndikatorPKRef, *,
                           induk_indikator: Mapping[int, int | None],
                           induk_jabatan: Mapping[int, int | None]) -> None:
    """Check a cascade link: the lower indicator supports ``atas``.

    :param bawah: the indicator of a lower PK.
    :param atas: the upper indicator it supports.
    :param induk_indikator: ``{indikator_id: induk_id}`` of the agency-year's PK indicators.
    :param induk_jabatan: ``{jabatan_id: parent_id}`` of the agency-year's positions.
    :raise NilaiTidakValid: another agency, another year, a position not above the lower one's, or a cycle.
    """
    if atas.perangkat_daerah_id != bawah.perangkat_daerah_id:
        raise NilaiTidakValid("Indikator atasan milik perangkat daerah lain; kaskade hanya di dalam satu "
                              "perangkat daerah.")
    if atas.tahun != bawah.tahun:
        raise NilaiTidakValid(f"Indikator atasan berasal dari tahun {atas.tahun}, sedangkan indikator ini tahun "
                              f"{bawah.tahun}; kaskade hanya di dalam satu tahun.")
    assert_kaskade_tanpa_siklus(bawah.id, atas.id, induk_indikator)
    atasan = set(_leluhur(induk_jabatan.get(bawah.jabatan_id), induk_jabatan))
    if atas.jabatan_id not in atasan:
        raise NilaiTidakValid("Indikator atasan harus berasal dari Perjanjian Kinerja jabatan di atas jabatan ini "
                              "(atasan langsung atau lebih tinggi).")


def periksa_tautan_rencana(*, perangkat_daerah_id: int, tahun_id: int, rencana_perangkat_daerah_id: int,
                           rencana_tahun_id: int) -> None:
    """A PK indicator takes its realisasi from a plan indicator of the same agency and year.

    :raise NilaiTidakValid: for a plan indicator of another agency or year.
    """
    if rencana_perangkat_daerah_id != perangkat_daerah_id:
        raise NilaiTidakValid("Indikator rencana yang dipilih milik perangkat daerah lain.")
    if rencana_tahun_id != tahun_id:
        raise NilaiTidakValid("Indikator rencana yang dipilih berasal dari tahun lain.")


# --- the PK as plain values --------------------------------------------------------------------


@dataclass(frozen=True)
class IndikatorPKData:
    """An indicator of a PK with its target and links."""

    id: int
    pk_id: int
    jabatan_id: int
    sasaran_id: int
    uraian: str
    satuan: str
    target: Target | None
    #: The plan indicator whose monthly realisasi measures it, or None.
    indikator_rencana_id: int | None
    #: The upper indicator it supports (None for the Kepala's IKU, or an orphan).
    induk_id: int | None
    urutan: int = 0
    #: The Renstra indicator it measures, or None: the same Renstra indicator in two years' PKs is the
    #: same indicator (``domain.lkjip.cocokkan_indikator``).
    indikator_renstra_id: int | None = None


@dataclass(frozen=True)
class SasaranPKData:
    id: int
    uraian: str
    indikator: tuple[IndikatorPKData, ...]
    urutan: int = 0


@dataclass(frozen=True)
class ProgramPKData:
    """A row of the lampiran's budget table: program, kegiatan or sub kegiatan with its anggaran."""

    id: int
    uraian: str
    anggaran: Decimal | None
    keterangan: str = ""
    #: ``program`` / ``kegiatan`` / ``sub_kegiatan`` (indentation), or ``lain``.
    level: str = "lain"
    kode: str = ""


@dataclass(frozen=True)
class Pihak:
    """A party of the PK: name, NIP, position and pangkat, as printed."""

    nama: str | None
    jabatan: str
    nip: str | None = None
    pangkat: str | None = None


@dataclass(frozen=True)
class JabatanData:
    """A position of the agency for the year, with its holder."""

    id: int
    nama: str
    parent_id: int | None
    unit_kerja_id: int | None
    unit_nama: str | None
    pemegang: Pemegang | None
    urutan: int = 0
    #: The PK of the position for the year, if made.
    pk_id: int | None = None
    #: For the head only: the pihak kedua of its PK (the Bupati), as set.
    kepala_daerah_nama: str | None = None
    kepala_daerah_jabatan: str | None = None
    #: The row version an edit form carries back.
    versi: int = 0


@dataclass(frozen=True)
class DokumenPK:
    """Everything the printed PK shows."""

    tahun: int
    perangkat_daerah: str
    pihak_pertama: Pihak
    pihak_kedua: Pihak
    sasaran: tuple[SasaranPKData, ...]
    program: tuple[ProgramPKData, ...]
    tempat: str
    tanggal: date | None
    #: True for the agency PK (the Kepala's): its sasaran are the sasaran strategis.
    tingkat_instansi: bool = False
    pernyataan: tuple[str, ...] = PERNYATAAN_PK

    @property
    def total_anggaran(self) -> Decimal:
        """Sum of the program rows' anggaran (the lampiran's *Jumlah*): programs only when there are
        programs, so kegiatan and sub kegiatan listed under them are not counted twice."""
        baris = [p for p in self.program if p.level == "program"] or list(self.program)
        return sum((p.anggaran for p in baris if p.anggaran is not None), Decimal(0))


def pihak_kedua(jabatan: JabatanData, atasan: JabatanData | None, *, nama_kepala_daerah: str | None,
                jabatan_kepala_daerah: str) -> Pihak:
    """The pihak kedua of a position's PK: the holder of the position above it, or for the head of the
    agency the Bupati (name as configured for the agency-year).

    :param jabatan: the position signing as pihak pertama.
    :param atasan: the position above it, None for the head of the agency.
    :param nama_kepala_daerah: the Bupati's name, None when not set (a blank line is printed).
    :param jabatan_kepala_daerah: e.g. ``Bupati Paser``.
    :return: the party.
    """
    if atasan is None:
        return Pihak(nama=nama_kepala_daerah, jabatan=jabatan_kepala_daerah)
    p = atasan.pemegang
    return Pihak(nama=p.nama if p else None, jabatan=atasan.nama, nip=p.nip if p else None,
                 pangkat=p.pangkat if p else None)


# --- pohon kinerja -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CapaianTaut:
    """The measured figures of a linked plan indicator for the period (from ``domain.pengukuran``)."""

    capaian: Decimal | None
    predikat: BandPredikat | None
    realisasi: Decimal | None = None
    belum_lapor: bool = False


@dataclass(frozen=True)
class NodePohon:
    """A node of the pohon kinerja: a PK indicator, its figure for the period and what supports it."""

    indikator: IndikatorPKData
    jabatan: JabatanData
    anak: tuple[NodePohon, ...]
    #: Capaian as displayed (clamped at 0, unrounded), None when nothing is measured.
    capaian: Decimal | None
    predikat: BandPredikat | None
    #: ``"indikator"`` (a linked plan indicator), ``"rata_rata"`` (mean of the children) or None.
    sumber: str | None
    realisasi: Decimal | None = None
    belum_lapor: bool = False
    #: Children whose figure entered the mean (for ``sumber == "rata_rata"``).
    jumlah_anak_terukur: int = 0
    kedalaman: int = 0


@dataclass(frozen=True)
class PohonKinerja:
    """The tree from the head's IKU down, and what hangs loose."""

    akar: tuple[NodePohon, ...]
    #: Indicators of lower PKs that support nothing.
    yatim: tuple[tuple[IndikatorPKData, JabatanData], ...]
    #: The head's IKU that no lower indicator supports.
    iku_tanpa_dukungan: tuple[tuple[IndikatorPKData, JabatanData], ...]
    #: Nodes of the whole tree in display order (depth-first).
    semua: tuple[NodePohon, ...] = field(default=())


def rata_rata_anak(capaian: Sequence[Decimal | None]) -> tuple[Decimal | None, int]:
    """The plain mean of the children's capaian as displayed; None when no child has one.

    :param capaian: each child's displayed capaian (already clamped), None when it has none.
    :return: the mean (unrounded) and how many children entered it.
    """
    terukur = [c for c in capaian if c is not None]
    if not terukur:
        return None, 0
    with localcontext(KONTEKS_HITUNG):
        return sum(terukur, Decimal(0)) / len(terukur), len(terukur)


def susun_pohon(jabatan: Sequence[JabatanData], indikator: Sequence[IndikatorPKData],
                capaian: Mapping[int, CapaianTaut], skala: SkalaPredikat) -> PohonKinerja:
    """Build the pohon kinerja with each node's figure for the period.

    :param jabatan: the agency-year's positions; the head is the one without a parent.
    :param indikator: every PK indicator of the agency-year, in display order within each PK.
    :param capaian: figures per *plan* indicator id (``CapaianTaut``) for the chosen period.
    :param skala: the predikat scale (for the means of children).
    :return: the tree, the orphans and the IKU without support.
    """
    per_jabatan = {j.id: j for j in jabatan}
    kepala = {j.id for j in jabatan if j.parent_id is None}
    anak: dict[int, list[IndikatorPKData]] = {}
    for ind in indikator:
        if ind.induk_id is not None:
            anak.setdefault(ind.induk_id, []).append(ind)
    # The given order (sasaran, then indicator) holds within a position; positions by their order.
    urut = list(indikator)
    posisi = {i.id: n for n, i in enumerate(urut)}
    urut_anak = {k: sorted(v, key=lambda i: (per_jabatan[i.jabatan_id].urutan, i.jabatan_id, posisi[i.id]))
                 for k, v in anak.items()}
    semua: list[NodePohon] = []

    def bangun(ind: IndikatorPKData, kedalaman: int, jalur: frozenset[int]) -> NodePohon:
        # ``jalur`` guards against a cycle in stored data (the services refuse one; old data may not).
        anak_node = tuple(bangun(a, kedalaman + 1, jalur | {a.id}) for a in urut_anak.get(ind.id, ())
                          if a.id not in jalur)
        node = _nilai_node(ind, per_jabatan[ind.jabatan_id], anak_node, capaian, skala, kedalaman)
        return node

    akar = tuple(bangun(ind, 0, frozenset({ind.id})) for ind in urut if ind.jabatan_id in kepala)

    def ratakan(nodes: Iterable[NodePohon]) -> None:
        for n in nodes:
            semua.append(n)
            ratakan(n.anak)

    ratakan(akar)
    yatim = tuple((i, per_jabatan[i.jabatan_id]) for i in urut if i.jabatan_id not in kepala and i.induk_id is None)
    tanpa = tuple((i, per_jabatan[i.jabatan_id]) for i in urut if i.jabatan_id in kepala and i.id not in anak)
    return PohonKinerja(akar=akar, yatim=yatim, iku_tanpa_dukungan=tanpa, semua=tuple(semua))


def _nilai_node(ind: IndikatorPKData, jabatan: JabatanData, anak: tuple[NodePohon, ...],
                capaian: Mapping[int, CapaianTaut], skala: SkalaPredikat, kedalaman: int) -> NodePohon:
    taut = capaian.get(ind.indikator_rencana_id) if ind.indikator_rencana_id is not None else None
    if taut is not None:
        return NodePohon(indikator=ind, jabatan=jabatan, anak=anak, capaian=tampilkan_capaian(taut.capaian),
                         predikat=taut.predikat, sumber="indikator", realisasi=taut.realisasi,
                         belum_lapor=taut.belum_lapor, kedalaman=kedalaman)
    rata, jumlah = rata_rata_anak([a.capaian for a in anak])
    return NodePohon(indikator=ind, jabatan=jabatan, anak=anak, capaian=rata, predikat=tentukan_predikat(rata, skala),
                     sumber="rata_rata" if rata is not None else None, jumlah_anak_terukur=jumlah,
                     kedalaman=kedalaman)


def saring_pohon(pohon: PohonKinerja, terlihat: Iterable[int]) -> PohonKinerja:
    """The tree as a viewer limited to some positions sees it: nodes of other positions (and what
    hangs below them) are left out; figures stay those of the whole tree.

    :param pohon: the whole tree.
    :param terlihat: ids of the positions the viewer may see.
    :return: the pruned tree (warnings limited the same way).
    """
    boleh = frozenset(terlihat)

    def pangkas(node: NodePohon) -> NodePohon:
        return NodePohon(**{**node.__dict__, "anak": tuple(pangkas(a) for a in node.anak
                                                           if a.jabatan.id in boleh)})

    akar = tuple(pangkas(n) for n in pohon.akar if n.jabatan.id in boleh)
    semua: list[NodePohon] = []

    def ratakan(nodes: Iterable[NodePohon]) -> None:
        for n in nodes:
            semua.append(n)
            ratakan(n.anak)

    ratakan(akar)
    return PohonKinerja(akar=akar, yatim=tuple(p for p in pohon.yatim if p[1].id in boleh),
                        iku_tanpa_dukungan=tuple(p for p in pohon.iku_tanpa_dukungan if p[1].id in boleh),
                        semua=tuple(semua))


# --- access ------------------------------------------------------------------------------------


def boleh_mengelola_pk(subjek: Subjek) -> bool:
    """Positions, holders, PKs and cascade links are the Pengguna Utama's to manage.

    :param subjek: who is acting.
    :return: True for Utama.
    """
    return Peran.UTAMA in subjek.peran


def assert_boleh_mengelola_pk(subjek: Subjek) -> None:
    """Raise unless the subject may change positions and PKs.

    :raise AksesDitolak: for anyone but Utama.
    """
    if not boleh_mengelola_pk(subjek):
        raise AksesDitolak("Hanya Pengguna Utama yang dapat mengubah jabatan dan Perjanjian Kinerja.")


def boleh_melihat_jabatan(subjek: Subjek, jabatan: JabatanData) -> bool:
    """Utama and Pimpinan read every PK of their agency; a Bidang its own unit's and the agency's
    (the head's, which has no parent).

    :param subjek: who is acting.
    :param jabatan: the position whose PK is shown.
    :return: True if allowed.
    """
    if subjek.peran & {Peran.UTAMA, Peran.PIMPINAN}:
        return True
    return Peran.BIDANG in subjek.peran and (
        jabatan.parent_id is None or (subjek.unit_id is not None and jabatan.unit_kerja_id == subjek.unit_id))


def assert_boleh_melihat_jabatan(subjek: Subjek, jabatan: JabatanData) -> None:
    """Raise unless :func:`boleh_melihat_jabatan`.

    :raise AksesDitolak: a Bidang opening another unit's PK.
    """
    if not boleh_melihat_jabatan(subjek, jabatan):
        raise AksesDitolak("Anda hanya dapat melihat Perjanjian Kinerja unit kerja Anda dan Perjanjian Kinerja "
                           "perangkat daerah.")
