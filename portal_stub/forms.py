"""Flask-WTF forms of the portal (validation and CSRF); NIP rules come from the module's domain."""

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms import SelectField
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from .models import PERAN_MODUL

LABEL_PERAN = {"utama": "Pengguna Utama", "bidang": "Sekretariat/Bidang", "pimpinan": "Pimpinan (hanya lihat)"}


class LoginForm(FlaskForm):
    """Portal sign-in by NIP and password."""

    nip = StringField("NIP", validators=[DataRequired("NIP wajib diisi.")])
    password = PasswordField("Kata sandi", validators=[DataRequired("Kata sandi wajib diisi.")])


class PegawaiForm(FlaskForm):
    """Add a pegawai in Manajemen Akses Modul."""

    nip = StringField("NIP", validators=[DataRequired("NIP wajib diisi.")])
    nama = StringField("Nama", validators=[DataRequired("Nama wajib diisi."), Length(max=255)])
    jabatan = StringField("Jabatan", validators=[Optional(), Length(max=255)])
    unit_kode = StringField("Kode unit", validators=[Optional(), Length(max=64)])
    password = PasswordField("Kata sandi awal", validators=[DataRequired("Kata sandi awal wajib diisi."),
                                                            Length(min=8, message="Kata sandi minimal 8 karakter.")])


class AksesForm(FlaskForm):
    """Grant a SIPEKERJA role; ``bidang`` needs a unit kerja code."""

    peran = SelectField("Peran", choices=[SelectChoice(p, LABEL_PERAN[p]) for p in PERAN_MODUL])
    unit_kode = StringField("Kode unit kerja (untuk Sekretariat/Bidang)", validators=[Optional(), Length(max=64)])


class KonfirmasiForm(FlaskForm):
    """A button-only form (revoke, sign out, confirm logout): carries just the CSRF token."""
