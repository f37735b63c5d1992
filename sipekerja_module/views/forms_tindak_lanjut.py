"""Flask-WTF forms of the evaluation meetings (shape only; the rules are ``domain.tindak_lanjut``'s)."""

from __future__ import annotations

from wtforms import DateField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import NumberRange

from ..domain.tindak_lanjut import LABEL_JENIS
from ..domain.tindak_lanjut import LABEL_STATUS
from .forms import WAJIB
from .forms import VersiForm
from .forms import digit_ascii
from .forms import panjang
from .forms import pilihan

#: The value of a select meaning "none" (the whole agency, no indicator, no finding).
TANPA = 0


class RapatForm(VersiForm):
    tahun = IntegerField("Tahun", validators=[InputRequired(WAJIB), digit_ascii,
                                              NumberRange(2000, 2100, "Tahun harus 2000–2100.")])
    triwulan = SelectField("Triwulan", coerce=int, choices=pilihan([(1, "I"), (2, "II"), (3, "III"), (4, "IV")]))
    tanggal = DateField("Tanggal rapat", validators=[InputRequired(WAJIB)])
    tempat = StringField("Tempat", validators=[DataRequired(WAJIB), panjang(255)])
    pimpinan_rapat = StringField("Pimpinan rapat", validators=[DataRequired(WAJIB), panjang(255)])
    peserta = TextAreaField("Peserta (satu per baris)", validators=[panjang(5000)])


class UbahRapatForm(VersiForm):
    tanggal = DateField("Tanggal rapat", validators=[InputRequired(WAJIB)])
    tempat = StringField("Tempat", validators=[DataRequired(WAJIB), panjang(255)])
    pimpinan_rapat = StringField("Pimpinan rapat", validators=[DataRequired(WAJIB), panjang(255)])
    peserta = TextAreaField("Peserta (satu per baris)", validators=[panjang(5000)])


class TemuanForm(VersiForm):
    unit_kerja_id = SelectField("Unit kerja", coerce=int, default=TANPA)
    indikator_id = SelectField("Indikator", coerce=int, default=TANPA)
    uraian = TextAreaField("Temuan", validators=[DataRequired(WAJIB), panjang(2000)])


class KeputusanForm(VersiForm):
    jenis = SelectField("Jenis keputusan", choices=pilihan([(j.value, label) for j, label in LABEL_JENIS.items()]))
    uraian = TextAreaField("Keputusan", validators=[DataRequired(WAJIB), panjang(2000)])
    unit_kerja_id = SelectField("Unit kerja yang menindaklanjuti", coerce=int)
    penanggung_jawab = StringField("Penanggung jawab (opsional)", validators=[panjang(255)])
    batas_waktu = DateField("Batas waktu", validators=[InputRequired(WAJIB)])
    temuan_id = SelectField("Menjawab temuan", coerce=int, default=TANPA)


class StatusForm(VersiForm):
    status = SelectField("Status", choices=pilihan([(s.value, label) for s, label in LABEL_STATUS.items()]))
    catatan = TextAreaField("Catatan tindak lanjut", validators=[panjang(2000)])
