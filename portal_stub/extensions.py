"""The portal's own extension instances; the installed modules reuse them."""

from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

db = SQLAlchemy()
csrf = CSRFProtect()
bootstrap = Bootstrap5()
#: The portal's one LoginManager (pegawai). Modules never add a second one (STYLE §3.1 rule 4).
login_manager = LoginManager()
#: Storage comes from ``RATELIMIT_STORAGE_URI`` (set from ``SIMPADU_RATELIMIT_STORAGE_URI``);
#: use Redis when several processes serve the portal.
limiter = Limiter(key_func=get_remote_address)
