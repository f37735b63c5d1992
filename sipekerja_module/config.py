"""Default configuration of the SI PEKERJA module.

Every key is namespaced ``SIPEKERJA_*`` because the module is a guest in the portal's
application. ``init_app`` applies them with ``app.config.setdefault`` so the host always wins.
Nothing here reads the environment: the host decides where configuration comes from.
"""

from datetime import timedelta

DEFAULTS: dict[str, object] = {
    # --- Identity (OpenID Connect relying party) ---
    #: Issuer URL of the portal's OpenID Connect provider; discovery is read from
    #: ``<issuer>/.well-known/openid-configuration``.
    "SIPEKERJA_OIDC_ISSUER": None,
    "SIPEKERJA_OIDC_CLIENT_ID": "sipekerja",
    "SIPEKERJA_OIDC_CLIENT_SECRET": None,
    "SIPEKERJA_OIDC_SCOPE": "openid profile simpadu",
    #: id_token signature algorithms accepted, whatever the provider's discovery advertises;
    #: ``none`` and HMAC (``HS*``) are never accepted even if listed here.
    "SIPEKERJA_OIDC_ALGORITHMS": ["RS256", "ES256"],
    #: Dotted paths into the merged id_token/userinfo claims, so a Keycloak-style
    #: ``resource_access.sipekerja.roles`` works as well as the stub's flat ``roles``.
    "SIPEKERJA_CLAIM_NIP": "nip",
    "SIPEKERJA_CLAIM_NAMA": "name",
    "SIPEKERJA_CLAIM_ROLES": "roles",
    "SIPEKERJA_CLAIM_UNIT": "unit_kerja",
    #: The e-mail address for notification e-mails (optional claim; absent = no e-mail).
    "SIPEKERJA_CLAIM_EMAIL": "email",
    #: Role values as the provider spells them, mapped to the module's roles.
    "SIPEKERJA_ROLE_UTAMA": "sipekerja:utama",
    "SIPEKERJA_ROLE_BIDANG": "sipekerja:bidang",
    "SIPEKERJA_ROLE_PIMPINAN": "sipekerja:pimpinan",
    #: Kabupaten admin: manages the perangkat daerah and the kabupaten defaults of the reference data.
    "SIPEKERJA_ROLE_ADMIN_KABUPATEN": "sipekerja:admin_kabupaten",
    #: Absolute lifetime of a module sign-in; role changes in the portal reach the module at
    #: the next sign-in, so this bounds how long a revoked role can linger.
    "SIPEKERJA_SESSION_LIFETIME": timedelta(hours=2),
    #: Where the portal lives, for the "back to portal" link and after sign-out.
    "SIPEKERJA_PORTAL_URL": "/",
    #: Layout the module's pages extend (the host portal's base template).
    "SIPEKERJA_BASE_TEMPLATE": "sipekerja/layout.html",
    # --- Agency ---
    "SIPEKERJA_NAMA_INSTANSI": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "SIPEKERJA_NAMA_DAERAH": "Kabupaten Paser",
    "SIPEKERJA_ALAMAT_INSTANSI": "Jl. Jenderal Sudirman No. 27, Tana Paser, Kalimantan Timur",
    "SIPEKERJA_TEMPAT_TTD": "Tana Paser",
    # --- Signatories of the printed reports: defaults only. Each agency's Pengguna Utama sets its
    # letterhead and signers in Referensi → Kop dan penandatangan laporan; what it leaves empty
    # falls back to these keys. ---
    #: The head of agency, who signs every report (pihak pertama of the agency's Lampiran PK).
    "SIPEKERJA_TTD_JABATAN": "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    #: Name with titles as printed; empty prints a dotted line to sign over.
    "SIPEKERJA_TTD_NAMA": "",
    #: 18-digit NIP of the head of agency; None prints no NIP line.
    "SIPEKERJA_TTD_NIP": None,
    #: Rank and grade of the head of agency, printed below the name (e.g. ``Pembina Utama Muda (IV/c)``).
    "SIPEKERJA_TTD_PANGKAT": "",
    #: The head of the region, pihak kedua of the agency's Lampiran PK.
    "SIPEKERJA_TTD_JABATAN_KEPALA_DAERAH": "Bupati Paser",
    "SIPEKERJA_TTD_NAMA_KEPALA_DAERAH": "",
    #: Code of the perangkat daerah whose letterhead and head of agency (Referensi) print the
    #: kabupaten report (e.g. the agency that compiles it); None = the settings above.
    "SIPEKERJA_PD_LAPORAN_KABUPATEN": None,
    #: Downloads of PDF/XLSX reports per client address (Flask-Limiter syntax), applied when the
    #: host has Flask-Limiter set up before the module is installed. Rendering a PDF is costly.
    "SIPEKERJA_UNDUH_RATE_LIMIT": "30 per minute",
    #: Refused module sign-in attempts per client address (``/auth/login`` and ``/auth/callback``
    #: share it; successful sign-ins do not count). The host's Flask-Limiter, or the module's own.
    "SIPEKERJA_AUTH_RATE_LIMIT": "20 per minute",
    #: Calls of the JSON API (``/sipekerja/api/v1/``) per client address, applied when the host has
    #: Flask-Limiter (or the module runs as its own app).
    "SIPEKERJA_API_RATE_LIMIT": "120 per minute",
    # --- Cached page fragments (views/fragmen.py) ---
    #: None: a least-recently-used store per worker process (extensions.CacheProses; recommended);
    #: a cachelib cache (e.g. RedisCache) to share one between workers (every value pickled, which
    #: measured dearer than rendering again: README); False to render every page afresh.
    "SIPEKERJA_CACHE": None,
    #: Entries of the default per-process cache (a Target dan Capaian page is ~70 KB). Entries are
    #: keyed by data versions and never expire; the size bounds the memory.
    "SIPEKERJA_CACHE_ENTRI": 128,
    "SIPEKERJA_CACHE_PREFIX": "sipekerja",
    #: Entries of the default per-process store of report row blocks (views/laporan_blok.py): one per
    #: tree row of a report page, ~2 KB each; 40 agencies of ~160 rows fit.
    "SIPEKERJA_CACHE_BLOK_ENTRI": 8000,
    #: Entries of the plan loader's per-process cache of monthly values (queries/rencana.py): one
    #: per indicator or plan node and way of loading, ~1 KB each; 40 agencies of ~200 fit several times.
    "SIPEKERJA_CACHE_NILAI_ENTRI": 40000,
    "SIPEKERJA_ZONA_WAKTU": "Asia/Makassar",
    # --- Notification e-mail (``flask sipekerja kirim-notifikasi``; services/surel.py) ---
    #: SMTP server; None sends nothing (notifications stay in the app, e-mails wait).
    "SIPEKERJA_SMTP_HOST": None,
    "SIPEKERJA_SMTP_PORT": 25,
    "SIPEKERJA_SMTP_USER": None,
    "SIPEKERJA_SMTP_PASSWORD": None,
    "SIPEKERJA_SMTP_FROM": "SI PEKERJA <sipekerja@localhost>",
    #: Upgrade the connection with STARTTLS before signing in.
    "SIPEKERJA_SMTP_STARTTLS": False,
    "SIPEKERJA_SMTP_TIMEOUT": 10,
    #: Attempts per e-mail for temporary failures (4xx, no connection); a 5xx refusal is final.
    "SIPEKERJA_SMTP_PERCOBAAN": 5,
    #: Public address of the portal for links in e-mails; None = ``SIMPADU_BASE_URL``.
    "SIPEKERJA_URL_PUBLIK": None,
    # --- Bukti dukung uploads ---
    #: Where uploaded files live (services/penyimpanan.py): ``lokal`` (a directory) or ``s3``.
    "SIPEKERJA_STORAGE_BACKEND": "lokal",
    #: Directory for evidence files, outside any static folder. ``None`` = ``<instance>/bukti``.
    "SIPEKERJA_STORAGE_DIR": None,
    #: The ``s3`` backend: endpoint (None = AWS), bucket (created beforehand), credentials, region,
    #: and a prefix of every object name (``sipekerja/`` when the bucket is shared).
    "SIPEKERJA_S3_ENDPOINT_URL": None,
    "SIPEKERJA_S3_BUCKET": None,
    "SIPEKERJA_S3_ACCESS_KEY": None,
    "SIPEKERJA_S3_SECRET_KEY": None,
    "SIPEKERJA_S3_REGION": "us-east-1",
    "SIPEKERJA_S3_PREFIX": "",
    #: Seconds of a presigned download URL; 0 (default) streams every file through the module's
    #: authorised view. Above 0 (``s3`` only) the view, after the same checks, redirects there.
    "SIPEKERJA_S3_PRESIGNED_DETIK": 0,
    "SIPEKERJA_MAX_UPLOAD_BYTES": 10 * 1024 * 1024,
    #: Files in one upload (a PPTK sends several photos at once); each is checked on its own and
    #: the host's MAX_CONTENT_LENGTH bounds the whole request.
    "SIPEKERJA_MAX_BERKAS_PER_UNGGAH": 10,
    #: What an XLSX/DOCX may declare, judged from its directory without inflating it: total
    #: uncompressed size, ratio of one part (XML compresses ~5-20x, bombs ~1000x), parts.
    "SIPEKERJA_MAX_UNCOMPRESSED_BYTES": 200 * 1024 * 1024,
    "SIPEKERJA_MAX_COMPRESSION_RATIO": 100,
    "SIPEKERJA_MAX_ARCHIVE_ENTRIES": 2000,
    #: Pixels (width x height) of an uploaded image, checked before anything is decoded.
    "SIPEKERJA_MAX_IMAGE_PIXELS": 40_000_000,
    #: When true a triwulan cannot be submitted while a reported value has no bukti dukung.
    "SIPEKERJA_WAJIB_BUKTI": False,
    # --- Heavy work off the request (sipekerja_module/antrian.py) ---
    #: Redis of the RQ job queue (e.g. ``redis://127.0.0.1:6379/0``). None: the dashboard summary
    #: is recomputed in the saving transaction and kabupaten reports are built in the request.
    #: Set: both are jobs run by ``flask sipekerja worker``.
    "SIPEKERJA_REDIS_URL": None,
    #: The RQ queue name, also the prefix of the module's own Redis keys.
    "SIPEKERJA_ANTRIAN": "sipekerja",
}
