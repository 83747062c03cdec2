"""Beat's settings: embedded defaults, production through the environment (README lists every variable)."""
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from beat.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BEAT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)


def kept_secret(filename: str) -> str:
    """A key `manage.py dev` (make run) generated and keeps in VAR_DIR, for the embedded default only."""
    path = VAR_DIR / filename
    if env_str("DATABASE_URL") or not path.is_file():
        return ""
    return path.read_text().strip()


# Without one Beat runs only as a loopback DEBUG site (beat.checks refuses to start otherwise).
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or kept_secret("secret_key")
BEAT_SECRET_KEY_GIVEN = bool(SECRET_KEY)
SECRET_KEY = SECRET_KEY or "beat-insecure-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "beat",  # before django_q: Beat's own commands and templates take precedence
    "accounts",
    "credentials",
    "instagram",
    "youtube",
    "shopify",
    "enrichment",
    "assets",
    "webhooks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from Beat itself: /api/docs/ works without internet
    "django_filters",
    "django_q",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "beat.api.body_limit.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.throttling.AdminLoginThrottle",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "beat.urls"
WSGI_APPLICATION = "beat.wsgi.application"
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
            ]
        },
    }
]


PREPARE_WHEN_ASKED = 2**31 - 1  # a psycopg prepare_threshold that no statement's count of runs reaches


def _database() -> dict:
    url = env_str("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "beat.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
    if config["ENGINE"] not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// (or sqlite://) URL")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # psycopg prepares a statement only when Beat asks for it (beat.queue.bound), never by itself:
        # Django's default (None) would ignore the asking too
        config.setdefault("OPTIONS", {}).setdefault("prepare_threshold", PREPARE_WHEN_ASKED)
    test_name = env_str("BEAT_TEST_DB_NAME")
    if test_name:
        config["TEST"] = {"NAME": test_name}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL must be a redis:// URL, not {REDIS_URL!r}")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "beat"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
try:  # whitenoise warns on every start when the folder is missing
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass
# WhiteNoise serves the apps' static files (the admin's, Swagger UI's) straight from where they are
# installed, so gunicorn serves /api/docs/ and the admin complete with no collectstatic step.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_secrets": {"()": "beat.logs.RedactSecrets"}, "quiet_wakeups": {"()": "beat.logs.QuietWakeups"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": env_str("BEAT_LOG_LEVEL", "INFO")},
    "loggers": {
        # runserver's access lines, through the redacting console handler instead of Django's own
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # the openai package's HTTP stack logs every request at INFO; beat.http records each call already
        "httpx2": {"level": "WARNING"},
        # pika narrates every frame at INFO; amqp_bridge logs what matters itself
        "pika": {"level": "WARNING"},
        # a line per wake-up enqueued and run: noise (see beat.logs.QuietWakeups)
        "django-q": {"filters": ["quiet_wakeups"]},
    },
}

from beat.settings_api import *  # noqa: E402,F401,F403
from beat.settings_queue import *  # noqa: E402,F401,F403
from beat.settings_credentials import *  # noqa: E402,F401,F403
from beat.settings_upstreams import *  # noqa: E402,F401,F403
from beat.settings_limits import *  # noqa: E402,F401,F403
from beat.settings_instagram import *  # noqa: E402,F401,F403
from beat.settings_youtube import *  # noqa: E402,F401,F403
from beat.settings_enrichment import *  # noqa: E402,F401,F403
from beat.settings_security import *  # noqa: E402,F401,F403
from beat.settings_events import *  # noqa: E402,F401,F403

STORAGES["default"] = report_storage()  # noqa: F405 (beat.settings_events)
STORAGES["assets"] = asset_storage(MEDIA_ROOT)  # noqa: F405 (beat.settings_events)
