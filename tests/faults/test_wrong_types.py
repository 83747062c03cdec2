"""Wrongly typed answers, parser by parser: seeded mangled copies of every source's sample answers
(numbers as words, texts as objects, objects as lists, answers of another type) read as the source's
BadResponse or NotFound, as a provider reads them, or give records that store as the flows store them:
never a crash of Beat's own (an internal error, retried as a bug, with no fallback to the next source)."""
import random

import pytest

from beat.errors import TransportError
from beat.flows.pagination import Page
from beat.providers import reading
from instagram.flows.raw_items import raw_items
from instagram.records import PostRecord, ProfileRecord
from instagram.services import posts_upsert, profile_upsert
from tests.faults.answers import mangled
from tests.instagram.test_flows_kit import fixture
from tests.instagram.test_parsers import PAGES, PROFILES, SAME_REEL

pytestmark = pytest.mark.django_db
ROUNDS = 25
CASES = list({(parse, name, tuple(kwargs.items())): None for parse, name, kwargs, _ in PROFILES}
             | {(parse, name, ()): None for parse, name, *_ in PAGES + SAME_REEL})


def records_of(result) -> tuple[ProfileRecord | None, list[PostRecord]]:
    profile, page = result if isinstance(result, tuple) else (None, result)
    posts = list(page.items) if isinstance(page, Page) else [page] if isinstance(page, PostRecord) else []
    return profile, posts


@pytest.mark.parametrize("parse,name,kwargs", CASES,
                         ids=[f"{parse.__module__.rsplit('.', 1)[-1]}.{parse.__name__}:{name.split('/')[-1]}"
                              f"{'+' if kwargs else ''}" for parse, name, kwargs in CASES])
def test_a_wrongly_typed_answer_reads_as_the_sources_error_or_stores_cleanly(parse, name, kwargs):
    rng, good = random.Random(name), fixture(name)
    read = 0
    for _ in range(ROUNDS):
        raw = mangled(good, rng)
        try:
            with reading("fuzzed"):
                profile, posts = records_of(parse(raw, **dict(kwargs)))
        except TransportError:
            continue
        read += 1
        if profile is not None:
            profile_upsert(record=profile, source="fuzzed", raw=raw)
        posts_upsert(records=posts, source="fuzzed", raw_by_shortcode=raw_items(raw, posts))
    assert read < ROUNDS  # the mangling did reach what the parser reads
