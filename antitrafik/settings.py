"""Antitrafik settings: everything comes from environment variables (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    SECURE_SSL_REDIRECT=(bool, True),
    SESSION_COOKIE_AGE=(int, 60 * 60 * 8),
    AXES_FAILURE_LIMIT=(int, 5),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-key-only-never-in-production-0123456789"  # noqa: S105
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "antitrafik",
    "institutions",
    "strategy",
    "reports",
]

MIDDLEWARE = [
    "antitrafik.middleware.RequestLogMiddleware",  # first: times the whole request, logs every answer
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "antitrafik.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "antitrafik.middleware.AuthenticationMiddleware",  # Django's, the user kept under the data's version
    "antitrafik.middleware.NoStoreMiddleware",
    "antitrafik.middleware.OTPMiddleware",  # django-otp's, the device kept under the data's version
    "antitrafik.middleware.ActiveUserMiddleware",
    "institutions.security.middleware.SecurityLogMiddleware",
    "antitrafik.middleware.SessionTimeoutMiddleware",
    "institutions.twofactor.middleware.SecondFactorMiddleware",
    "antitrafik.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "antitrafik.urls"
WSGI_APPLICATION = "antitrafik.wsgi.application"

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
                "django.template.context_processors.csp",
                "antitrafik.context_processors.navigation",
                "antitrafik.kept_pages.csrf",  # replaces Django's: a kept page holds a placeholder (kept_pages)
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "institutions.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Sessions end after a working day (counted from the sign-in), after SESSION_IDLE_TIMEOUT seconds without a
# request, and when the browser closes (antitrafik.middleware.SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = env("SESSION_COOKIE_AGE")
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False

# Two-step sign-in (django-otp, TOTP): required for these roles whenever TWO_FACTOR_REQUIRED is on, which it
# is by default when DEBUG is off; offered to everyone on their account page. After TWO_FACTOR_FAILURE_LIMIT
# wrong codes (or recovery codes) in a row the second step refuses for TWO_FACTOR_LOCKOUT_MINUTES.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
# Each server process builds the institutions' indicator grids as it starts (antitrafik.wsgi.warm).
WARM_AT_START = env.bool("WARM_AT_START", default=not DEBUG)
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=["director", "coordinator"])
TWO_FACTOR_FAILURE_LIMIT = env.int("TWO_FACTOR_FAILURE_LIMIT", default=5)
TWO_FACTOR_LOCKOUT_MINUTES = env.int("TWO_FACTOR_LOCKOUT_MINUTES", default=15)
TWO_FACTOR_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Antitrafik"
OTP_TOTP_THROTTLE_FACTOR = 1

# Throttles of the password pages: wrong current passwords on the change page (per user), and reset e-mails
# (per user and per address), counted in the database over the window.
PASSWORD_CHANGE_FAILURE_LIMIT = env.int("PASSWORD_CHANGE_FAILURE_LIMIT", default=5)
PASSWORD_RESET_EMAIL_LIMIT = env.int("PASSWORD_RESET_EMAIL_LIMIT", default=3)
PASSWORD_THROTTLE_MINUTES = env.int("PASSWORD_THROTTLE_MINUTES", default=60)

# The Django admin (a tool for the system administrator): served at ADMIN_URL only where ADMIN_ENABLED is on,
# which it is by default only when DEBUG is on.
ADMIN_ENABLED = env.bool("ADMIN_ENABLED", default=DEBUG)
ADMIN_URL = env("ADMIN_URL", default="admin/")

# django-axes: lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# The security log (institutions.SecurityEvent): `manage.py purge_security_log` deletes older events.
SECURITY_LOG_RETENTION_DAYS = env.int("SECURITY_LOG_RETENTION_DAYS", default=365)

LANGUAGE_CODE = "sq"
LANGUAGES = [("sq", _("Albanian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Albanian groups thousands (83.950.000): Django's Albanian formats do not (antitrafik/formats/sq/).
FORMAT_MODULE_PATH = ["antitrafik.formats"]
TIME_ZONE = "Europe/Tirane"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
# Meeting documents (agenda, minutes, presentations): at most this many bytes, stored under MEDIA_ROOT/documents/
# under random names and served only through a view that checks the reader's rights.
DOCUMENT_UPLOAD_MAX_BYTES = env.int("DOCUMENT_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# django-filter's empty choice ("---------" by default) in the reader's language.
FILTERS_EMPTY_CHOICE_LABEL = _("- Any -")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Antitrafik <noreply@antitrafik.gov.al>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Security: strict by default; a local run sets DEBUG=True and relaxes only the HTTPS parts.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT") and not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "matplotlib": {"level": "WARNING"},
        # One line per request (antitrafik.middleware.RequestLogMiddleware); REQUEST_LOG_LEVEL=WARNING silences it.
        "antitrafik.requests": {"level": env("REQUEST_LOG_LEVEL", default="INFO")},
        # What each server process built as it started, and how long it took (antitrafik.warm): one line each.
        "antitrafik.warm": {"level": "INFO"},
    },
}

# Reminders and review (reports app).
REVIEW_WAITING_DAYS = env.int("REVIEW_WAITING_DAYS", default=10)
REMINDER_DAYS_BEFORE_DUE = env.int("REMINDER_DAYS_BEFORE_DUE", default=5)
REMINDER_ESCALATE_COORDINATOR_DAYS = env.int("REMINDER_ESCALATE_COORDINATOR_DAYS", default=7)
REMINDER_ESCALATE_DIRECTOR_DAYS = env.int("REMINDER_ESCALATE_DIRECTOR_DAYS", default=14)

# Committee reports: finalising a report in which a quarter has fewer accepted reports than this share (%)
# asks for a reason, which the report prints.
COMMITTEE_COVERAGE_THRESHOLD = env.int("COMMITTEE_COVERAGE_THRESHOLD", default=90)

# Public sources (reports app): a published figure and the institutions' figure for the same indicator and
# year are flagged when they differ by more than this share of the published figure.
PUBLIC_SOURCE_DIFFERENCE_SHARE = env.float("PUBLIC_SOURCE_DIFFERENCE_SHARE", default=0.2)

# Hostile clients (issue 10: lockout behind a proxy, production mail and links).
# How many reverse proxies stand in front of the application: 0 for `make run`, 1 behind the documented nginx.
# The client address (sign-in lockout) is then read from X-Forwarded-For (antitrafik/client.py); a lockout holds
# one username from one client address, so nobody can lock a named user out from elsewhere.
# AXES_PROXY_COUNT is the name the earlier deployment guide used.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))
AXES_CLIENT_IP_CALLABLE = "antitrafik.client.client_ip"
# A NUL character in any query or form value answers 400 (antitrafik/middleware.py), once for every form.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                  "antitrafik.middleware.NulCharacterMiddleware")
# The public site (reports.public, under /public/): a published count of persons from 1 to this threshold
# reads "<5" (threshold 4), and other cells are hidden so that it cannot be worked out.
PUBLIC_SUPPRESSION_THRESHOLD = env.int("PUBLIC_SUPPRESSION_THRESHOLD", default=4)
# How long the public pages stay cached (seconds). A page is cached under the publications it shows (their
# ids and versions) and its language, so publishing or withdrawing gives it a new key; PUBLIC_STATE_SECONDS is
# how long a process trusts its cached list of publications (with a cache shared by every worker, such as
# Redis or memcached, a withdrawal is seen at once; with the default per-process cache, within this time).
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=24 * 3600)
PUBLIC_STATE_SECONDS = env.int("PUBLIC_STATE_SECONDS", default=30)

# The cache: the public pages and the charts. Local memory (one per process) by default; CACHE_URL points to a
# shared cache in production (e.g. redis://127.0.0.1:6379/1 or pymemcache://127.0.0.1:11211).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://antitrafik")}
# Signed-in pages kept while the data they show is unchanged (antitrafik.kept_pages): per process by default, at
# most PAGES_KEPT pages; PAGES_CACHE_URL may point to a cache shared by every server (the key holds the data's
# token, read from the database, so a shared cache stays right).
CACHES["pages"] = env.cache("PAGES_CACHE_URL", default="locmemcache://antitrafik-pages")
CACHES["pages"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", env.int("PAGES_KEPT", default=300))
# Background tasks (operations): Django's tasks framework with the database backend of django-tasks-db, so a
# task commits with the data that caused it and no other server is needed. `manage.py run_worker` runs them
# (`make run` starts it beside the web server). Tests run tasks at once (tests/conftest.py: ImmediateBackend).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    },
}
# A failed task is tried again this many times in all, after TASK_RETRY_DELAY seconds, doubling each time.
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=5)
TASK_RETRY_DELAY = env.int("TASK_RETRY_DELAY", default=30)
# A task running longer than this (seconds) is taken to belong to a worker that died: it is run again.
TASK_STALE_AFTER = env.int("TASK_STALE_AFTER", default=15 * 60)
# /healthz/ says "degraded" when the oldest waiting task has waited longer than this (seconds).
TASK_QUEUE_DEGRADED_AFTER = env.int("TASK_QUEUE_DEGRADED_AFTER", default=5 * 60)
