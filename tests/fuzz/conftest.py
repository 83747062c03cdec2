"""What the fuzz tests share: how many examples each property gets, and Beat's WSGI app called in
this process on the test database (as Django's test client calls it)."""
import os

import pytest
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

# Examples per API operation and caller (schemathesis) and per flow (the params property). The
# default keeps the suite's share to a few minutes; BEAT_FUZZ_EXAMPLES=500 make test ARGS=tests/fuzz
# digs deeper.
EXAMPLES = int(os.environ.get("BEAT_FUZZ_EXAMPLES") or 20)


def fuzz_settings(examples: int = EXAMPLES) -> settings:
    """Hypothesis settings for one property: derandomized, so a run is repeatable and a finding
    shows again in the next run; no example database (nothing is written under the checkout)."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None, print_blob=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])


@pytest.fixture
def wsgi_app():
    """Beat's WSGI application, as gunicorn serves it. Django closes the database connection at the
    end of each request: inside a test's transaction that would end the test's own connection, so
    (like django.test.Client) that is switched off while the test runs."""
    from beat.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
