"""Kemendagri program/kegiatan/sub kegiatan codes ``U.BB.PP.L.KK.SSSS``.

Kepmendagri 050-5889/2021 (updated by 900.1.15.5-1317/2023): urusan . bidang urusan . program .
level (1 provinsi, 2 kabupaten/kota) . kegiatan . sub kegiatan. The level digit only appears
together with a kegiatan, so valid codes have 1, 2, 3, 5 or 6 parts.
"""

from __future__ import annotations

from .errors import NilaiTidakValid

#: Levels of the nomenclature, top-down.
LEVEL_KODE: tuple[str, ...] = ("urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan")

_LEVEL_MENURUT_JUMLAH_BAGIAN = {1: "urusan", 2: "bidang_urusan", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}

# Canonical width of each part; sources pad inconsistently (sub kegiatan "10" vs "0010",
# level "02" vs "2"), so shorter parts are zero-padded and the level is written as one digit.
_LEBAR_BAGIAN = (1, 2, 2, 1, 2, 4)
_NAMA_BAGIAN = ("urusan", "bidang urusan", "program", "level", "kegiatan", "sub kegiatan")


def normalisasi_kode(kode: str) -> str:
    """Bring a nomenclature code to its canonical form.

    Whitespace is removed; bidang urusan, program and kegiatan are zero-padded to 2 digits, sub
    kegiatan to 4 (``"5.03.02.2.01.10"`` -> ``"5.03.02.2.01.0010"``); a level written ``"02"``
    becomes ``"2"``. Canonical codes sort in tree order as plain strings.

    :param kode: the code as written in a source.
    :return: the canonical code.
    :raise NilaiTidakValid: for empty parts, non-digits, too many digits, a level other than 1
        or 2, or a number of parts other than 1, 2, 3, 5 or 6.
    """
    if not isinstance(kode, str):
        raise NilaiTidakValid("Kode nomenklatur harus berupa teks.")
    bersih = "".join(kode.split())
    if not bersih:
        raise NilaiTidakValid("Kode nomenklatur tidak boleh kosong.")
    bagian = bersih.split(".")
    if len(bagian) not in _LEVEL_MENURUT_JUMLAH_BAGIAN:
        if len(bagian) == 4:
            raise NilaiTidakValid(f"Kode '{kode.strip()}' tidak lengkap: level harus diikuti kode kegiatan.")
        raise NilaiTidakValid(
            f"Kode '{kode.strip()}' tidak sesuai format U.BB.PP.L.KK.SSSS (1 sampai 6 bagian)."
        )
    hasil = []
    for posisi, isi in enumerate(bagian):
        nama, lebar = _NAMA_BAGIAN[posisi], _LEBAR_BAGIAN[posisi]
        if not (isi.isascii() and isi.isdigit()):
            raise NilaiTidakValid(f"Bagian {nama} pada kode '{kode.strip()}' harus berupa angka.")
        if posisi == 3:
            if isi.lstrip("0") not in ("1", "2") or len(isi) > 2:
                raise NilaiTidakValid(
                    f"Level pada kode '{kode.strip()}' harus 1 (provinsi) atau 2 (kabupaten/kota)."
                )
            isi = isi.lstrip("0")
        elif len(isi) > lebar:
            raise NilaiTidakValid(
                f"Bagian {nama} pada kode '{kode.strip()}' paling banyak {lebar} digit."
            )
        hasil.append(isi.zfill(lebar))
    return ".".join(hasil)


def level_kode(kode: str) -> str:
    """Return the level of a code: one of :data:`LEVEL_KODE`.

    :param kode: the code (normalised first).
    :return: ``"urusan"``, ``"bidang_urusan"``, ``"program"``, ``"kegiatan"`` or ``"sub_kegiatan"``.
    :raise NilaiTidakValid: for a malformed code.
    """
    return _LEVEL_MENURUT_JUMLAH_BAGIAN[len(normalisasi_kode(kode).split("."))]


def kode_induk(kode: str) -> str | None:
    """Return the canonical code of the parent level.

    :param kode: the code (normalised first).
    :return: sub kegiatan -> kegiatan, kegiatan -> program (the level digit goes with the
        kegiatan), program -> bidang urusan, bidang urusan -> urusan, urusan -> None.
    :raise NilaiTidakValid: for a malformed code.
    """
    bagian = normalisasi_kode(kode).split(".")
    if len(bagian) == 1:
        return None
    jumlah_induk = {2: 1, 3: 2, 5: 3, 6: 5}[len(bagian)]
    return ".".join(bagian[:jumlah_induk])


def jalur_kode(kode: str) -> tuple[str, ...]:
    """Return the canonical codes from the urusan down to this code, for building the tree.

    :param kode: the code (normalised first).
    :return: e.g. ``("5", "5.03", "5.03.02", "5.03.02.2.01", "5.03.02.2.01.0010")``.
    :raise NilaiTidakValid: for a malformed code.
    """
    jalur = [normalisasi_kode(kode)]
    while (induk := kode_induk(jalur[0])) is not None:
        jalur.insert(0, induk)
    return tuple(jalur)
