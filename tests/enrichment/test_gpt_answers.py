"""The usable-answer rules (pure), the prompt files, and the reply decoding."""
import pytest

from beat.errors import Misconfigured
from enrichment.gpt.answers import AGE_GENDER_KEYS, check, shaped
from enrichment.gpt.ask import decode
from enrichment.gpt.prompts import KINDS, load, prompt
from tests.enrichment.conftest import ANSWERS, NASA

AGES = {key: 1 for key in AGE_GENDER_KEYS}


@pytest.mark.parametrize("kind, answer, missing", [
    ("base_gender", {"gender": "Unknown"}, ["gender"]),
    ("base_gender", {"gender": "  "}, ["gender"]),
    ("base_gender", {"gender": None}, ["gender"]),
    ("base_gender", {"gender": 1}, ["gender"]),
    ("base_location", {"city": "Pune", "state": "Maharashtra"}, ["country"]),
    ("base_categ_lang_topics", {"categories": ["Art"], "languages": ["unknown", ""], "topics": ["a"] * 25},
     ["languages", "topics"]),  # 25 copies of one topic are one topic
    ("audience_age_gender", {"audience": {"age_gender": {**AGES, "65+ female": "n/a"}}}, ["audience.age_gender"]),
    ("audience_age_gender", {"audience": {"age_gender": {key: 0 for key in AGE_GENDER_KEYS}}},
     ["audience.age_gender"]),  # all zero: no shares to normalise
    ("audience_age_gender", {"audience": {"age_gender": {**AGES, "13-17 male": -0.2}}}, ["audience.age_gender"]),
    ("audience_cities", {"audience": {"cities": {f"C{n}": 0.05 for n in range(19)}}}, ["audience.cities"]),
    ("audience_cities", {"audience": {"cities": {**{f"C{n}": 0.05 for n in range(19)}, "unknown": 0.05}}},
     ["audience.cities"]),
    ("gender_location_lang", {"gender": "male", "city": "Pune", "state": "MH", "country": "India",
                              "languages": []}, ["languages"]),
    ("base_location", "not a dict", ["city", "state", "country"]),
])
def test_unusable_values_are_missing(kind, answer, missing):
    assert check(kind, answer)[1] == missing


def test_every_fixture_answer_is_usable():
    for kind, answer in ANSWERS.items():
        assert check(kind, answer)[1] == [], kind


def test_fractions_given_as_percents_or_strings_are_normalised():
    ages = {key: "10%" if key.startswith("18-24") else 5 for key in AGE_GENDER_KEYS}
    usable, _ = check("audience_age_gender", {"audience": {"age_gender": {k.upper(): v for k, v in ages.items()}}})
    shares = usable["audience.age_gender"]
    assert sum(shares.values()) == pytest.approx(1) and shares["18-24 male"] == pytest.approx(10 / 80)


def test_languages_may_come_as_one_comma_separated_string():
    usable, missing = check("gender_location_lang", {"gender": "Female", "city": "Pune", "state": "MH",
                                                     "country": "India", "languages": "Hindi, Marathi, hindi"})
    assert missing == [] and usable["languages"] == ["Hindi", "Marathi"] and usable["gender"] == "female"


def test_the_stored_shape_carries_the_handle_asked_about_and_the_platform():
    assert shaped("audience_cities", "nasa", {"audience.cities": {"Houston": 1.0}}) == {
        "handle": "nasa", "platform": "instagram", "audience": {"cities": {"Houston": 1.0}}}


@pytest.mark.parametrize("reply, decoded", [
    ('{"gender": "male"}', {"gender": "male"}),
    ('```json\n{"gender": "male"}\n```', {"gender": "male"}),
    ('{"gender": "male"}\n\n{"gender": "female"}', {"gender": "male"}),
    ("[1, 2]", {}),
    ("no json", {}),
    ('{"gender": ', {}),
])
def test_replies_are_decoded_leniently_but_never_guessed(reply, decoded):
    assert decode(reply) == decoded


def test_every_kind_of_the_prompt_file_fills_in_the_profile_and_leaves_json_braces_alone(settings):
    settings.BEAT_GPT_MODEL = ""
    for kind in KINDS:
        asked = prompt(kind, "v1")
        system, user = asked.messages({**NASA, "bio": "Bio with {braces} and {name}"})
        assert "Bio with {braces} and {name}" in user["content"] and "{bio}" not in user["content"]
        assert '"handle"' in user["content"] and "JSON" in system["content"] + user["content"]
        assert asked.temperature == 0 and asked.model_name() == "gpt-4o-mini"
    settings.BEAT_GPT_MODEL = "my-deployment"
    assert prompt("base_gender", "v1").model_name() == "my-deployment"


def test_an_unknown_or_unsafe_prompt_version_is_a_clear_misconfiguration():
    with pytest.raises(Misconfigured, match="no prompt file"):
        load("v999")
    with pytest.raises(Misconfigured, match="not a prompt version"):
        load("../secrets")
