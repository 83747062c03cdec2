"""Access logs never carry a token: runserver's (the django.server logger) and gunicorn's.

Clients of the FastAPI Beat send tokens in query strings (/insights?token=, /token/validate?
access_token=); an access log would keep them in clear. Every record through Beat's console
handler, and every gunicorn access line, has its secret query parameters replaced by ***.
"""
import logging

from beat.http.redact import redact

# request headers that carry a secret, should a log format name them
SECRET_HEADERS = frozenset({"authorization", "x-graph-token", "cookie", "x-csrftoken"})


class RedactSecrets(logging.Filter):
    """A handler filter: the record's message with secret query parameters blanked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is the production server only
    _GunicornLogger = None

if _GunicornLogger is not None:
    class GunicornLogger(_GunicornLogger):
        """gunicorn's logger (gunicorn.conf.py: logger_class) with secrets out of every access line."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            for name, value in atoms.items():
                if name.startswith("{") and name.endswith("}i") and name[1:-2] in SECRET_HEADERS:
                    atoms[name] = "***"
                elif isinstance(value, str):
                    atoms[name] = redact(value)
            return atoms


class QuietWakeups(logging.Filter):
    """A filter of the django-q logger: its INFO lines for each wake-up (enqueued, processing,
    processed) say nothing a task's row does not, and cost the web process and the workers a write
    per task. Everything else of django-q (cluster start and stop, failures) is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO:
            return True
        message = str(record.msg)
        return not (message.startswith("Enqueued [") or "beat-wake" in message)
