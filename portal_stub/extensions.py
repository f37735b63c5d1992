"""The portal's own extension instances; the installed modules reuse them."""

from flask_bootstrap import Bootstrap5
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

db = SQLAlchemy()
csrf = CSRFProtect()
bootstrap = Bootstrap5()
