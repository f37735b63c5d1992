"""Flask-WTF forms of the Renstra pages (shape only; the rules are ``domain.renstra``'s)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from .forms import WAJIB
from .forms import AngkaField
from .forms import VersiForm
from .forms import digit_ascii
from .forms import panjang


def _tahun(label: str, wajib: bool = True) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(WAJIB) if wajib else Optional(), digit_ascii,
                                           NumberRange(2000, 2100, "Tahun harus antara 2000 dan 2100.")])


class RenstraForm(VersiForm):
    tahun_awal = _tahun("Tahun awal")
    tahun_akhir = _tahun("Tahun akhir")
    nomor = StringField("Nomor/dasar hukum", validators=[panjang(500)])


class IndikatorRenstraForm(VersiForm):
    sasaran = TextAreaField("Sasaran", validators=[DataRequired(WAJIB), panjang(1000)])
    uraian = TextAreaField("Indikator kinerja", validators=[DataRequired(WAJIB), panjang(1000)])
    satuan_id = SelectField("Satuan", coerce=int)
    baseline = AngkaField("Baseline (kondisi awal)")
    tahun_baseline = _tahun("Tahun baseline", wajib=False)
    target_akhir = AngkaField("Target akhir periode (kondisi akhir)")

    def target_per_tahun(self, tahun: Sequence[int]) -> dict[int, Decimal | None]:
        """Year → the target typed for it (None: empty)."""
        return {t: getattr(self, f"target_{t}").data for t in tahun}


@lru_cache(maxsize=64)
def kelas_form_indikator(tahun: tuple[int, ...]) -> type[IndikatorRenstraForm]:
    """The indicator form of a period: one target field ``target_<year>`` per year of it."""
    medan = {f"target_{t}": AngkaField(f"Target {t}") for t in tahun}
    return type(f"IndikatorRenstraForm_{tahun[0]}_{tahun[-1]}", (IndikatorRenstraForm,), medan)
