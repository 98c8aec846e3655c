"""Arcwise settings: one module, configured only by environment variables.

Local defaults are safe for a laptop (SQLite in var/, DEBUG on, e-mail printed to the
console). With DEBUG off the production guards apply: a missing SECRET_KEY or
ALLOWED_HOSTS stops start-up, and the HTTPS settings that `check --deploy` asks for are on.
Every variable is listed in .env.example and in the README.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url

from arcwise.env import ConfigurationError, env_bool, env_int, env_list, env_str
from arcwise.privacy.keys import encryption_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=True)

_LOCAL_ONLY_SECRET = "arcwise-local-development-only-secret-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigurationError(
            "SECRET_KEY is not set. With DEBUG off Arcwise needs a long random SECRET_KEY; "
            'generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = _LOCAL_ONLY_SECRET

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ConfigurationError(
        "ALLOWED_HOSTS is not set. With DEBUG off, list the host names Arcwise is served on, "
        "separated by commas, e.g. ALLOWED_HOSTS=coaching.example.org"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# The keys that encrypt coaching notes at rest, newest first: from the environment or a key
# file, never from the database (arcwise/privacy/keys.py says where, and what DEBUG changes).
ENCRYPTION_KEYS = encryption_keys(os.environ, debug=DEBUG, var_dir=VAR_DIR)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "arcwise.ui",
    "arcwise.accounts",
    "arcwise.privacy",
    "arcwise.clients",
    "arcwise.designs",
    "arcwise.journeys",
    "arcwise.nudges",
    "arcwise.outcomes",
    "arcwise.sponsors",
    "arcwise.conversations",
    "arcwise.booking",
    "arcwise.intake",
    "arcwise.portal",
    "arcwise.insights",
    "arcwise.search",
    "arcwise.records",
    "arcwise.api",
    "arcwise.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy, Permissions-Policy, and no-store on every response but a static
    # file (WhiteNoise's, below, may be cached).
    "arcwise.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "arcwise.accounts.middleware.PracticeMiddleware",
]

ROOT_URLCONF = "arcwise.urls"
WSGI_APPLICATION = "arcwise.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "arcwise" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "arcwise.accounts.context_processors.practice_context",
            ],
        },
    },
]

# --- Database: SQLite embedded by default, PostgreSQL in production via DATABASE_URL.
_DEFAULT_SQLITE = VAR_DIR / "arcwise.sqlite3"
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{_DEFAULT_SQLITE}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ConfigurationError(f"DATABASE_URL cannot be read: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests write at once under runserver; wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The test database is a file, not memory: tests that race two threads on one write need
    # SQLite's real locking (wait, then go on), which a shared in-memory database does not give.
    # It lies beside the database DATABASE_URL names, so that two checkouts (or two runs
    # given two files) never share one.
    _database_file = Path(str(DATABASES["default"]["NAME"] or _DEFAULT_SQLITE))
    if str(_database_file) != ":memory:":
        _database_file.parent.mkdir(parents=True, exist_ok=True)
        DATABASES["default"]["TEST"] = {
            "NAME": str(_database_file.with_name(f"test_{_database_file.name}"))
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Kept so that a hash made by an older setting still verifies and is upgraded on sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # two hours: long enough to find the e-mail, short to leak
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", default=7)
# How long a client's portal link works before they need a fresh one.
PORTAL_LINK_VALID_DAYS = env_int("PORTAL_LINK_VALID_DAYS", default=14)
# Requests one API token may make in a minute, counted in the database (docs/api.md).
API_RATE_LIMIT = env_int("API_RATE_LIMIT", default=120)
# The address people reach Arcwise at, for links in messages sent outside a request. `make run`
# sets it to the host and port it serves on, for the server, the sender and the demo alike.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# Behind a reverse proxy, the header that carries the client's address (e.g. X-Forwarded-For);
# sign-in throttling counts failures per address, and REMOTE_ADDR would be the proxy's.
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER")

# --- Internationalisation: stored in UTC, shown in the viewer's time zone.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files, served by WhiteNoise so that one process can serve the whole app.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "arcwise" / "static"]
# In development WhiteNoise serves from the app folders; STATIC_ROOT exists only after
# `collectstatic`, which production runs.
warnings.filterwarnings("ignore", message="No directory at")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail: printed to the console unless an SMTP host is configured; then Django's SMTP
# backend, with envelope addresses prepared more cheaply (arcwise/nudges/smtp_backend.py).
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "arcwise.nudges.smtp_backend.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Arcwise <arcwise@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security. X-Frame-Options DENY everywhere; HTTPS settings in production.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if env_bool("BEHIND_TLS_PROXY", default=False):
        # Only safe when the proxy strips this header from clients and sets it itself.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A secret in an address (a portal, invitation, reset or sign-up link, a calendar feed)
    # is logged as "[token]": on the loggers that name paths, and on every handler.
    # docs/deployment-logs.md covers gunicorn and the proxy in front of it.
    "filters": {"mask_tokens": {"()": "arcwise.log_masking.MaskTokens"}},
    "formatters": {
        # runserver's line per request, as Django formats it.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers for its records (a console of its own with DEBUG on, which
        # would print each record twice and unmasked; e-mail to ADMINS, which Arcwise does
        # not set) give way to the root's console.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["mask_tokens"],
        },
        "django.request": {"filters": ["mask_tokens"]},
        # WeasyPrint logs every step of every PDF at INFO ("Step 5 - Creating layout - Page
        # 2"): noise at any level a practice would run at. Its warnings (a refused fetch)
        # still show.
        "weasyprint": {"level": "WARNING"},
    },
}
