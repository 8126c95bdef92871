"""Settings, read from the environment.

Development defaults need no configuration at all (SQLite under var/, files on local
disk). With DEBUG off, a missing SECRET_KEY stops the process instead of running with a
known key.
"""

import datetime
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CWGCOP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cwgcop.admin_apps.SiteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "corsheaders",
    # For the files of the API's browsable documentation, served from this site.
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "workinggroups",
    "contributions",
    "meetings",
    "alerts",
    "accounts",
    "related",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cwgcop.security.ContentSecurityPolicyMiddleware",
    # The client's address, for the limits of the mail forms (cwgcop/signin.py).
    "cwgcop.signin.ClientAddressMiddleware",
    # Before anything that may answer (whitenoise, CommonMiddleware); only under /api/.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and Last-Modified answered with 304, for pages served from the page cache too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions: a kept page is served without reading one (cwgcop/page_cache.py).
    "cwgcop.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Which group's pages the address is in: their addresses are reversed under it.
    "workinggroups.middleware.WorkingGroupMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, except that a visitor without a session is anonymous without reading one.
    "cwgcop.page_cache.AuthenticationMiddleware",
    # The language a signed-in person last used, for their mail (accounts/languages.py).
    "accounts.languages.AccountLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cwgcop.two_factor.TwoFactorMiddleware",
    # After the sign-in and its second factor: the author of every change a request makes.
    "cwgcop.change_log.ChangeLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cwgcop.meeting_time.MeetingTimeZoneInAdminMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it is the first to see an exception raised by a view.
    "cwgcop.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "cwgcop.urls"

# The group whose pages were the whole site before it served several: the addresses from
# then redirect to its pages, and a meeting created without a group belongs to it.
DEFAULT_WORKING_GROUP = {
    "slug": "cwg-cop",
    "acronym": "CWG-COP",
    "name": "Council Working Group on Child Online Protection",
}

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
                "cwgcop.languages.page_languages",
                "workinggroups.context_processors.working_group",
            ],
            # `{% kept %}`: a fragment of a page kept in the cache (cwgcop/kept.py).
            "builtins": ["cwgcop.kept"],
        },
    },
]

WSGI_APPLICATION = "cwgcop.wsgi.application"

if not os.environ.get("DATABASE_URL"):
    # The zero-setup default: a SQLite file under var/, created on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cwgcop.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Before all: refuses a try while the account or the address is slowed (cwgcop/guessing.py).
    "cwgcop.signin.SlowGuessingBackend",
    # First, so that a locked-out account or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's, by user name or e-mail address.
    "cwgcop.signin.AccountNameBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The six official languages of ITU; Arabic is written right to left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates as ITU writes them (cwgcop/formats/en/formats.py).
# Country names as ITU writes them where django-countries differs (its Chinese name of
# Tajikistan repeats a character); the names are translated in our own catalogues.
COUNTRIES_OVERRIDE = {"RU": _("Russian Federation"), "TJ": _("Tajikistan")}
FORMAT_MODULE_PATH = ["cwgcop.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
# Meetings are convened from ITU headquarters: deadlines are set and shown in Geneva time.
MEETING_TIME_ZONE = os.environ.get("MEETING_TIME_ZONE", "Europe/Zurich")
USE_TZ = True

# Members-only documents: the kinds of source (contributions.models.Source.Kind values)
# whose delegates count as ITU members and may read them, besides the secretariat and the
# chair. A ministry or agency of a Member State is that Member State's administration.
MEMBER_SOURCE_KINDS = tuple(
    os.environ.get("MEMBER_SOURCE_KINDS", "member_state,state_unit,sector_member,academia").split(
        ","
    )
)

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files are private until published: MEDIA_ROOT is never served under a URL,
# downloads go through a view that checks permission first.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# With a bucket named, files live in S3-compatible object storage (several app servers
# share it). The bucket stays private: every download still goes through the
# permission-checking view, which streams the object (README, "Files on object storage").
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION", "us-east-1"),
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "path"),
            "location": os.environ.get("S3_LOCATION", ""),
        },
    }

