import pytest

from beat.models import RuntimeFlag

pytestmark = pytest.mark.django_db


def test_the_heartbeat_beats_without_any_key(client):
    response = client.get("/heartbeat")
    assert (response.status_code, response.json()) == (200, {"beat": True})


def test_staff_drain_and_the_heartbeat_answers_503_until_they_serve_again(staff, client):
    response = staff.put("/heartbeat?beat=false")
    assert (response.status_code, response.json()) == (200, {"beat": False})
    assert RuntimeFlag.objects.get(name="serving").changed_by == "ops"
    drained = client.get("/heartbeat")
    assert (drained.status_code, drained.json()) == (503, {"beat": False})
    staff.put("/heartbeat?beat=true")
    assert client.get("/heartbeat").status_code == 200


def test_a_client_key_cannot_drain(account, client_of, client):
    response = client_of(account).put("/heartbeat?beat=false")
    assert response.status_code == 403
    assert client.get("/heartbeat").status_code == 200


def test_an_anonymous_caller_cannot_drain(client):
    assert client.put("/heartbeat?beat=false").status_code == 401
    assert client.get("/heartbeat").status_code == 200


@pytest.mark.parametrize("query", ["", "?beat=maybe"])
def test_a_put_without_a_clear_beat_is_400(staff, query):
    response = staff.put(f"/heartbeat{query}")
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == ["beat"]
