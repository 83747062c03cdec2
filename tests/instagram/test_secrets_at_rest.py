"""No credential is stored in clear: every Instagram source's fixtures run through their flows with the
answers echoing credentials the way real upstreams do (Graph's paging links repeat the caller's
access_token, error texts quote keys, token answers carry other tokens), then a pg_dump of the whole
database is searched for each test credential value."""
import json
import os
import subprocess

import pytest
from django.db import connection

from beat.models import Status
from instagram.models import PostLog, ProfileLog
from tests.instagram.test_flows_kit import GRAPH, LAMA, NASA, NODE, RAPIDAPI, ROCKET, credential, recent, run_flow

pytestmark = pytest.mark.django_db(transaction=True)  # committed rows, so that pg_dump sees them

OWNER = "acme.outdoor"
MEDIA = "18047361235086712"
ROCKET_TOKEN = ROCKET["Authorization"].split()[1]
SENT = {"graphapi": GRAPH["token"], "lama": LAMA["x-access-key"], "rocketapi": ROCKET_TOKEN}
# secrets an answer may carry that Beat never sent (a page token of /me/accounts, a signed link)
STRANGER_TOKEN = "EAAStrangerPageToken0123456789"
STRANGER_KEY = "stranger-api-key-0123456789"
EVERY_SECRET = {*SENT.values(), RAPIDAPI["X-RapidAPI-Key"], ROCKET["Authorization"], STRANGER_TOKEN, STRANGER_KEY}


def salted(name: str, source: str):
    """The fixture (made recent), its first object echoing the credential of `source` as upstreams do."""
    body = recent(name)
    sent = SENT.get(source, RAPIDAPI["X-RapidAPI-Key"])
    target = _first_object(body)
    target.update({
        "beat_test_next": f"https://upstream.example/v21.0/{NASA}/media?after=QVFH&access_token={sent}&limit=25",
        "beat_test_message": f"request authorised by {sent}",
        "access_token": STRANGER_TOKEN,
        "beat_test_link": f"https://cdn.example/p.jpg?sig=abcdef0123&key={STRANGER_KEY}",
    })
    return body


def _first_object(node):
    queue = [node]
    while queue:
        item = queue.pop(0)
        if isinstance(item, dict):
            return item
        if isinstance(item, list):
            queue.extend(item)
    raise AssertionError("a fixture without any JSON object")


