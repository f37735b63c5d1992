"""Flask-WTF forms: parsing, CSRF and field-level messages in Indonesian.

Only the shape of the input is checked here (required, a number in Indonesian notation, a
choice); the rules of the plan live in ``domain/`` and are applied by the services.
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask import abort
from flask import flash
from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from wtforms import BooleanField
from wtforms import Field
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from ..domain.angka import DESIMAL_KINERJA
from ..domain.angka import format_angka
from ..domain.angka import parse_angka
from ..domain.angka import periksa_digit_ascii
from ..domain.angka import periksa_kolom
from ..domain.capaian import Target
from ..domain.capaian import format_target
from ..domain.capaian import parse_target
from ..domain.errors import NilaiTidakValid
from ..domain.errors import SipekerjaError
from ..domain.identitas import PANJANG
from ..domain.nip import parse_nip
from ..domain.periode import NAMA_BULAN

WAJIB = "Wajib diisi."
#: C0 control characters (except tab, line feed, carriage return) and DEL: never part of a form
#: value typed by a person, and NUL is refused outright by PostgreSQL.
KARAKTER_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PESAN_KENDALI = ("Isian berisi karakter kendali (mis. NUL) yang tidak diizinkan. Periksa teks yang ditempel, "
                 "lalu kirim ulang.")
#: Largest id a table can hold (64-bit signed); a bigger number names nothing.
ID_MAKS = 2**63 - 1
_BILANGAN = re.compile(r"\s*[+-]?\d+\s*")
_KUNCI_BARIS = re.compile(r"^[ka]-(\d+)-")


def _id_mustahil(teks: str) -> bool:
    if not _BILANGAN.fullmatch(teks):
        return False
    if not teks.isascii():
        # Arabic-Indic or full-width digits: int() reads "٣" as 3, but no id or month is written so.
        return True
    digit = teks.strip().lstrip("+-").lstrip("0")
    return len(digit) > 19 or int(digit or "0") > ID_MAKS


def _medan_id(kunci: str) -> bool:
    return kunci.endswith(("_id", "versi")) or kunci in ("bulan", "salin_dari")


def tolak_isian_berbahaya():
    """``before_request`` of the feature blueprints: refuse, before any lookup or write,
    ids no table can hold (in the path, the query or an id field: 404 instead of a driver
    overflow) and form values with control characters (400 with an Indonesian message)."""
    for nilai in (request.view_args or {}).values():
        if isinstance(nilai, int) and nilai > ID_MAKS:
            abort(404)
    if any(_id_mustahil(n) for _, daftar in request.args.lists() for n in daftar):
        abort(404)
    if request.method != "POST":
        return None
    for kunci, daftar in request.form.lists():
        if KARAKTER_KENDALI.search(kunci) or any(KARAKTER_KENDALI.search(n) for n in daftar):
            flash(PESAN_KENDALI, "danger")
            abort(400)
        baris = _KUNCI_BARIS.match(kunci)
        if (baris and _id_mustahil(baris[1])) or (_medan_id(kunci) and any(_id_mustahil(n) for n in daftar)):
            abort(404)
    return None


def digit_ascii(form, field) -> None:
    """WTForms validator: an integer field typed with digits other than 0–9 is refused
    (``int()`` would quietly read ``٢٠٢٤`` as 2024)."""
    teks = field.raw_data[0] if field.raw_data else ""
    try:
        periksa_digit_ascii(teks, field.label.text)
    except SipekerjaError as error:
        raise ValidationError(error.pesan) from None


class _TerjemahanWTForms:
    """WTForms' built-in messages in Indonesian (WTForms ships no Indonesian catalogue)."""

    PESAN = {
        "Not a valid choice.": "Pilihan tidak valid.",
        "Invalid Choice: could not coerce.": "Pilihan tidak valid.",
        "Choices cannot be None.": "Pilihan tidak valid.",
        # SelectMultipleField (e.g. the triwulans of a Rencana Aksi action).
        "Invalid choice(s): one or more data inputs could not be coerced.": "Pilihan tidak valid.",
        "'%(value)s' is not a valid choice for this field.": "'%(value)s' bukan pilihan yang valid.",
        "'%(value)s' are not valid choices for this field.": "'%(value)s' bukan pilihan yang valid.",
        "Not a valid integer value.": "Harus berupa bilangan bulat.",
        "Not a valid decimal value.": "Harus berupa angka.",
        "Not a valid float value.": "Harus berupa angka.",
        "This field is required.": WAJIB,
        "Invalid input.": "Isian tidak valid.",
        "Not a valid datetime value.": "Tanggal dan jam tidak valid.",
        "Not a valid date value.": "Tanggal tidak valid.",
    }

    def gettext(self, teks: str) -> str:
        return self.PESAN.get(teks, teks)

    def ngettext(self, tunggal: str, jamak: str, n: int) -> str:
        return self.gettext(tunggal if n == 1 else jamak)


_TERJEMAHAN = _TerjemahanWTForms()


