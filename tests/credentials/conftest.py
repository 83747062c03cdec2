import pytest
from cryptography.fernet import Fernet

TEST_KEY = Fernet.generate_key().decode()
GRAPH_TOKEN = "EAAB-fake-graph-token-for-tests-0123456789-abcdef9f2c"


@pytest.fixture(autouse=True)
def credentials_key(settings):
    """Every credentials test encrypts with an explicit key, as production does."""
    settings.BEAT_CREDENTIALS_KEYS = [TEST_KEY]
    return TEST_KEY


@pytest.fixture
def make_credential(db):
    from credentials.services import credential_upsert

    def make(source="rapidapi-jotucker", credentials=None, handle="", **kwargs):
        if credentials is None:
            credentials = {"X-RapidAPI-Key": Fernet.generate_key().decode(), "X-RapidAPI-Host": "example.test"}
        row, _created = credential_upsert(source=source, credentials=credentials, handle=handle, **kwargs)
        return row

    return make


@pytest.fixture
def graph_credential(make_credential):
    return make_credential("graphapi", {"token": GRAPH_TOKEN, "user_id": "17841405822304914"}, handle="nasa")




@pytest.fixture
def graph_upstream(fake_upstream, settings):
    fake_upstream.point(settings, "BEAT_GRAPHAPI_BASE_URL", prefix="/v21.0")
    return fake_upstream
