"""A property of every flow in the registry (beat/flows/registry.py), read from its params schema:
params that fit the schema are accepted, and any JSON at all is either accepted or refused with
InvalidParams (a 400 at every edge), never another exception.

The valid params are drawn from the schema's own fields (types, bounds, choices, patterns) and its
cross-field rules that the registry's bases declare (OneOf: exactly one of; a date range: start
before end). A field of a kind this file does not know fails the test, so a new kind is noticed.
"""
import json
from datetime import date, datetime, timezone

import pytest
from django.core.validators import RegexValidator
from hypothesis import given, strategies as st
from rest_framework import serializers

from beat.errors import InvalidParams
from beat.flows import all_flows
from beat.flows.params import IdList, OneOf, ResumeCursorField
from beat.reports.ids import StoragePath
from shopify.flows import ShopDomainField
from tests.fuzz.conftest import fuzz_settings
from youtube.flows.params import Frequency

pytestmark = pytest.mark.django_db

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
TEXT = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))


def field_values(field: serializers.Field) -> st.SearchStrategy:
    """Values this one field accepts."""
    if isinstance(field, serializers.Serializer):
        return params_of(type(field))
    if isinstance(field, ResumeCursorField):
        return st.none()  # only Beat hands cursors out (tests/api/test_resume_cursors.py)
    if isinstance(field, serializers.ListField):  # IdList too
        child = field_values(field.child)
        if isinstance(field, IdList):
            child = child.filter(lambda v: "," not in v and v.strip() == v)  # a string form splits on commas
        return st.lists(child, min_size=0 if field.allow_empty else 1, max_size=3)
    if isinstance(field, serializers.DictField):
        return st.dictionaries(st.text(TEXT, max_size=8), field_values(field.child), max_size=3)
    if type(field).__name__ == "_UnvalidatedField":  # a list's or dict's child of no declared kind
        return JSON
    if isinstance(field, serializers.ChoiceField):
        return st.sampled_from(sorted(field.choices))
    if isinstance(field, serializers.BooleanField):
        return st.booleans()
    if isinstance(field, serializers.IntegerField):
        low = field.min_value if field.min_value is not None else -10**6
        return st.integers(low, field.max_value if field.max_value is not None else low + 10**6)
    if isinstance(field, serializers.FloatField):
        return st.floats(field.min_value, field.max_value, allow_nan=False, allow_infinity=False)
    if isinstance(field, serializers.DateTimeField):
        return st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(timezone.utc)).map(
            lambda d: d.isoformat())
    if isinstance(field, serializers.DateField):
        return st.dates(date(2000, 1, 1), date(2100, 1, 1)).map(date.isoformat)
    if isinstance(field, serializers.UUIDField):
        return st.uuids().map(str)
    if isinstance(field, serializers.URLField):
        return st.from_regex(r"https://[a-z]{1,12}\.example\.com/[a-z0-9]{1,20}\.jpg", fullmatch=True)
    if isinstance(field, serializers.JSONField):
        return JSON
    if isinstance(field, Frequency):
        return st.one_of(st.integers(1, 366), st.sampled_from(sorted(Frequency.NAMES)))
    if isinstance(field, StoragePath):  # a relative name in Beat's storage, or an http(s) URL
        return (st.from_regex(r"[a-z0-9_-]{1,20}(/[a-z0-9_-]{1,20}){0,2}\.csv", fullmatch=True)
                | st.from_regex(r"https://[a-z]{1,12}\.example\.com/[a-z0-9]{1,20}\.csv", fullmatch=True))
    if isinstance(field, ShopDomainField):
        return st.from_regex(r"[a-z][a-z0-9-]{0,20}\.myshopify\.com", fullmatch=True)
    if isinstance(field, serializers.CharField):
        longest = min(field.max_length or 40, 40)
        patterns = [v.regex.pattern for v in field.validators if isinstance(v, RegexValidator)]
        if patterns:
            values = st.from_regex(patterns[0], fullmatch=True)
        else:
            values = st.text(TEXT, min_size=0 if field.allow_blank else 1, max_size=longest)
        return values.filter(lambda v: len(v) <= (field.max_length or 10**6) and v == v.strip()
                             and (v or field.allow_blank) and "\x00" not in v)
    raise AssertionError(f"no strategy for {type(field).__name__}: teach field_values() this kind of field")


def params_of(schema: type[serializers.Serializer]) -> st.SearchStrategy[dict]:
    """Params that fit a schema: its required fields, some of its optional ones, its cross-field rules."""
    fields = schema().fields
    one_of = tuple(getattr(schema, "one_of", ())) if issubclass(schema, OneOf) else ()

    @st.composite
    def build(draw):
        values = draw(st.fixed_dictionaries(
            {n: field_values(f) for n, f in fields.items() if f.required and n not in one_of},
            optional={n: field_values(f) for n, f in fields.items() if not f.required and n not in one_of}))
        values = {n: v for n, v in values.items() if v is not None}
        if one_of:
            chosen = draw(st.sampled_from(one_of))
            values[chosen] = draw(field_values(fields[chosen]).filter(lambda v: v not in (None, "", [])))
        if "start_date" in values and "end_date" in values:  # a date range: start on or before end
            values["start_date"], values["end_date"] = sorted([values["start_date"], values["end_date"]])
        return values

    return build()


def flow_names() -> list[str]:
    return [entry.name for entry in all_flows()]


def check_every_flow(prop) -> None:
    """Run `prop(entry)` (a hypothesis property) for every registered flow; report all failures."""
    failures = {}
    for entry in all_flows():
        try:
            prop(entry)
        except Exception as exc:  # noqa: BLE001 - collected, reported together below
            failures[entry.name] = f"{type(exc).__name__}: {str(exc)[:600]}"
    assert not failures, "\n".join(f"{name}: {why}" for name, why in sorted(failures.items()))


def test_the_registry_has_flows_to_check():
    assert len(flow_names()) >= 20 and "beat_echo" in flow_names()


def test_params_that_fit_each_flows_schema_are_accepted():
    def prop(entry):
        variants = [(entry.params, False)] + ([(entry.client_params, True)] if entry.client_params else [])
        for schema, client in variants:
            @fuzz_settings()
            @given(params=params_of(schema))
            def accepted(params):
                cleaned = entry.validate(params, client=client)
                json.dumps(cleaned)  # stored as plain JSON in the task row

            accepted()

    check_every_flow(prop)


def test_any_json_as_params_is_accepted_or_refused_with_invalid_params_never_a_crash():
    def prop(entry):
        names = sorted(entry.params().fields)
        near_miss = st.dictionaries(st.sampled_from(names) | st.text(max_size=8), JSON, max_size=6)

        @fuzz_settings()
        @given(params=near_miss | JSON, client=st.booleans())
        def answered(params, client):
            try:
                cleaned = entry.validate(params, client=client)
            except InvalidParams as exc:
                assert exc.http_status == 400 and exc.message
                return
            json.dumps(cleaned)

        answered()

    check_every_flow(prop)
