import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beat.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve without Beat's secrets here too
from beat.checks import refuse_to_start_without_secrets  # noqa: E402

refuse_to_start_without_secrets()