class FormulirDasar(FlaskForm):
    """Base of the module's forms: WTForms' own messages appear in Indonesian."""

    class Meta:
        def get_translations(self, form):
            return _TERJEMAHAN


def kesalahan_ke_flash(form: FlaskForm) -> None:
    """Flash every field error of ``form`` (for forms rendered inline, which show no messages)."""
    for nama, daftar in form.errors.items():
        label = getattr(getattr(form, nama, None), "label", None)
        for pesan in daftar:
            flash(f"{label.text}: {pesan}" if label is not None else pesan, "danger")


def panjang(maks: int) -> Length:
    """A length limit with its message in Indonesian (WTForms' own is English)."""
    return Length(max=maks, message=f"Paling banyak {maks} karakter.")


def pilihan(pasangan) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(nilai, label) for nilai, label in pasangan]


class AngkaField(Field):
    """A number typed the Indonesian way (``1.234.567,89``); empty means no value (None)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, desimal: int = 4, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.desimal = desimal

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format_angka(self.data, None)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        teks = (valuelist[0] if valuelist else "").strip()
        if not teks:
            return
        try:
            self.data = periksa_kolom(parse_angka(teks, self.label.text), self.desimal)
        except SipekerjaError as error:
            self.data = None
            raise ValueError(error.pesan) from None


class TargetField(Field):
    """An annual target: one number or a range (``80–90``); empty means not set yet."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format_target(self.data)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        teks = (valuelist[0] if valuelist else "").strip()
        if not teks:
            return
        try:
            target = parse_target(teks, self.label.text)
            for batas in (target.nilai, target.bawah, target.atas):
                if batas is not None:
                    periksa_kolom(batas, DESIMAL_KINERJA)
            self.data = target
        except SipekerjaError as error:
            raise ValueError(error.pesan) from None


def non_negatif(form, field) -> None:
    if field.data is not None and field.data < Decimal(0):
        raise ValidationError("Nilai tidak boleh negatif.")


class VersiForm(FormulirDasar):
    """Base of forms that edit a versioned record: carries the version it was opened with."""

    versi = HiddenField()

    def versi_int(self) -> int | None:
        teks = self.versi.data
        if not (isinstance(teks, str) and teks.isascii() and teks.isdigit()):
            return None
        return int(teks)

    def versi_wajib(self) -> int:
        """The version an edit form must carry; without it a stale form would overwrite silently.

        :raise NilaiTidakValid: when the version is missing or not a number.
        """
        versi = self.versi_int()
        if versi is None:
            raise NilaiTidakValid(PESAN_VERSI)
        return versi


PESAN_VERSI = "Formulir tidak lengkap (versi data hilang). Muat ulang halaman, lalu simpan kembali."


def _grid_form(nama_kelas: str, label_extra: dict[str, Field], desimal: int, rentang: bool = False) -> type[VersiForm]:
    fields: dict[str, Field] = dict(label_extra)
    for bulan in range(1, 13):
        fields[f"b{bulan}"] = (TargetField(NAMA_BULAN[bulan - 1], validators=[Optional()]) if rentang else
                               AngkaField(NAMA_BULAN[bulan - 1], validators=[Optional(), non_negatif], desimal=desimal))
    return type(nama_kelas, (VersiForm,), fields)


#: Twelve monthly target kinerja of one indicator: a number or a range (``80–90``) each.
TargetKinerjaForm = _grid_form("TargetKinerjaForm", {}, 4, rentang=True)
#: A perubahan's kinerja grid (``domain.versi_target``): its annual target and twelve monthly targets.
TargetKinerjaVersiForm = _grid_form("TargetKinerjaVersiForm",
                                    {"target": TargetField("Target tahunan (angka atau rentang, mis. 80–90)")},
                                    4, rentang=True)
#: Pagu and twelve monthly target anggaran of one sub kegiatan.
AnggaranForm = _grid_form("AnggaranForm", {"pagu": AngkaField("Pagu (Rp)", validators=[non_negatif], desimal=2)}, 2)


def nilai_bulanan(form: VersiForm) -> dict[int, Decimal | Target | None]:
    """Collect the twelve month fields of a grid form.

    :param form: a validated grid form.
    :return: month -> value (None when left empty; a :class:`Target` in the target kinerja grid).
    """
    return {bulan: getattr(form, f"b{bulan}").data for bulan in range(1, 13)}


class SasaranForm(FormulirDasar):
    kode = StringField("Kode", validators=[DataRequired(WAJIB), panjang(32)])
    uraian = TextAreaField("Sasaran strategis", validators=[DataRequired(WAJIB), panjang(1000)])


class NodeForm(FormulirDasar):
    kode = StringField("Kode nomenklatur", validators=[DataRequired(WAJIB), panjang(40)])
    unit_kerja_id = SelectField("Unit kerja", coerce=int, validators=[InputRequired(WAJIB)])
    sasaran_id = SelectField("Sasaran", coerce=int, validators=[Optional()])


