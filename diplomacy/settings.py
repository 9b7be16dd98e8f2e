"""Settings for Demarche, read from the environment.

Every value has a safe default; production sets DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS
and a PostgreSQL DATABASE_URL.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def envint(name, default):
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def envlist(name, default):
    value = os.environ.get(name, "")
    if value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def cache_from_url(url):
    """A cache from CACHE_URL: redis://host:6379/0 (with the redis package), file:///path,
    locmem:// or dummy:// (keeps nothing)."""
    scheme, _, rest = url.partition("://")
    backends = {
        "redis": ("django.core.cache.backends.redis.RedisCache", url),
        "file": ("diplomacy.cache.FolderCache", rest),
        "locmem": ("django.core.cache.backends.locmem.LocMemCache", rest),
        "dummy": ("django.core.cache.backends.dummy.DummyCache", ""),
    }
    if scheme not in backends:
        raise ImproperlyConfigured(f"CACHE_URL must start with {', '.join(backends)}://.")
    backend, location = backends[scheme]
    return {"BACKEND": backend, "LOCATION": location, "OPTIONS": {"MAX_ENTRIES": 10_000}}


DEBUG = envbool("DEBUG", False)

# Without DEBUG, a missing key stops the site from starting (wsgi.py, asgi.py and the
# system check in diplomacy/checks.py), while offline commands such as makemigrations run.
MISSING_SECRET_KEY = (
    "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=true "
    "for local development (which uses a development-only key)."
)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "axes",
    # Background jobs (imports): Django's tasks framework, backported, kept in the database and
    # run by `manage.py db_worker` (make run starts one).
    "django_tasks",
    "django_tasks_db",
    "statements",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy and Permissions-Policy of every response, static files too.
    "csp.middleware.CSPMiddleware",
    "diplomacy.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who made each change for the history of curated records.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: counts failed sign-ins and answers locked-out ones.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "diplomacy.urls"
WSGI_APPLICATION = "diplomacy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "statements.context.licence",
            ],
        },
    },
]

# The zero-setup default is a SQLite file under var/; production uses PostgreSQL.
# Connections are kept for a minute and checked before each request reuses them, so a
# database that restarted is reconnected to by itself; the development server opens a thread
# per request, where a kept connection would only leak, so DEBUG keeps none.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'demarche.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=envbool("CONN_HEALTH_CHECKS", True),
    )
}
options = DATABASES["default"].setdefault("OPTIONS", {})
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Compiling a costly query (JIT) took 1.5 s before the first row of an export; pages and
    # exports run short queries over indexes, which JIT only delays.
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Simultaneous saves wait their turn instead of failing with "database is locked": each
    # transaction takes the write lock when it begins (a deferred one could not wait for it
    # once it had read), waits up to the busy timeout for it, and WAL lets pages be read
    # meanwhile.
    options.setdefault("transaction_mode", "IMMEDIATE")
    options.setdefault("timeout", envint("SQLITE_BUSY_TIMEOUT", 20))
    options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
# A PostgreSQL read replica for the public pages (diplomacy/routers.py): every write, and the
# desk's reads, go to the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=DATABASES["default"]["CONN_HEALTH_CHECKS"],
        ),
        "OPTIONS": dict(options),
    }
DATABASE_ROUTERS = ["diplomacy.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public pages are computed once per change of the published data and kept for everyone
# (statements/page_cache.py), for at most PAGE_CACHE_SECONDS (0: not kept; the default with
# DEBUG, so that an edited template shows at once). The cache is a folder under var/ by
# default, shared by the processes of one machine; CACHE_URL=redis://… shares it between
# machines.
CACHES = {
    "default": cache_from_url(
        os.environ.get("CACHE_URL") or f"file://{BASE_DIR / 'var' / 'cache' / 'pages'}"
    )
}
PAGE_CACHE = "default"
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 0 if DEBUG else 24 * 3600)

# The licence of the data: on /data/, in the data package, in every JSON export and in the
# footer. `name` is an SPDX identifier, as the Data Package standard asks.
DATA_LICENCE = {
    "name": os.environ.get("DATA_LICENCE_NAME", "CC-BY-4.0"),
    "path": os.environ.get("DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
    "title": os.environ.get("DATA_LICENCE_TITLE", "Creative Commons Attribution 4.0 International"),
}

# Dated releases of the data (manage.py release), listed on /data/; and the site's own address,
# which the files written outside a request (releases) start their links with.
RELEASES_DIR = Path(os.environ.get("RELEASES_DIR") or BASE_DIR / "var" / "releases")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# How Demarche introduces itself to the sites it asks (Wikidata, a source's address), as
# Wikimedia asks of every client: a name, and where to reach whoever runs it (set CONTACT to
# an address).
USER_AGENT = (
    f"Demarche/0.1 ({SITE_URL}; {os.environ.get('CONTACT', 'no contact set')}) python-urllib"
)

# The documents of sources: the most a kept document may weigh. They are stored through
# Django's storage API (STORAGES["default"]: MEDIA_ROOT, a folder under var/, by default).
SOURCE_DOCUMENT_MAX_BYTES = envint("SOURCE_DOCUMENT_MAX_BYTES", 50 * 2**20)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")

# Feeds name each record with a permanent tag URI, tag:<authority>:statement:123 (RFC 4151):
# a domain the publisher held on a date, never to be changed once feeds are read.
FEED_TAG_AUTHORITY = os.environ.get("FEED_TAG_AUTHORITY", "demarche.org,2026")

# The editing desk's address, e.g. ADMIN_PATH=desk-7f3a/ to keep it out of scanners' way.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"
if ADMIN_PATH == "/":
    raise ImproperlyConfigured("ADMIN_PATH must name a path, e.g. admin/.")

# Guessing passwords is stopped by django-axes: after LOGIN_FAILURE_LIMIT failed sign-ins for
# one account, or from one address, signing in is refused for LOGIN_LOCKOUT_MINUTES. Each
# lockout is kept (Access attempts in the admin); see the README for unlocking.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "diplomacy.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "diplomacy.middleware.client_ip"
# Behind a proxy, the request header that carries the client's address (e.g. HTTP_X_REAL_IP);
# it must be one the proxy sets, never one a client can send.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    # Kept documents of sources: MEDIA_ROOT, or an S3-compatible store with STORAGE_S3_BUCKET
    # (django-storages: pip install '.[s3]'; its AWS_* settings from the environment). The
    # files are never served as they are: readers get those allowed through the app.
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["STORAGE_S3_BUCKET"],
            "endpoint_url": os.environ.get("STORAGE_S3_ENDPOINT_URL"),
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
    if os.environ.get("STORAGE_S3_BUCKET")
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Without collectstatic (a first run, tests), whitenoise serves from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

# Production security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_NAME,
# e.g. HTTP_X_FORWARDED_PROTO.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Nothing but the site's own origin: no inline script or style, no plugins, no framing. The
# public pages run no script; the admin's scripts and styles are files of its own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Features no page of the site uses, refused to it and to anything it could embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    ]
)
if os.environ.get("SECURE_PROXY_SSL_HEADER_NAME"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER_NAME"], "https")

SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Curators' imports: uploads larger than this are refused; files wait here between the dry
# run and the import.
IMPORT_MAX_UPLOAD_BYTES = envint("IMPORT_MAX_UPLOAD_MB", 50) * 1024 * 1024
IMPORT_DIR = BASE_DIR / "var" / "imports"
# An upload neither imported nor discarded is deleted after this long.
IMPORT_UPLOAD_HOURS = envint("IMPORT_UPLOAD_HOURS", 24)