# In bytes; told to delegates in decimal units (50000000 is "50 MB", contributions/files/sizes.py).
DOCUMENT_FILE_MAX_BYTES = int(os.environ.get("DOCUMENT_FILE_MAX_BYTES", 50_000_000))
# Office files are zip archives: limits checked before anything expands them.
DOCUMENT_ARCHIVE_MAX_ENTRIES = int(os.environ.get("DOCUMENT_ARCHIVE_MAX_ENTRIES", 2000))
DOCUMENT_ARCHIVE_MAX_EXPANDED_BYTES = int(
    os.environ.get("DOCUMENT_ARCHIVE_MAX_EXPANDED_BYTES", 200_000_000)
)
DOCUMENT_ARCHIVE_MAX_RATIO = int(os.environ.get("DOCUMENT_ARCHIVE_MAX_RATIO", 100))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Every walk over a PDF's structure stops after this many nodes; the file is refused.
DOCUMENT_WALK_MAX_NODES = int(os.environ.get("DOCUMENT_WALK_MAX_NODES", 250_000))
# The ceiling of parsing (README, "Uploads"). An upload is checked in a child process that
# may use this many seconds (of CPU time and on the clock) and this much memory above its
# start; past it the file is refused and nothing is stored. Text extraction runs in the
# background under its own, larger ceiling; past it the file is marked and kept.
DOCUMENT_CHECK_SECONDS = float(os.environ.get("DOCUMENT_CHECK_SECONDS", 10))
DOCUMENT_CHECK_MEMORY_BYTES = int(os.environ.get("DOCUMENT_CHECK_MEMORY_BYTES", 768 * 1024 * 1024))
DOCUMENT_TEXT_SECONDS = float(os.environ.get("DOCUMENT_TEXT_SECONDS", 120))
DOCUMENT_TEXT_MEMORY_BYTES = int(os.environ.get("DOCUMENT_TEXT_MEMORY_BYTES", 1024 * 1024 * 1024))

# Text extraction runs as a task after commit. The immediate backend runs it in the
# request; production uses the database backend and a worker (README, "Background tasks").
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Redis, when named, is the cache every app server shares; sessions are then read from it
# and written through to the database, so a session opened on one server is valid on all.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cwgcop"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Part of every kept entry's key (cwgcop/kept.py), so that a deploy's fixes are what the next
# visitor gets; empty: a digest of the installed code, templates and translations.
CACHE_RELEASE = os.environ.get("CACHE_RELEASE", "")
# How long the page cache keeps an anonymous visitor's page; 0 turns it off. A removal from
# what the public sees (an unpublication, a members-only file, an edit) drops every kept
# page at once, whatever this says.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
# For how long after an addition (a publication, a new file of a public document) a page
# kept before it may still be served while one request renders the new one; 0 never.
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_SECONDS", 30))
# Within that window, how long the page from before is served as it is before one request
# renders it anew: at a deadline, with a publication every few seconds, each list is then
# rendered every PAGE_CACHE_RENDER_AFTER_SECONDS at most rather than after each of them.
# Each address waits from half of it to all of it (cwgcop.kept.render_after_seconds).
PAGE_CACHE_RENDER_AFTER_SECONDS = int(os.environ.get("PAGE_CACHE_RENDER_AFTER_SECONDS", 25))
# The counts and filter choices every list shows, kept until the public's view changes
# (cwgcop/kept.py), with the fragments of pages; 0 computes them on each page.
COUNTS_CACHE_SECONDS = int(os.environ.get("COUNTS_CACHE_SECONDS", 600))
# An export (CSV, JSON) up to this long is answered whole, and kept by the page cache as a
# page is; a longer one is streamed from the database every time.
KEPT_EXPORT_BYTES = int(os.environ.get("KEPT_EXPORT_BYTES", 10_000_000))

# Only delegates, the chair and the secretariat sign in. Their sessions end when the
# browser closes and after 8 hours without a request (each request renews the session).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 60 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True

