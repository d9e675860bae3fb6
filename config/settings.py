"""Trygga's settings, read from the environment (12-factor).

Every variable is typed once here with its default; `.env.example` documents each one and
`docs/configuration.md` explains them.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("TRYGGA_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, "insecure-dev-key-change-me-in-production-0123456789abcdef"),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
    DATABASE_URL=(str, f"sqlite:///{VAR_DIR / 'trygga.sqlite3'}"),
    EMAIL_URL=(str, "smtp://127.0.0.1:1025"),
    DEFAULT_FROM_EMAIL=(str, "Trygga <trygga@localhost>"),
    TIME_ZONE=(str, "Europe/Stockholm"),
    LANGUAGE_CODE=(str, "sv"),
    MEDIA_ROOT=(str, str(VAR_DIR / "media")),
    STATIC_ROOT=(str, str(VAR_DIR / "static")),
    CSRF_TRUSTED_ORIGINS=(list, []),
    SECURE=(bool, False),
    LOG_LEVEL=(str, "INFO"),
    LOG_FORMAT=(str, "plain"),
    IMPORT_MAX_UPLOAD_MB=(int, 50),
    TEST_DATABASE_NAME=(str, ""),
    MAP_TILE_URL=(str, ""),
    MAP_TILE_ATTRIBUTION=(str, ""),
    SMALL_COUNT_K=(int, 5),
    PUBLIC_STATISTICS_CONFIDENTIALITY=(list, ["open"]),
    PUBLIC_BASE_URL=(str, "http://127.0.0.1:8000"),
    REPORT_PHOTO_MAX_MB=(int, 8),
    REPORT_RATE_LIMIT_COUNT=(int, 10),
    REPORT_RATE_LIMIT_WINDOW_SECONDS=(int, 3600),
    REPORT_CONTACT_RETENTION_DAYS=(int, 90),
    HELD_SUBMISSION_RETENTION_DAYS=(int, 30),
    REPORT_RATE_COUNTER_RETENTION_DAYS=(int, 1),
    PLAN_ATTACHMENT_MAX_MB=(int, 10),
    # Log-in security (docs/security.md): roles that must use two-factor log-in, lock-out
    # after failed attempts, the session's lifetime, proxies in front of the server.
    TWO_FACTOR_REQUIRED_ROLES=(list, ["administrator", "coordinator"]),
    LOGIN_FAILURE_LIMIT=(int, 5),
    LOGIN_LOCKOUT_MINUTES=(int, 15),
    SESSION_HOURS=(int, 8),
    TRUSTED_PROXY_COUNT=(int, 0),
    # Retention (gallring) in days, run by `trygga gallra`; 0 keeps the data (docs/privacy.md).
    AUDIT_RETENTION_DAYS=(int, 1825),
    AUDIT_READ_RETENTION_DAYS=(int, 730),
    AUDIT_IP_RETENTION_DAYS=(int, 180),
    LOGIN_ATTEMPT_RETENTION_DAYS=(int, 30),
    EVENT_FREE_TEXT_RETENTION_DAYS=(int, 1095),
    PROCESSING_CONTROLLER=(str, ""),
    DPO_CONTACT=(str, ""),
    OPEN311_KEY_RATE_LIMIT_COUNT=(int, 1000),
    OPEN311_CONTACT=(str, ""),
)
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so its Swedish registration/ templates win over the admin app's English ones.
    "trygga.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from static files: no CDN
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "trygga.core",
    "trygga.audit",
    "trygga.geography",
    "trygga.accounts",
    "trygga.events",
    "trygga.reports",
    "trygga.lagesbild",
    "trygga.plans",
    "trygga.demo",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer before host checks and the HTTPS redirect.
    "trygga.core.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trygga.audit.middleware.RequestContextMiddleware",
    "trygga.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it turns a lock-out noticed anywhere into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while an import writes; the timeout rides out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
if env("TEST_DATABASE_NAME"):
    # Lets parallel test runs on one PostgreSQL server use separate test databases.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"
# django-axes checks the lock-out first; a locked-out person is refused even with the right
# password. Failed second-factor codes count towards the same limit (trygga.web.account).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_LOCKOUT_MINUTES"))
# Per account and address together: a guesser is stopped without letting anyone lock a
# colleague out from elsewhere. Two-factor log-in guards the accounts that matter most.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful log-ins are in the audit log
AXES_CLIENT_IP_CALLABLE = "trygga.core.http.client_ip"
AXES_CLIENT_STR_CALLABLE = "trygga.accounts.signals.axes_log_label"
AXES_LOCKOUT_CALLABLE = "trygga.web.account.views.locked_out"
AXES_VERBOSE = False
TWO_FACTOR_REQUIRED_ROLES = env("TWO_FACTOR_REQUIRED_ROLES")
OTP_TOTP_ISSUER = "Trygga"
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT")

# Retention (gallring): each rule registered in trygga.core.privacy reads its days here.
AUDIT_RETENTION_DAYS = env("AUDIT_RETENTION_DAYS")
AUDIT_READ_RETENTION_DAYS = env("AUDIT_READ_RETENTION_DAYS")
AUDIT_IP_RETENTION_DAYS = env("AUDIT_IP_RETENTION_DAYS")
LOGIN_ATTEMPT_RETENTION_DAYS = env("LOGIN_ATTEMPT_RETENTION_DAYS")
EVENT_FREE_TEXT_RETENTION_DAYS = env("EVENT_FREE_TEXT_RETENTION_DAYS")
# The register of processing activities (`trygga processing-register`).
PROCESSING_CONTROLLER = env("PROCESSING_CONTROLLER")
DPO_CONTACT = env("DPO_CONTACT")

LANGUAGE_CODE = env("LANGUAGE_CODE")
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "trygga" / "locale"]
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT")
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# A request body other than a file upload (a form, JSON) may be at most 5 MB: larger answers
# 400 before any view runs. An uploaded file above 5 MB is streamed to a temporary file
# instead of memory; its own limit is the view's (IMPORT_MAX_UPLOAD_MB, REPORT_PHOTO_MAX_MB).
# The reverse proxy's limit (nginx client_max_body_size) must allow the largest of these.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
IMPORT_MAX_UPLOAD_BYTES = env("IMPORT_MAX_UPLOAD_MB") * 1024 * 1024

# Maps draw the municipal outline and districts without tiles (offline networks); a tile
# layer is added only when a URL template such as https://tiles.example/{z}/{x}/{y}.png is set.
MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")

# Public statistics (the lägesbild's public version, docs/lagesbild.md): counts from 1 to
# k - 1 are suppressed, and only events of these confidentiality levels are counted.
SMALL_COUNT_K = env("SMALL_COUNT_K")
PUBLIC_STATISTICS_CONFIDENTIALITY = env("PUBLIC_STATISTICS_CONFIDENTIALITY")

# Citizen reports (docs/reports.md): the address mails link to, photo size, the public
# submission rate limit per client, and how long personal data is kept after closing.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL")
REPORT_PHOTO_MAX_MB = env("REPORT_PHOTO_MAX_MB")
REPORT_RATE_LIMIT_COUNT = env("REPORT_RATE_LIMIT_COUNT")
REPORT_RATE_LIMIT_WINDOW_SECONDS = env("REPORT_RATE_LIMIT_WINDOW_SECONDS")
REPORT_CONTACT_RETENTION_DAYS = env("REPORT_CONTACT_RETENTION_DAYS")
HELD_SUBMISSION_RETENTION_DAYS = env("HELD_SUBMISSION_RETENTION_DAYS")
REPORT_RATE_COUNTER_RETENTION_DAYS = env("REPORT_RATE_COUNTER_RETENTION_DAYS")
PLAN_ATTACHMENT_MAX_MB = env("PLAN_ATTACHMENT_MAX_MB")
# Open311 (docs/open311.md): POSTs per API key and window, over all of the app's users (each
# user also has REPORT_RATE_LIMIT_COUNT); the contact text of the discovery document.
OPEN311_KEY_RATE_LIMIT_COUNT = env("OPEN311_KEY_RATE_LIMIT_COUNT")
OPEN311_CONTACT = env("OPEN311_CONTACT")

EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env("SESSION_HOURS") * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env("SECURE"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Only matters once the domain is submitted to the browsers' preload list.
    SECURE_HSTS_PRELOAD = True
    # The __Host- prefix: the browser accepts the cookie only over HTTPS, for this host
    # alone (no Domain), for the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # Load balancers probe the health endpoints over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]


def _tile_source(url: str) -> list[str]:
    """The origin of a tile URL template for img-src (`{s}` subdomains become a wildcard)."""
    from urllib.parse import urlsplit

    if not url:
        return []
    parts = urlsplit(url.replace("{s}", "tiles"))
    host = parts.netloc
    if "{s}" in url:
        host = "*." + host.split(".", 1)[1] if "." in host else host
    return [f"{parts.scheme}://{host}"]


# Content-Security-Policy (docs/security.md): every script and style comes from Trygga's own
# static files, so no 'unsafe-inline' anywhere. JSON for scripts travels in
# <script type="application/json"> blocks (json_script), which browsers never execute.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tile_source(env("MAP_TILE_URL"))],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if env("SECURE") else {}),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Basic auth is refused to accounts with a second factor (they use the session).
        "trygga.accounts.authentication.PasswordOnlyBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    # JSON only: an error body is problem+json, which an HTML renderer cannot honour.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Trygga API",
    "DESCRIPTION": "Events, categories, districts and organisations of a municipality's "
    "crime-prevention and safety work. Errors share one shape: see docs/decisions/0003.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Logs go to stderr (systemd's journal, the container's log): plain text, or one JSON object
# per line with LOG_FORMAT=json (production). Every record passes the personal-data filter
# first (e-mail, IP addresses and personnummer are replaced): docs/deployment.md.
LOG_FORMAT = env("LOG_FORMAT")
if LOG_FORMAT not in ("plain", "json"):
    raise environ.ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "trygga.core.logs.PersonalDataFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "trygga.core.logs.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
}
