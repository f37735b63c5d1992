"""Flask-WTF forms of the Perjanjian Kinerja pages (shape only; the rules are ``domain.pk``'s)."""

from __future__ import annotations

from wtforms import DateField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from .forms import WAJIB
from .forms import AngkaField
from .forms import FormulirDasar
from .forms import TargetField
from .forms import VersiForm
from .forms import digit_ascii
from .forms import non_negatif
from .forms import panjang

#: The value of a select meaning "none" (no parent, no unit, no link).
TANPA = 0


class JabatanForm(VersiForm):
    nama = StringField("Nama jabatan", validators=[DataRequired(WAJIB), panjang(255)])
    parent_id = SelectField("Atasan", coerce=int, default=TANPA)
    unit_kerja_id = SelectField("Unit kerja", coerce=int, default=TANPA)
    urutan = IntegerField("Urutan", default=0, validators=[Optional(), digit_ascii,
                                                           NumberRange(0, 999, "Urutan harus 0–999.")])
    pemegang_nama = StringField("Nama pemegang jabatan", validators=[panjang(255)])
    pemegang_nip = StringField("NIP pemegang jabatan", validators=[panjang(40)])
    pemegang_pangkat = StringField("Pangkat/golongan", validators=[panjang(128)])
    kepala_daerah_nama = StringField("Nama kepala daerah (pihak kedua PK Kepala)", validators=[panjang(255)])
    kepala_daerah_jabatan = StringField("Jabatan kepala daerah", validators=[panjang(255)])


class PKBaruForm(FormulirDasar):
    tanggal = DateField("Tanggal penandatanganan", validators=[Optional()])


class SasaranPKForm(FormulirDasar):
    uraian = TextAreaField("Sasaran", validators=[DataRequired(WAJIB), panjang(1000)])


class IndikatorPKForm(VersiForm):
    sasaran_id = SelectField("Sasaran", coerce=int)
    uraian = TextAreaField("Indikator kinerja", validators=[DataRequired(WAJIB), panjang(1000)])
    satuan_id = SelectField("Satuan", coerce=int)
    target = TargetField("Target (angka atau rentang, mis. 80–90)")
    indikator_id = SelectField("Diukur dari indikator rencana", coerce=int, default=TANPA)
    induk_id = SelectField("Mendukung indikator atasan", coerce=int, default=TANPA)
    indikator_renstra_id = SelectField("Indikator Renstra", coerce=int, default=TANPA)


class ProgramPKForm(FormulirDasar):
    node_id = SelectField("Program/kegiatan/sub kegiatan rencana", coerce=int, default=TANPA)
    uraian = StringField("Uraian (bila tidak dari rencana)", validators=[panjang(500)])
    anggaran = AngkaField("Anggaran (Rp)", validators=[non_negatif], desimal=2)
    keterangan = StringField("Keterangan", default="APBD", validators=[panjang(255)])