# Five failed sign-ins for one account from one address lock that pair for the cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "cwgcop.signin.client_address"
AXES_USERNAME_CALLABLE = "cwgcop.signin.axes_username"
AXES_LOCKOUT_CALLABLE = "cwgcop.signin.locked_out"
# Masked in the records of failures, with the password: the second factor's code given
# with it while an account is slowed (a recovery code stays valid until used).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# Past this many rows for one account, axes deletes the newest failures, which would stop
# the count that slows guessing; old rows go with `axes_reset_failure_logs --age` instead.
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 10_000_000
# Guessing is slow whatever the addresses (cwgcop/guessing.py, README "Signing in"): an
# account's failures from all addresses in the window delay each further try, doubling
# from 1 s after the free ones up to the longest delay; an address's failures over all
# accounts past its limit hold it off; the holder is told by mail at SIGNIN_NOTIFY_FAILURES.
SIGNIN_FAILURE_WINDOW_MINUTES = int(os.environ.get("SIGNIN_FAILURE_WINDOW_MINUTES", 60))
SIGNIN_ACCOUNT_FREE_FAILURES = int(os.environ.get("SIGNIN_ACCOUNT_FREE_FAILURES", 10))
SIGNIN_MAX_DELAY_MINUTES = int(os.environ.get("SIGNIN_MAX_DELAY_MINUTES", 30))
SIGNIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGNIN_ADDRESS_FAILURE_LIMIT", 20))
SIGNIN_NOTIFY_FAILURES = int(os.environ.get("SIGNIN_NOTIFY_FAILURES", 10))
# An address the account signed in from within these days, and that has not failed for it
# since, is held by neither delay.
SIGNIN_KNOWN_ADDRESS_DAYS = int(os.environ.get("SIGNIN_KNOWN_ADDRESS_DAYS", 90))
# Every delegate must sign in with a second factor too (the secretariat and the chair must).
TWO_FACTOR_FOR_DELEGATES = env_bool("TWO_FACTOR_FOR_DELEGATES")

# The history of every change of documents and meetings (django-auditlog; see
# cwgcop/change_log.py). Values are stored with their types (a boolean, a number, null),
# a related row by its name at the time (an agenda item deleted later still reads), and
# the rows one request or command writes share one correlation id. Addresses are not kept:
# the author is named, and the history is shown to delegates.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_CID_GETTER = "cwgcop.change_log.current_change_id"
OTP_TOTP_ISSUER = "CWG-COP Documents"

# How a permitted download leaves the server. "django" streams the file from the app;
# "nginx" answers with an X-Accel-Redirect header to DOCUMENT_DOWNLOAD_INTERNAL_PREFIX, an
# `internal` nginx location aliased to MEDIA_ROOT, so the web server sends the bytes.
DOCUMENT_DOWNLOAD_BACKEND = os.environ.get("DOCUMENT_DOWNLOAD_BACKEND", "django")
DOCUMENT_DOWNLOAD_INTERNAL_PREFIX = os.environ.get(
    "DOCUMENT_DOWNLOAD_INTERNAL_PREFIX", "/protected-media/"
)
if DOCUMENT_DOWNLOAD_BACKEND not in {"django", "nginx"}:
    raise ImproperlyConfigured("DOCUMENT_DOWNLOAD_BACKEND must be 'django' or 'nginx'.")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where the file-based e-mail backend (a test or a staging machine) writes its messages.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cwg-cop@localhost")
# The address of the site as people outside it reach it, for links in mail.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# E-mail alerts: a confirmation link works for this many hours, and at most this many
# confirmation mails go to one address in that time, so that the form floods nobody.
ALERTS_CONFIRMATION_HOURS = int(os.environ.get("ALERTS_CONFIRMATION_HOURS", 48))
ALERTS_CONFIRMATIONS_PER_ADDRESS = int(os.environ.get("ALERTS_CONFIRMATIONS_PER_ADDRESS", 3))
# The forms that mail anyone (alert sign-up, password reset): each sends at most this many
# mails to one mailbox a day (a+x@ is a@) and at the request of one client address an hour.
MAIL_LIMIT_PER_MAILBOX = int(os.environ.get("MAIL_LIMIT_PER_MAILBOX", 3))
MAIL_LIMIT_PER_CLIENT = int(os.environ.get("MAIL_LIMIT_PER_CLIENT", 10))

SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The proxies whose X-Forwarded-For is believed (addresses or networks, `10.0.0.0/24`);
# from any other connection the header is ignored and the connection's address counts.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is no address.") from error
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
)
# The proxy terminates TLS; these make the app insist on it too (README, "Production").
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")

# The public API (api/): any web page may read it, and nothing else (CORS_URLS_REGEX);
# each client address may make API_RATE_LIMIT requests ("120/min", "1000/hour").
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "/admin/"

# One line per event on standard output, where the process manager collects it; a
# traceback is folded into its event's line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {
            "()": "cwgcop.logs.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
