"""Settings of the server bench/ingest_api.py measures: Beat's, with bench/ingest_api_urls.py as routes.

    DJANGO_SETTINGS_MODULE=bench.ingest_api_site gunicorn beat.wsgi
"""
from beat.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.ingest_api_urls"
