"""Which providers a flow tries for each operation, in which order.

Defaults are the FastAPI Beat's priorities (tests/fixtures/README.md section 8); settings override them per
operation (BEAT_INSTAGRAM_PROVIDER_ORDER, see beat/settings_instagram.py). An order is a list of
sources, or {source: weight} for a weighted random pick (the FastAPI Beat's followers: jotucker 30%,
rocketapi 70%). Pages after the first must stay on the source that gave the cursor: pass `source=`.
"""
import random
from collections.abc import Mapping, Sequence

from django.conf import settings

from beat.errors import Misconfigured
from instagram.providers import PROVIDERS, InstagramProvider
from instagram.providers.base import (AUDIENCE_INSIGHTS, COMMENTS, FOLLOWERS, FOLLOWING, HASHTAG, LIKERS, OPERATIONS,
                                      POST_BY_SHORTCODE, POST_INSIGHTS, POSTS, PROFILE_BY_HANDLE, PROFILE_BY_ID, REELS, STORIES,
                                      STORY_INSIGHTS, TAGGED)

GRAPH, LAMA, ROCKET = "graphapi", "lama", "rocketapi"
JOTUCKER, ARRAYBOBO, BESTSOLUTIONS = "rapidapi-jotucker", "rapidapi-arraybobo", "rapidapi-bestsolutions"

DEFAULT_ORDER: dict[str, Sequence[str] | Mapping[str, float]] = {
    PROFILE_BY_ID: (JOTUCKER, ARRAYBOBO),
    PROFILE_BY_HANDLE: (GRAPH, ARRAYBOBO, JOTUCKER, LAMA, BESTSOLUTIONS),
    POSTS: (JOTUCKER, LAMA, ARRAYBOBO),
    REELS: (ARRAYBOBO, ROCKET),
    POST_BY_SHORTCODE: (ARRAYBOBO, JOTUCKER, ROCKET, LAMA),
    COMMENTS: (JOTUCKER,),
    LIKERS: (JOTUCKER,),
    FOLLOWING: (JOTUCKER, LAMA),
    FOLLOWERS: {JOTUCKER: 30, ROCKET: 70},
    HASHTAG: (JOTUCKER, LAMA),
    TAGGED: (ARRAYBOBO,),
    STORIES: (ARRAYBOBO, ROCKET, LAMA),
    # the owner's own data: only the Graph API has it (with the handle's own token)
    POST_INSIGHTS: (GRAPH,),
    STORY_INSIGHTS: (GRAPH,),
    AUDIENCE_INSIGHTS: (GRAPH,),
}


def order_for(operation: str) -> Sequence[str] | Mapping[str, float]:
    if operation not in OPERATIONS:
        raise Misconfigured(f"unknown Instagram operation {operation!r}; one of {', '.join(sorted(OPERATIONS))}")
    overrides = getattr(settings, "BEAT_INSTAGRAM_PROVIDER_ORDER", None) or {}
    return overrides.get(operation, DEFAULT_ORDER[operation])


def sources_for(operation: str) -> list[str]:
    """Every source the operation's order names (a resume cursor may only name one of these)."""
    return list(order_for(operation))


def providers_for(operation: str, *, source: str | None = None, rng: random.Random | None = None
                  ) -> list[type[InstagramProvider]]:
    """The provider classes to try for an operation (e.g. "profile_by_handle", "followers"), first
    choice first. With `source`, only that source's class: a later page of a cursor it gave."""
    order = order_for(operation)
    names = _weighted(order, rng or random) if isinstance(order, Mapping) else list(order)
    unknown = [name for name in names if name not in PROVIDERS]
    if unknown:
        raise Misconfigured(f"the {operation} order names unknown Instagram sources: {', '.join(unknown)}")
    if source is not None:
        if source not in PROVIDERS:
            raise Misconfigured(f"unknown Instagram source {source!r}")
        return [PROVIDERS[source]]  # the cursor belongs to it, whatever the order says now
    return [PROVIDERS[name] for name in names]


def _weighted(weights: Mapping[str, float], rng) -> list[str]:
    """All sources, in a random order drawn by weight without replacement (weight 0: last)."""
    left = {name: float(weight) for name, weight in weights.items()}
    picked = []
    while left:
        names = list(left)
        total = sum(max(left[n], 0.0) for n in names)
        name = rng.choices(names, weights=[max(left[n], 0.0) for n in names])[0] if total > 0 else names[0]
        picked.append(name)
        del left[name]
    return picked
