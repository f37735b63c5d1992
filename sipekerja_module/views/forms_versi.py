"""Forms of target versions (murni / perubahan): starting a perubahan and the agency's rule
(the perubahan kinerja grid is ``forms.TargetKinerjaVersiForm``)."""

from __future__ import annotations

from wtforms import DateField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import Optional

from ..domain.versi_target import AturanVersi
from .forms import FormulirDasar
from .forms import digit_ascii
from .forms import panjang
from .forms import pilihan


class PerubahanForm(FormulirDasar):
    """Buat perubahan: its date of effect, legal basis and first month (checked in the domain)."""

    tanggal = DateField("Tanggal berlaku", validators=[Optional()])
    dasar_hukum = StringField("Dasar hukum (nomor DPPA / PK perubahan)", validators=[Optional(), panjang(500)])
    berlaku_mulai_bulan = IntegerField("Berlaku mulai bulan (1–12; kosong = bulan tanggal berlaku)",
                                       validators=[Optional(), digit_ascii])


class AturanVersiForm(FormulirDasar):
    """The agency's rule for the version that measures each month."""

    aturan = SelectField("Aturan pengukuran", choices=pilihan([(a.value, a.label) for a in AturanVersi]))

