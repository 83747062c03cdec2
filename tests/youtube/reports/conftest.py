import pytest


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Report files in a directory of this test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
