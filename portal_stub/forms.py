"""Flask-WTF forms of the portal (validation and CSRF); NIP rules come from the module's domain."""

import re

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms import SelectField
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from .models import PERAN_MODUL

_KENDALI = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def tanpa_kendali(form, field) -> None:
    """Refuse control characters (NUL, escape, ...) in a one-line text field."""
    if field.data and _KENDALI.search(field.data):
        raise ValidationError("Isian berisi karakter kendali yang tidak diizinkan.")


def panjang(maks: int) -> Length:
    return Length(max=maks, message=f"Paling banyak {maks} karakter.")


LABEL_PERAN = {"utama": "Pengguna Utama", "bidang": "Sekretariat/Bidang", "pimpinan": "Pimpinan (hanya lihat)",
               "admin_kabupaten": "Admin Kabupaten (perangkat daerah dan data bawaan)"}


class LoginForm(FlaskForm):
    """Portal sign-in by NIP and password."""

    nip = StringField("NIP", validators=[DataRequired("NIP wajib diisi."), panjang(64), tanpa_kendali])
    password = PasswordField("Kata sandi", validators=[DataRequired("Kata sandi wajib diisi.")])


class PegawaiForm(FlaskForm):
    """Add a pegawai in Manajemen Akses Modul."""

    nip = StringField("NIP", validators=[DataRequired("NIP wajib diisi."), panjang(64), tanpa_kendali])
    nama = StringField("Nama", validators=[DataRequired("Nama wajib diisi."), panjang(255), tanpa_kendali])
    jabatan = StringField("Jabatan", validators=[Optional(), panjang(255), tanpa_kendali])
    unit_kode = StringField("Kode unit", validators=[Optional(), panjang(64), tanpa_kendali])
    password = PasswordField("Kata sandi awal", validators=[DataRequired("Kata sandi awal wajib diisi."),
                                                            Length(min=8, message="Kata sandi minimal 8 karakter.")])


class AksesForm(FlaskForm):
    """Grant a SIPEKERJA role; ``bidang`` needs a unit kerja code."""

    peran = SelectField("Peran", choices=[SelectChoice(p, LABEL_PERAN[p]) for p in PERAN_MODUL])
    unit_kode = StringField("Kode unit kerja (untuk Sekretariat/Bidang)",
                            validators=[Optional(), panjang(64), tanpa_kendali])


class KonfirmasiForm(FlaskForm):
    """A button-only form (revoke, sign out, confirm logout): carries just the CSRF token."""
