"""Settings, read from the environment.

Development defaults need no configuration at all (SQLite under var/, files on local
disk). With DEBUG off, a missing SECRET_KEY stops the process instead of running with a
known key.
"""

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
    "django.contrib.admin",
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
    "rules.apps.AutodiscoverRulesConfig",
    "contributions",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cwgcop.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cwgcop.urls"

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
            ],
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
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
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
# Country names as ITU writes them where django-countries differs (its Chinese name of
# Tajikistan repeats a character); the names are translated in our own catalogues.
COUNTRIES_OVERRIDE = {"RU": _("Russian Federation"), "TJ": _("Tajikistan")}
FORMAT_MODULE_PATH = ["cwgcop.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
# Meetings are convened from ITU headquarters: deadlines are set and shown in Geneva time.
MEETING_TIME_ZONE = os.environ.get("MEETING_TIME_ZONE", "Europe/Zurich")
USE_TZ = True

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

DOCUMENT_FILE_MAX_BYTES = int(os.environ.get("DOCUMENT_FILE_MAX_BYTES", 50 * 1024 * 1024))
# Office files are zip archives: limits checked before anything expands them.
DOCUMENT_ARCHIVE_MAX_ENTRIES = int(os.environ.get("DOCUMENT_ARCHIVE_MAX_ENTRIES", 2000))
DOCUMENT_ARCHIVE_MAX_EXPANDED_BYTES = int(
    os.environ.get("DOCUMENT_ARCHIVE_MAX_EXPANDED_BYTES", 200 * 1024 * 1024)
)
DOCUMENT_ARCHIVE_MAX_RATIO = int(os.environ.get("DOCUMENT_ARCHIVE_MAX_RATIO", 100))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Text extraction runs as a task after commit. The immediate backend runs it in the
# request; production uses the database backend and a worker (README, "Background tasks").
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

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
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cwg-cop@localhost")
# The address of the site as people outside it reach it, for links in mail.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
)

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
