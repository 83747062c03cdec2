"""Secrets and transport security, from the environment.

Development is DEBUG on a loopback-only site (or `make run`, which generates and keeps its own keys
in BEAT_VAR_DIR): there Beat may run without DJANGO_SECRET_KEY and BEAT_CREDENTIALS_KEYS. Anywhere
else it refuses to start without them (beat.checks). A site that answers other hosts than loopback
and is not DEBUG is production: HSTS, HTTPS redirect, secure cookies and the proxy's HTTPS header
are on unless the environment turns them off (`manage.py check --deploy` is clean).
"""
from beat.env import env_bool, env_int, env_list, env_str
from beat.settings import ALLOWED_HOSTS, DEBUG

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}
LOCAL_ONLY = all(host in LOOPBACK_HOSTS for host in ALLOWED_HOSTS)
PRODUCTION = not DEBUG and not LOCAL_ONLY
# Development may run on the embedded defaults' keys; the check refuses everything else without keys.
BEAT_SECRETS_OPTIONAL = DEBUG and LOCAL_ONLY

SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", PRODUCTION)  # eligible; listed only once submitted
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION)
# e.g. https://beat.example.com,https://ops.example.com: origins allowed to POST to the admin
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# "HTTP_X_FORWARDED_PROTO,https" (the default in production: behind a TLS-terminating proxy that
# sets it), or "off" when Beat terminates TLS itself (a client could forge the header otherwise).
_proxy_header = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https" if PRODUCTION else "off")
SECURE_PROXY_SSL_HEADER = (None if _proxy_header.strip().lower() in ("", "off", "none")
                           else tuple(part.strip() for part in _proxy_header.split(",", 1)))
