"""The REST API: DRF, OpenAPI, client API keys and their request limits."""
import re

from django.core.exceptions import ImproperlyConfigured

from beat.env import env_int, env_str

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttling.ApiKeyRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only: a form or multipart body is a 415, not a task with empty params
    "DEFAULT_PARSER_CLASSES": ["beat.api.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "beat.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Beat",
    "DESCRIPTION": "Fresh Instagram, YouTube and Shopify data for client services.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come from drf-spectacular-sidecar through Beat's static files, never a CDN
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "beat.api.schema.document_flows",
                             "beat.api.schema.document_errors"],
    # one name for the credential sources wherever they appear (POST /tokens source, /token/validate type)
    "ENUM_NAME_OVERRIDES": {"CredentialSourceEnum": "credentials.sources.Source"},
}

# Input limits: a larger body is a 413 naming the limit; larger params (JSON-encoded) a 400.
BEAT_MAX_BODY_BYTES = env_int("BEAT_MAX_BODY_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = BEAT_MAX_BODY_BYTES  # the admin's forms: the same limit
BEAT_MAX_PARAMS_BYTES = env_int("BEAT_MAX_PARAMS_BYTES", 128 * 1024)

# Requests per API key ("<count>/<period>", e.g. "600/m"); an account may override it.
BEAT_API_KEY_RATE = env_str("BEAT_API_KEY_RATE", "600/m")
# Invalid API keys, and admin login attempts, per client address (accounts.throttling).
BEAT_INVALID_KEY_RATE = env_str("BEAT_INVALID_KEY_RATE", "20/m")
BEAT_ADMIN_LOGIN_RATE = env_str("BEAT_ADMIN_LOGIN_RATE", "10/5m")
# Behind a proxy: the request header carrying the client's address (e.g. HTTP_X_REAL_IP; the last
# address of a list is taken). Empty: REMOTE_ADDR.
BEAT_CLIENT_IP_HEADER = env_str("BEAT_CLIENT_IP_HEADER")
for _name in ("BEAT_API_KEY_RATE", "BEAT_INVALID_KEY_RATE", "BEAT_ADMIN_LOGIN_RATE"):
    if not re.match(r"^\s*[1-9]\d*/\d*[smhd]\s*$", globals()[_name]):
        raise ImproperlyConfigured(f"{_name} must be <count>/<period> (period s, m, h or d, e.g. 600/m or 10/5m), "
                                   f"not {globals()[_name]!r}")
# How long a profile or post route waits for its refresh task before answering 202 with the task.
BEAT_API_REFRESH_WAIT = env_int("BEAT_API_REFRESH_WAIT", 25)

# Account quotas (an account's own values win; 0 = no cap): tasks pending or running at once, and
# upstream calls in any 24 hours. Over one, a submit answers 429 with Retry-After.
BEAT_ACCOUNT_MAX_PENDING = env_int("BEAT_ACCOUNT_MAX_PENDING", 10000)
BEAT_ACCOUNT_DAILY_UPSTREAM_CALLS = env_int("BEAT_ACCOUNT_DAILY_UPSTREAM_CALLS", 100000)
