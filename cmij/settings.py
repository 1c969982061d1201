"""Settings for the CMIJ platform, read from the environment.

The defaults give the embedded setup: SQLite, an in-process channel layer and hub, console email.
Setting DATABASE_URL and REDIS_URL switches to PostgreSQL (psycopg pool) and Redis. See README.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "cmij-development-secret-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def origin_of(url: str) -> str:
    """The origin (scheme://host[:port]) of a URL, as a browser sends it in the Origin header."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        raise ImproperlyConfigured(f"{url!r} is not an absolute URL like https://cmij.nl")
    return f"{parts.scheme}://{parts.netloc}".lower()


# --- Core -----------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development secret. Set SECRET_KEY to a long random "
        "value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), or set DEBUG=1 "
        "for development."
    )

# Where the site is reached from outside: links in QR codes and emails are built from it.
CMIJ_BASE_URL_FROM_ENVIRONMENT = bool(os.environ.get("CMIJ_BASE_URL"))
CMIJ_BASE_URL = (os.environ.get("CMIJ_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
BASE_HOST = urlsplit(CMIJ_BASE_URL).hostname or "127.0.0.1"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", sorted({"localhost", "127.0.0.1", "[::1]", BASE_HOST}))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [origin_of(CMIJ_BASE_URL)])

# Exact origins (scheme, host and port) a WebSocket may come from; read per connection by
# realtime.origins.SiteOriginValidator, so a test may change them at run time.
CMIJ_ALLOWED_ORIGINS = sorted({origin_of(CMIJ_BASE_URL), *(origin_of(o) for o in CSRF_TRUSTED_ORIGINS)})

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "channels",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "csp",
    # The project's apps, lowest layer first (docs/architecture.md, "Layers"): AppConfig.ready() runs in
    # this order, so what a higher app adds to a lower one's registry comes in a fixed order.
    "cmij",
    "notifications",
    "profiles",
    "boards",
    "archive",
    "teams",
    "callouts",
    "agenda",
    "realtime",
]

MIDDLEWARE = [
    # Pages, fragments and (served from the finders, as on `make run`) the stylesheet and cmij.js go
    # out compressed to a client that accepts it; first, so it sees every response. Django's gzip
    # pads its output against BREACH; files whitenoise has compressed ahead (collectstatic) it
    # leaves as they are.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cmij.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "cmij.urls"
ASGI_APPLICATION = "cmij.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "notifications.context_processors.bell",
                "cmij.navigation.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]
# Every form renders through templates/components/forms/ (errors tied to fields, a summary on top).
FORM_RENDERER = "cmij.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
_database = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent posts queue behind one writer instead of failing with "database is locked".
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # One connection per thread for the life of the process, not one per database call: opening a
    # SQLite connection (its PRAGMAs, Django's functions) and closing it (a WAL checkpoint) cost
    # several ms each, and a socket's connect made three calls (#29, docs/benchmarks.md). Threads
    # are few: the one thread for sync work and asgiref's small pool (realtime.threads).
    _database["CONN_MAX_AGE"] = None
    # Live-server tests (a daphne subprocess) need a file, not an in-memory database.
    # A file, so served processes in tests share it; CMIJ_TEST_DB names another for a parallel run.
    _database["TEST"] = {"NAME": os.environ.get("CMIJ_TEST_DB") or str(BASE_DIR / "test_db.sqlite3")}
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # Under ASGI persistent connections leak; psycopg's pool reuses them instead. With
    # CONN_HEALTH_CHECKS Django gives the pool ConnectionPool.check_connection, so each connection
    # is checked before it is lent out and a restarted PostgreSQL is survived without a restart.
    _database["CONN_MAX_AGE"] = 0
    _database["CONN_HEALTH_CHECKS"] = True
    _database["OPTIONS"] = {
        "pool": {
            "min_size": 1,
            "max_size": int(os.environ.get("CMIJ_DB_POOL_SIZE", "10")),
            # How long a request waits for a connection. With PostgreSQL away, after this the
            # request is answered 503 with Retry-After (cmij.views.server_error): a phone's
            # request should hear "try again" within seconds, not hang.
            "timeout": float(os.environ.get("CMIJ_DB_POOL_TIMEOUT", "4")),
        }
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, hub, cache -------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL") or ""
if REDIS_URL:
    CHANNEL_LAYER_READ_TIMEOUT = 30
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 reads with a 5 s socket timeout by default, and channels-redis blocks in
            # BZPOPMIN for 5 s: an idle or busy consumer's receive then timed out and the consumer
            # died (its socket closed with 1011). Reads may take longer than the block.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": CHANNEL_LAYER_READ_TIMEOUT}]},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The per-process hub: "redis" publishes through Redis pub/sub so every process hears it,
# "inprocess" delivers within this process only (the embedded default, one daphne process).
CMIJ_HUB_BACKEND = "redis" if REDIS_URL else "inprocess"

# --- Tasks ----------------------------------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Accounts (django-allauth) --------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "profiles.forms.SignupForm"
# Mandatory: the only mode in which allauth's signup does not say whether an address is registered
# while addresses stay unique (a registered address gets the same page as a new one, and its owner an
# "account already exists" email). A new member logs in by the link in the confirmation email.
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's own limits stay (failed logins, password resets, ...), except signing up: our limit counts
# signups per address with CMIJ_LIMITS["signups"] and says on the form when to try again.
ACCOUNT_RATE_LIMITS = {"signup": False}
ACCOUNT_ADAPTER = "cmij.adapters.AccountAdapter"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Email ----------------------------------------------------------------------------------------

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cultuurmakers IJmond <noreply@cmij.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An email that fails temporarily (the mail server unreachable, a 4xx answer such as greylisting) is
# sent again after CMIJ_EMAIL_RETRY_BACKOFF seconds, doubled for each attempt (2, 4, 8 minutes...), up
# to CMIJ_EMAIL_ATTEMPTS attempts in all; then, or at once for a permanent failure, it is recorded as a
# FailedEmail that organisers see in the admin (cmij/emails.py).
CMIJ_EMAIL_ATTEMPTS = max(1, int(os.environ.get("CMIJ_EMAIL_ATTEMPTS", "5")))
CMIJ_EMAIL_RETRY_BACKOFF = float(os.environ.get("CMIJ_EMAIL_RETRY_BACKOFF", "120"))

# --- Language and time ----------------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
# Named date formats where Dutch and English differ (cmij/formats/<language>/formats.py).
FORMAT_MODULE_PATH = "cmij.formats"

# --- Static and media -----------------------------------------------------------------------------

STATIC_URL = "/static/"
# collectstatic (compose, production) writes here; without it whitenoise serves from the finders.
STATIC_ROOT = BASE_DIR / "staticfiles" if env_bool("CMIJ_COLLECTSTATIC", False) else None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("CMIJ_COLLECTSTATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collectstatic (make run, tests) whitenoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not env_bool("CMIJ_COLLECTSTATIC", False)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("CMIJ_MEDIA_ROOT", BASE_DIR / "media"))

# --- Security -------------------------------------------------------------------------------------

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # 'self' covers ws:// and wss:// to this host in CSP level 3 browsers.
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browsers ignore Cross-Origin-Opener-Policy on plain http other than localhost, and log an error
# for it on every page: send it only where the site is served over https.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin" if CMIJ_BASE_URL.startswith("https://") else None
if not DEBUG and CMIJ_BASE_URL.startswith("https://"):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Every cookie we set is Secure over https: the session, CSRF, messages (they follow
    # SESSION_COOKIE_SECURE), the language, and our own (the join rate limit's and the joined
    # guests', boards/) which follow SESSION_COOKIE_SECURE too.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # The proxy in front of daphne terminates TLS; /healthz is probed over plain http inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Behind a reverse proxy (compose's Caddy, nginx, a host's load balancer) that terminates TLS: trust
# its X-Forwarded-Proto for "is this request https?" (otherwise every request looks like plain http
# and SECURE_SSL_REDIRECT loops), and `manage.py serve` runs daphne with --proxy-headers (the client's
# address from X-Forwarded-For). Only where the proxy sets these headers itself and daphne cannot be
# reached except through it: otherwise a client could claim https or any address.
CMIJ_BEHIND_PROXY = env_bool("CMIJ_BEHIND_PROXY", False)
if CMIJ_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A request body larger than this is refused with 413 before Django reads it (cmij/body_limit.py): a
# photo is at most 5 MB (cmij/images.py), so a form with one fits with room to spare.
CMIJ_MAX_BODY_BYTES = int(os.environ.get("CMIJ_MAX_BODY_BYTES", str(10 * 1024 * 1024)))

# How often one member may do a thing (cmij/limits.py; the windows are fixed there: messages a
# minute; responses, callouts and signups an hour; topic proposals, activities and reports a day).
# Signups count per client address (behind a proxy, see CMIJ_BEHIND_PROXY).
CMIJ_LIMITS = {
    "messages": int(os.environ.get("CMIJ_LIMIT_MESSAGES", "20")),
    "responses": int(os.environ.get("CMIJ_LIMIT_RESPONSES", "30")),
    "callouts": int(os.environ.get("CMIJ_LIMIT_CALLOUTS", "3")),
    "topic_proposals": int(os.environ.get("CMIJ_LIMIT_TOPIC_PROPOSALS", "5")),
    "events": int(os.environ.get("CMIJ_LIMIT_EVENTS", "5")),
    "reports": int(os.environ.get("CMIJ_LIMIT_REPORTS", "10")),
    "signups": int(os.environ.get("CMIJ_LIMIT_SIGNUPS", "30")),
}
# Where the counts are kept in the cache: two sites sharing one Redis give each its own.
CMIJ_LIMITS_NAMESPACE = os.environ.get("CMIJ_LIMITS_NAMESPACE", "cmij:limit")

# --- Realtime limits ------------------------------------------------------------------------------

CMIJ_WS_MAX_MESSAGE_BYTES = 64 * 1024

# A board socket sent this many events since its phone last acknowledged is not being read: it is
# closed with 4013 (come back and resume from the log) rather than buffered without bound.
CMIJ_SOCKET_MAX_BEHIND = int(os.environ.get("CMIJ_SOCKET_MAX_BEHIND", "500"))

# The most guests one meeting's join code admits (a ceiling per code).
CMIJ_MAX_GUESTS_PER_SESSION = int(os.environ.get("CMIJ_MAX_GUESTS_PER_SESSION", "300"))
# How long the projector shows one page of a board that does not fit on one screen (cmij.js pages).
CMIJ_PROJECTOR_PAGE_SECONDS = float(os.environ.get("CMIJ_PROJECTOR_PAGE_SECONDS", "12"))

# A socket counts as present this many seconds after its last heartbeat (the glue acks every 5 s).
CMIJ_PRESENCE_TTL = float(os.environ.get("CMIJ_PRESENCE_TTL", "20"))

# Guests' names and meeting memberships are removed this many days after their meeting ends.
CMIJ_GUEST_RETENTION_DAYS = int(os.environ.get("CMIJ_GUEST_RETENTION_DAYS", "7"))

# --- Partner calendars (agenda sources, agenda/sources.py) -------------------------------------------

# One fetch of a partner's calendar, redirects and a slow server included, is cut after this many
# seconds; its body may be at most this many bytes; it follows at most this many redirects.
CMIJ_AGENDA_FETCH_DEADLINE = float(os.environ.get("CMIJ_AGENDA_FETCH_DEADLINE", "20"))
CMIJ_AGENDA_FETCH_MAX_BYTES = int(os.environ.get("CMIJ_AGENDA_FETCH_MAX_BYTES", str(5 * 1024 * 1024)))
CMIJ_AGENDA_FETCH_MAX_REDIRECTS = int(os.environ.get("CMIJ_AGENDA_FETCH_MAX_REDIRECTS", "3"))
# Loopback, private, link-local and other non-public addresses are never fetched, except in the
# networks listed here (comma-separated, e.g. "127.0.0.1/32" to try a feed from a local file server).
CMIJ_AGENDA_FETCH_ALLOW_NETWORKS = env_list("CMIJ_AGENDA_FETCH_ALLOW_NETWORKS", [])
# The most events one source brings in (the earliest within the window); the rest are left out and
# its status says how many.
CMIJ_AGENDA_SOURCE_MAX_EVENTS = int(os.environ.get("CMIJ_AGENDA_SOURCE_MAX_EVENTS", "500"))
# How far ahead imported events (and the occurrences of a series) are taken, from today.
CMIJ_AGENDA_WINDOW_DAYS = int(os.environ.get("CMIJ_AGENDA_WINDOW_DAYS", "365"))
# Seconds between two periodic fetches of every source (manage.py fetch_sources --every).
CMIJ_AGENDA_FETCH_EVERY = int(os.environ.get("CMIJ_AGENDA_FETCH_EVERY", "3600"))

# --- Logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
