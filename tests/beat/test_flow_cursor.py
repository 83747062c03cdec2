"""Resume cursors handed to clients are signed: only what Beat gave back is accepted."""
import pytest
from django.core import signing

from beat.errors import InvalidParams
from beat.flows.cursor import SALT, open_cursor, read_cursor, sign_cursor

ORDER = ("rapidapi-jotucker", "rocketapi")


def test_a_cursor_beat_signed_opens_to_its_source_and_position():
    token = sign_cursor("instagram.followers", key="25025320", source="rocketapi", position="QVFB:1")
    opened = open_cursor(token, kind="instagram.followers", key="25025320", sources=ORDER)
    assert (opened.source, opened.position) == ("rocketapi", "QVFB:1")


def test_there_is_no_cursor_when_there_is_nothing_to_resume():
    assert sign_cursor("instagram.followers", key="1", source="rocketapi", position=None) is None


@pytest.mark.parametrize("token", ["graphapi:me/accounts?fields=access_token,name&x=:AFTER", "rocketapi:QVFB", "",
                                   signing.dumps(["instagram.followers", "1", "graphapi", "x"], salt="other")])
def test_a_cursor_beat_did_not_sign_is_refused_with_the_field_named(token):
    with pytest.raises(InvalidParams) as refused:
        read_cursor(token)
    assert refused.value.http_status == 400 and "cursor" in refused.value.details


def test_a_signed_cursor_whose_content_was_edited_is_refused():
    token = sign_cursor("instagram.followers", key="1", source="rocketapi", position="abc")
    payload, _, signature = token.rpartition(":")
    with pytest.raises(InvalidParams):
        read_cursor(payload[:-2] + "xx:" + signature)


@pytest.mark.parametrize("kind,key", [("instagram.hashtag", "25025320"), ("instagram.followers", "1")])
def test_a_cursor_for_other_work_is_refused(kind, key):
    token = sign_cursor("instagram.followers", key="25025320", source="rocketapi", position="abc")
    with pytest.raises(InvalidParams, match="other work"):
        open_cursor(token, kind=kind, key=key, sources=ORDER)


def test_a_cursor_never_picks_a_source_outside_the_configured_order():
    token = signing.dumps(["instagram.hashtag", "hiking", "graphapi", "me/accounts"], salt=SALT, compress=True)
    with pytest.raises(InvalidParams, match="graphapi"):
        open_cursor(token, kind="instagram.hashtag", key="hiking", sources=ORDER)
