"""A local fake upstream for a newcomer's trial of Beat (README: "Try it against a local fake upstream").

    .venv/bin/python -m tests.trial_upstream [--port 8900]

Serves the recorded answers under tests/fixtures for one Instagram account, @nasa, the way the
default fallback orders ask for it: the profile and reels from RapidAPI arraybobo, the posts from
RapidAPI jotucker. Point those two sources' base URLs at it (it prints the lines) and any key works.
Test and development code only: nothing in Beat imports it.
"""
import argparse
import time

from tests.fakeupstream import FakeUpstream

SOURCES = ("BEAT_RAPIDAPI_ARRAYBOBO_BASE_URL", "BEAT_RAPIDAPI_JOTUCKER_BASE_URL")
ROUTES = [
    ("GET", "/ig/info_username/", "rapidapi/arraybobo_info_username.json"),
    ("GET", "/ig/info/", "rapidapi/arraybobo_info_username.json"),
    ("GET", "/user_info_by_id", "rapidapi/jotucker_user_info_by_id.json"),
    ("GET", "/medias_v2", "rapidapi/jotucker_medias_v2.json"),
    ("GET", "/ig/reels_posts/", "rapidapi/arraybobo_reels_posts.json"),
    ("GET", "/ig/posts/", "rapidapi/arraybobo_posts.json"),
]


def trial_upstream(port: int = 0) -> FakeUpstream:
    """A started fake upstream answering @nasa's refresh (port 0: any free port)."""
    fake = FakeUpstream()
    for method, path, fixture in ROUTES:
        fake.route(method, path, fixture=fixture)
    return fake.start(port=port)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8900)
    port = parser.parse_args().port
    fake = trial_upstream(port)
    print(f"Fake upstream on {fake.url}; start Beat with:")
    for name in SOURCES:
        print(f"  export {name}={fake.url}")
    seen = 0
    try:
        while True:
            time.sleep(0.5)
            for request in fake.calls()[seen:]:
                print(f"{request.method} {request.path}", flush=True)
            seen = len(fake.calls())
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
