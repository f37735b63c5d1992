"""Sign-in of SI PEKERJA through OpenID Connect, and the module's own session keys.

``views`` holds the ``sipekerja.auth`` blueprint, ``oidc`` the relying-party client and the
sync of the local Pengguna, ``claims`` the pure claims → profile mapping, ``session`` the
namespaced sign-in state.
"""

from __future__ import annotations

from flask import Flask

#: Auth settings beyond ``config.DEFAULTS``; applied with ``setdefault`` so the host wins.
AUTH_DEFAULTS: dict[str, object] = {
    #: True when the module runs as its own application and owns the whole session cookie:
    #: sign-in then clears the entire session instead of only the module's keys.
    "SIPEKERJA_OWN_SESSION": False,
    #: Callback URL registered at the provider; ``None`` = ``url_for(..., _external=True)``.
    "SIPEKERJA_OIDC_REDIRECT_URI": None,
    #: Where the provider sends the browser after sign-out (must be registered there);
    #: ``None`` = ``SIPEKERJA_PORTAL_URL`` made absolute.
    "SIPEKERJA_OIDC_POST_LOGOUT_REDIRECT_URI": None,
}


def init_auth(app: Flask) -> None:
    """Apply the auth defaults to ``app`` (the client itself is registered at first use), and
    subscribe to the portal's access changes, which end the user's module sign-ins and revoke
    their API tokens."""
    from .session import akhiri_di_sesi_bersama
    from .session import cabut_saat_akses_berubah
    from .token_api import cabut_token_saat_akses_berubah

    for key, value in AUTH_DEFAULTS.items():
        app.config.setdefault(key, value)
    app.extensions.setdefault("simpadu_akses_berubah", []).append(cabut_saat_akses_berubah)
    app.extensions.setdefault("simpadu_akses_berubah", []).append(cabut_token_saat_akses_berubah)
    app.extensions.setdefault("simpadu_keluar", []).append(akhiri_di_sesi_bersama)