# (case, flow, params, credentials (source, handle), provider order, routes (method, path, fixture, query))
CASES = [
    ("graphapi profile", "refresh_profile_basic", {"handle": "nasa"}, [("graphapi", "")], {},
     [("GET", NODE, "instagram_graph/business_discovery.json", None)]),
    ("graphapi audience insights", "refresh_profile_insights", {"handle": OWNER}, [("graphapi", OWNER)], {},
     [("GET", NODE, "instagram_graph/business_discovery.json", None),
      ("GET", f"{NODE}/insights", "instagram_graph/user_insights_follower_demographics.json", None)]),
    ("graphapi post insights", "refresh_post_insights", {"shortcode": "DAx1bC2yZ3q", "handle": OWNER, "post_id": MEDIA},
     [("graphapi", OWNER)], {}, [("GET", NODE, "instagram_graph/business_discovery.json", None),
                                 ("GET", f"/v21.0/{MEDIA}/insights", "instagram_graph/media_insights.json", None)]),
    ("arraybobo and jotucker profile, posts, reels", "refresh_profile_by_handle", {"handle": "nasa"},
     [("rapidapi-arraybobo", ""), ("rapidapi-jotucker", "")], {},
     [("GET", "/ig/info_username/", "rapidapi/arraybobo_info_username.json", None),
      ("GET", "/medias_v2", "rapidapi/jotucker_medias_v2.json", None),
      ("GET", "/ig/reels_posts/", "rapidapi/arraybobo_reels_posts.json", None)]),
    ("arraybobo post", "refresh_post_by_shortcode", {"shortcode": "DAx1bC2yZ3q"}, [("rapidapi-arraybobo", "")], {},
     [("GET", "/ig/post_info/", "rapidapi/arraybobo_post_info.json", None)]),
    ("jotucker profile by id", "refresh_profile_basic", {"profile_id": NASA}, [("rapidapi-jotucker", "")],
     {"profile_by_id": ["rapidapi-jotucker"]},
     [("GET", "/user_info_by_id", "rapidapi/jotucker_user_info_by_id.json", None)]),
    ("jotucker followers", "fetch_profile_followers", {"profile_id": NASA, "max_followers": 3},
     [("rapidapi-jotucker", "")], {"followers": ["rapidapi-jotucker"]},
     [("GET", "/followers", "rapidapi/jotucker_followers.json", None)]),
    ("lama profile and posts", "refresh_profile_custom", {"handle": "nasa", "max_posts": 100}, [("lama", "")],
     {"profile_by_handle": ["lama"], "posts": ["lama"]},
     [("GET", "/a2/user", "lama/a2_user.json", None),
      ("GET", "/v1/user/medias/chunk", "lama/v1_user_medias_chunk_last.json", None)]),
    ("lama following", "fetch_profile_following", {"profile_id": NASA, "max_following": 3}, [("lama", "")],
     {"following": ["lama"]}, [("GET", "/gql/user/following/chunk", "lama/gql_user_following_chunk.json", None)]),
    ("rocketapi profile, posts, reels", "refresh_profile_by_handle", {"handle": "nasa"}, [("rocketapi", "")],
     {"profile_by_handle": ["rocketapi"], "posts": ["rocketapi"], "reels": ["rocketapi"]},
     [("POST", "/instagram/user/get_info", "rapidapi/rocketapi_user_get_info.json", None),
      ("POST", "/instagram/user/get_media", "rapidapi/rocketapi_user_get_media.json", None),
      ("POST", "/instagram/user/get_clips", "rapidapi/rocketapi_user_get_clips.json", None)]),
    ("rocketapi followers", "fetch_profile_followers", {"profile_id": NASA, "max_followers": 3}, [("rocketapi", "")],
     {"followers": ["rocketapi"]},
     [("POST", "/instagram/user/get_followers", "rapidapi/rocketapi_user_get_followers.json", None)]),
    ("neotank profile and posts", "refresh_profile_custom", {"handle": "nasa", "max_posts": 12},
     [("rapidapi-neotank", "")], {"profile_by_handle": ["rapidapi-neotank"], "posts": ["rapidapi-neotank"]},
     [("GET", "/account-info", "rapidapi/neotank_account_info.json", None),
      ("GET", "/account-medias", "rapidapi/neotank_account_medias.json", None)]),
    ("bestsolutions profile and posts", "refresh_profile_custom", {"handle": "nasa", "max_posts": 12},
     [("rapidapi-bestsolutions", "")],
     {"profile_by_handle": ["rapidapi-bestsolutions"], "posts": ["rapidapi-bestsolutions"]},
     [("GET", "/profile", "rapidapi/bestsolutions_profile.json", None),
      ("GET", "/feed", "rapidapi/bestsolutions_feed.json", None)]),
    ("igapi followers", "fetch_profile_followers", {"profile_id": NASA, "max_followers": 3},
     [("rapidapi-igapi", "")], {"followers": ["rapidapi-igapi"]},
     [("GET", "/web_followers", "rapidapi/igapi_web_followers.json", None)]),
]


def database_dump() -> str:
    db = connection.settings_dict
    done = subprocess.run(["pg_dump", "--data-only", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),
                           "-U", db["USER"] or "postgres", db["NAME"]],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PGPASSWORD": db["PASSWORD"] or ""})
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("case, flow, params, credentials, order, routes", CASES, ids=[c[0] for c in CASES])
def test_no_credential_reaches_the_database_in_clear(upstream, settings, case, flow, params, credentials,  # noqa: F811
                                                     order, routes):
    for source, handle in credentials:
        credential(source, handle=handle)
    settings.BEAT_INSTAGRAM_PROVIDER_ORDER = order
    for method, path, name, query in routes:
        upstream.route(method, path, query=query, body=salted(name, _source_of(path, credentials)))
    task = run_flow(flow, params)
    assert task.status in (Status.COMPLETE, Status.PARTIAL), task.error
    assert not [call.path for call in upstream.calls() if call.path not in {path for _, path, _, _ in routes}]
    snapshots = [*ProfileLog.objects.values_list("raw", flat=True), *PostLog.objects.values_list("raw", flat=True)]
    if snapshots:  # the echoes were stored (scrubbed), not dropped: the test sees what it means to
        assert any("beat_test_message" in json.dumps(raw) for raw in snapshots)
    dump = database_dump()
    assert "beat_test_message" in dump or not snapshots
    leaked = sorted(secret for secret in EVERY_SECRET if secret in dump)
    assert leaked == [], f"{case}: credentials stored in clear"


def _source_of(path: str, credentials) -> str:
    """The source answering `path` in a case with several sources (arraybobo and jotucker)."""
    sources = [source for source, _ in credentials]
    if len(sources) == 1:
        return sources[0]
    return "rapidapi-jotucker" if path in ("/medias_v2", "/user_info_by_id", "/followers") else sources[0]