class IndikatorForm(VersiForm):
    uraian = TextAreaField("Uraian indikator", validators=[DataRequired(WAJIB), panjang(1000)])
    satuan_id = SelectField("Satuan", coerce=int, validators=[InputRequired(WAJIB)])
    polaritas = SelectField("Polaritas", choices=pilihan([("positif", "Positif (makin tinggi makin baik)"),
                                                   ("negatif", "Negatif (makin rendah makin baik)")]))
    agregasi = SelectField("Agregasi bulanan", choices=pilihan([("kumulatif", "Kumulatif (dijumlahkan)"),
                                                        ("nilai_akhir", "Nilai akhir (bulan terakhir)"),
                                                        ("rata_rata", "Rata-rata")]))
    rumus_negatif = SelectField("Rumus indikator negatif", choices=pilihan([("selisih", "(2T − R) / T × 100"),
                                                                     ("rasio", "T / R × 100")]))
    target = TargetField("Target tahunan (angka atau rentang, mis. 80–90)")
    induk = HiddenField()
    # The indicator's manual (shown where it is entered and checked, printed in the Lampiran PK).
    definisi_operasional = TextAreaField("Definisi operasional", validators=[Optional(), panjang(2000)],
                                         description="Apa tepatnya yang diukur.")
    formula = TextAreaField("Formula (dalam kata-kata)", validators=[Optional(), panjang(1000)],
                            description="Mis. jumlah ASN naik pangkat tepat waktu ÷ jumlah ASN yang berhak × 100%.")
    sumber_data = StringField("Sumber data", validators=[Optional(), panjang(500)])
    penanggung_jawab = StringField("Penanggung jawab", validators=[Optional(), panjang(255)])

    def manual(self) -> dict[str, str | None]:
        """The manual's fields as typed."""
        return {nama: getattr(self, nama).data for nama in
                ("definisi_operasional", "formula", "sumber_data", "penanggung_jawab")}


class AlasanForm(FormulirDasar):
    alasan = TextAreaField("Alasan", validators=[DataRequired("Alasan wajib diisi."), panjang(1000)])


class KonfirmasiForm(FormulirDasar):
    """An empty form: a POST button that carries only the CSRF token."""


class UnitKerjaForm(FormulirDasar):
    kode = StringField("Kode", validators=[DataRequired(WAJIB), panjang(64)])
    nama = StringField("Nama", validators=[DataRequired(WAJIB), panjang(255)])
    jenis = SelectField("Jenis", choices=pilihan([("sekretariat", "Sekretariat"), ("bidang", "Bidang")]))
    aktif = BooleanField("Aktif", default=True)


class TahunForm(FormulirDasar):
    tahun = IntegerField("Tahun", validators=[InputRequired(WAJIB), digit_ascii,
                                              NumberRange(2000, 2100, "Tahun harus 2000–2100.")])
    salin_dari = SelectField("Salin pohon rencana dari", coerce=int, validators=[Optional()])


class SatuanForm(FormulirDasar):
    nama = StringField("Nama satuan", validators=[DataRequired(WAJIB), panjang(64)])


class UnggahForm(FormulirDasar):
    berkas = FileField("Berkas", validators=[FileRequired("Pilih berkas terlebih dahulu."),
                                            FileAllowed(["xlsx", "csv"], "Hanya berkas XLSX atau CSV.")])


def _teks(label: str, kolom: str, **kwargs) -> StringField:
    return StringField(label, validators=[Optional(), panjang(PANJANG[kolom])], **kwargs)


def nip_valid(form, field) -> None:
    """An optional NIP checked by the domain's rules (``domain.nip``), with its Indonesian message."""
    if field.data and field.data.strip():
        try:
            parse_nip(field.data)
        except SipekerjaError as error:
            raise ValidationError(error.pesan) from None


class KopLaporanForm(FormulirDasar):
    """The letterhead of the printed reports; empty fields print the configured defaults."""

    nama_daerah = _teks("Nama daerah", "nama_daerah", description="Dicetak “PEMERINTAH …”, mis. Kabupaten Paser.")
    nama_instansi = _teks("Nama instansi", "nama_instansi")
    alamat = _teks("Alamat", "alamat")
    telepon = _teks("Telepon", "telepon")
    email = _teks("Email", "email")
    website = _teks("Situs web", "website")
    tempat_ttd = _teks("Tempat penandatanganan", "tempat_ttd", description="Dicetak di atas tanggal, mis. Tana Paser.")


class PenandatanganForm(FormulirDasar):
    """One signer of the printed reports (``peran``: ``kepala``, ``kepala_daerah`` or ``unit-<id>``)."""

    peran = HiddenField(validators=[DataRequired(WAJIB), panjang(32)])
    nama = _teks("Nama (dengan gelar)", "nama")
    nip = StringField("NIP", validators=[Optional(), panjang(40), nip_valid])
    jabatan = _teks("Jabatan", "jabatan")
    pangkat = _teks("Pangkat/golongan", "pangkat")
