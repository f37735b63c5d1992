"""Flask-WTF forms of the Rencana Aksi pages (shape only; the rules are ``domain.rencana_aksi``'s)."""

from __future__ import annotations

from wtforms import IntegerField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import NumberRange

from ..domain.angka import DESIMAL_KINERJA
from ..domain.rencana_aksi import LABEL_STATUS
from ..domain.rencana_aksi import TRIWULAN
from ..domain.rencana_aksi import label_triwulan
from .forms import WAJIB
from .forms import AngkaField
from .forms import VersiForm
from .forms import digit_ascii
from .forms import non_negatif
from .forms import panjang
from .forms import pilihan

#: Choices of how an unlinked indicator's months combine ("" keeps kumulatif).
PILIHAN_AGREGASI = pilihan([("", "Kumulatif (bawaan)"), ("kumulatif", "Kumulatif"), ("nilai_akhir", "Nilai akhir"),
                            ("rata_rata", "Rata-rata")])
PILIHAN_TRIWULAN = pilihan([(tw, label_triwulan(tw)) for tw in TRIWULAN])
PILIHAN_STATUS = pilihan([(s.value, label) for s, label in LABEL_STATUS.items()])


def _bilangan_ascii(nilai) -> int:
    """Coerce a choice to int, refusing digits other than 0–9 (``int("٣")`` would read 3)."""
    if isinstance(nilai, str) and not (nilai.isascii() and nilai.strip().isdigit()):
        raise ValueError("Pilihan tidak valid.")
    return int(nilai)


class TargetTriwulanForm(VersiForm):
    tw1 = AngkaField("Target TW I", validators=[non_negatif], desimal=DESIMAL_KINERJA)
    tw2 = AngkaField("Target TW II", validators=[non_negatif], desimal=DESIMAL_KINERJA)
    tw3 = AngkaField("Target TW III", validators=[non_negatif], desimal=DESIMAL_KINERJA)
    tw4 = AngkaField("Target TW IV", validators=[non_negatif], desimal=DESIMAL_KINERJA)
    agregasi = SelectField("Sifat target triwulan", choices=PILIHAN_AGREGASI, default="")


class AksiForm(VersiForm):
    uraian = TextAreaField("Uraian rencana aksi", validators=[DataRequired(WAJIB), panjang(1000)])
    triwulan = SelectMultipleField("Triwulan pelaksanaan", coerce=_bilangan_ascii, choices=PILIHAN_TRIWULAN,
                                   validators=[DataRequired("Pilih paling sedikit satu triwulan.")])
    output = StringField("Output/target aksi", validators=[panjang(500)])
    penanggung_jawab = StringField("Penanggung jawab", validators=[panjang(255)])


class _RealisasiForm(VersiForm):
    tahun = IntegerField("Tahun", validators=[InputRequired(WAJIB), digit_ascii,
                                              NumberRange(2000, 2100, "Tahun tidak valid.")])
    triwulan = SelectField("Triwulan", coerce=_bilangan_ascii, choices=PILIHAN_TRIWULAN)
    keterangan = TextAreaField("Keterangan", validators=[panjang(1000)])


class RealisasiAksiForm(_RealisasiForm):
    status = SelectField("Status pelaksanaan", choices=PILIHAN_STATUS)
    tautan_bukti = StringField("Tautan bukti (http/https)", validators=[panjang(500)])


class RealisasiIndikatorForm(_RealisasiForm):
    realisasi = AngkaField("Realisasi s.d. triwulan", validators=[non_negatif], desimal=DESIMAL_KINERJA)
