"""Forms of the kabupaten admin: perangkat daerah (the kabupaten satuan list reuses ``SatuanForm``)."""

from __future__ import annotations

from wtforms import BooleanField
from wtforms import StringField
from wtforms.validators import DataRequired

from .forms import WAJIB
from .forms import FormulirDasar
from .forms import panjang


class PerangkatDaerahForm(FormulirDasar):
    """Add an agency (code and name)."""

    kode = StringField("Kode", validators=[DataRequired(WAJIB), panjang(32)],
                       description="Mis. DINKES; kode ini dipakai portal sebagai klaim unit kerja.")
    nama = StringField("Nama perangkat daerah", validators=[DataRequired(WAJIB), panjang(255)])


class UbahPerangkatDaerahForm(FormulirDasar):
    """Rename or (de)activate an agency (its code never changes)."""

    nama = StringField("Nama perangkat daerah", validators=[DataRequired(WAJIB), panjang(255)])
    aktif = BooleanField("Aktif", default=True)
