"""Flask-WTF forms: parsing, CSRF and field-level messages in Indonesian.

Only the shape of the input is checked here (required, a number in Indonesian notation, a
choice); the rules of the plan live in ``domain/`` and are applied by the services.
"""

from __future__ import annotations

from decimal import Decimal

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
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from ..domain.angka import format_angka
from ..domain.angka import parse_angka
from ..domain.capaian import format_target
from ..domain.capaian import parse_target
from ..domain.errors import SipekerjaError
from ..domain.periode import NAMA_BULAN

WAJIB = "Wajib diisi."


def pilihan(pasangan) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(nilai, label) for nilai, label in pasangan]


class AngkaField(Field):
    """A number typed the Indonesian way (``1.234.567,89``); empty means no value (None)."""

    widget = TextInput()

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
            self.data = parse_angka(teks)
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
            self.data = parse_target(teks)
        except SipekerjaError as error:
            raise ValueError(error.pesan) from None


def non_negatif(form, field) -> None:
    if field.data is not None and field.data < Decimal(0):
        raise ValidationError("Nilai tidak boleh negatif.")


class VersiForm(FlaskForm):
    """Base of forms that edit a versioned record: carries the version it was opened with."""

    versi = HiddenField()

    def versi_int(self) -> int | None:
        try:
            return int(self.versi.data)
        except (TypeError, ValueError):
            return None


def _grid_form(nama_kelas: str, label_extra: dict[str, Field]) -> type[VersiForm]:
    fields: dict[str, Field] = dict(label_extra)
    for bulan in range(1, 13):
        fields[f"b{bulan}"] = AngkaField(NAMA_BULAN[bulan - 1], validators=[Optional(), non_negatif])
    return type(nama_kelas, (VersiForm,), fields)


#: Twelve monthly target kinerja of one indicator.
TargetKinerjaForm = _grid_form("TargetKinerjaForm", {})
#: Pagu and twelve monthly target anggaran of one sub kegiatan.
AnggaranForm = _grid_form("AnggaranForm", {"pagu": AngkaField("Pagu (Rp)", validators=[non_negatif])})


def nilai_bulanan(form: VersiForm) -> dict[int, Decimal | None]:
    """Collect the twelve month fields of a grid form.

    :param form: a validated grid form.
    :return: month -> value (None when left empty).
    """
    return {bulan: getattr(form, f"b{bulan}").data for bulan in range(1, 13)}


class SasaranForm(FlaskForm):
    kode = StringField("Kode", validators=[DataRequired(WAJIB), Length(max=32)])
    uraian = TextAreaField("Sasaran strategis", validators=[DataRequired(WAJIB), Length(max=1000)])


class NodeForm(FlaskForm):
    kode = StringField("Kode nomenklatur", validators=[DataRequired(WAJIB), Length(max=40)])
    unit_kerja_id = SelectField("Unit kerja", coerce=int, validators=[InputRequired(WAJIB)])
    sasaran_id = SelectField("Sasaran", coerce=int, validators=[Optional()])


class IndikatorForm(VersiForm):
    uraian = TextAreaField("Uraian indikator", validators=[DataRequired(WAJIB), Length(max=1000)])
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


class AlasanForm(FlaskForm):
    alasan = TextAreaField("Alasan", validators=[DataRequired("Alasan wajib diisi."), Length(max=1000)])


class KonfirmasiForm(FlaskForm):
    """An empty form: a POST button that carries only the CSRF token."""


class UnitKerjaForm(FlaskForm):
    kode = StringField("Kode", validators=[DataRequired(WAJIB), Length(max=64)])
    nama = StringField("Nama", validators=[DataRequired(WAJIB), Length(max=255)])
    jenis = SelectField("Jenis", choices=pilihan([("sekretariat", "Sekretariat"), ("bidang", "Bidang")]))
    aktif = BooleanField("Aktif", default=True)


class TahunForm(FlaskForm):
    tahun = IntegerField("Tahun", validators=[InputRequired(WAJIB), NumberRange(2000, 2100, "Tahun harus 2000–2100.")])
    salin_dari = SelectField("Salin pohon rencana dari", coerce=int, validators=[Optional()])


class SatuanForm(FlaskForm):
    nama = StringField("Nama satuan", validators=[DataRequired(WAJIB), Length(max=64)])


class UnggahForm(FlaskForm):
    berkas = FileField("Berkas", validators=[FileRequired("Pilih berkas terlebih dahulu."),
                                            FileAllowed(["xlsx", "csv"], "Hanya berkas XLSX atau CSV.")])
