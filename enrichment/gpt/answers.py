"""Whether a GPT answer is usable, and its clean form. Pure: decoded JSON in, values out.

Usable: each required key is present, not empty and not "unknown"; topics and cities count at least
20; the audience's age / gender holds the 14 groups, each a number >= 0, not all zero. Fractions are
normalised to sum to 1. Nothing is invented: a key the model did not give stays missing (the FastAPI
Beat added random noise to cities; Beat does not).
"""
import re

AGE_GROUPS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
AGE_GENDER_KEYS = tuple(f"{age} {gender}" for age in AGE_GROUPS for gender in ("male", "female"))
MIN_TOPICS = 20
MIN_CITIES = 20
UNKNOWN = "unknown"

REQUIRED = {
    "base_gender": ("gender",),
    "base_location": ("city", "state", "country"),
    "base_categ_lang_topics": ("categories", "languages", "topics"),
    "audience_age_gender": ("audience.age_gender",),
    "audience_cities": ("audience.cities",),
    "gender_location_lang": ("gender", "city", "state", "country", "languages"),
}
_AUDIENCE_KINDS = ("audience_age_gender", "audience_cities")
_SPACES = re.compile(r"\s+")


def check(kind: str, answer) -> tuple[dict, list[str]]:
    """(the usable required keys, cleaned; the required keys missing or unusable), keys dotted."""
    usable, missing = {}, []
    for key in REQUIRED[kind]:
        value = clean(key, lookup(answer, key))
        if value is None:
            missing.append(key)
        else:
            usable[key] = value
    return usable, missing


def shaped(kind: str, handle: str, usable: dict) -> dict:
    """The stored answer: the FastAPI Beat's shape, with the handle asked about (not the model's)."""
    answer = {"handle": handle}
    if kind in _AUDIENCE_KINDS:
        answer["platform"] = "instagram"
    for key, value in usable.items():
        *parents, leaf = key.split(".")
        node = answer
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return answer


def lookup(answer, dotted: str):
    node = answer
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def clean(key: str, value):
    """The usable form of one value, or None."""
    leaf = key.rsplit(".", 1)[-1]
    if leaf == "age_gender":
        return _age_gender(value)
    if leaf == "cities":
        return _cities(value)
    if leaf in ("categories", "languages", "topics"):
        items = _texts(value)
        return items if items and (leaf != "topics" or len(items) >= MIN_TOPICS) else None
    text = _text(value)
    return text.lower() if text and leaf == "gender" else text


def _text(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value).strip()
    return text if text and text.lower() != UNKNOWN else None


def _texts(value) -> list[str]:
    if isinstance(value, str):  # "English, Hindi"
        value = value.split(",")
    if not isinstance(value, list):
        return []
    seen, items = set(), []
    for item in map(_text, value):
        if item and item.lower() not in seen:
            seen.add(item.lower())
            items.append(item)
    return items


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip()
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 and number == number and number != float("inf") else None


def _normalised(shares: dict) -> dict | None:
    total = sum(shares.values())
    return {name: share / total for name, share in shares.items()} if total > 0 else None


def _age_gender(value) -> dict | None:
    if not isinstance(value, dict):
        return None
    given = {_SPACES.sub(" ", str(k)).strip().lower(): _number(v) for k, v in value.items()}
    if any(given.get(key) is None for key in AGE_GENDER_KEYS):
        return None
    return _normalised({key: given[key] for key in AGE_GENDER_KEYS})


def _cities(value) -> dict | None:
    if not isinstance(value, dict):
        return None
    shares = {}
    for city, share in value.items():
        name, number = _text(city), _number(share)
        if name and number:  # a city with no share says nothing
            shares[name] = shares.get(name, 0.0) + number
    return _normalised(shares) if len(shares) >= MIN_CITIES else None
