"""A channel's audience from its stored YouTube Analytics insights (youtube_profile_insights), which
refresh_yt_profile_insights writes through the channel's own grant.

demographic: the viewer percentage of each gender x age group (m_13_17 ... f_65), their sums (male,
female), and total_audience, the channel's stored subscriber count. geography: each country's share
of the views, in percent. A channel without stored insights has no rows (no data is not zero).
"""
from collections.abc import Iterator

from youtube.models import YoutubeAccount, YoutubeProfileInsights
from youtube.reports.rows import chunks

AGES = (("13_17", "age13-17"), ("18_24", "age18-24"), ("25_34", "age25-34"), ("35_44", "age35-44"),
        ("45_54", "age45-54"), ("55_64", "age55-64"), ("65", "age65-"))
GENDERS = (("m", "male"), ("f", "female"))
DEMOGRAPHIC_COLUMNS = (*(f"{g}_{age}" for g, _ in GENDERS for age, _ in AGES), "male", "female", "total_audience",
                       "id")
GEOGRAPHY_COLUMNS = ("channel_id", "country", "percentage")


def demographic(channel_ids: list[str]) -> Iterator[dict]:
    for batch in chunks(channel_ids):
        found = dict(YoutubeProfileInsights.objects.filter(channel_id__in=batch).exclude(gender_age=None)
                     .values_list("channel_id", "gender_age"))
        subscribers = dict(YoutubeAccount.objects.filter(channel_id__in=found).values_list("channel_id",
                                                                                            "subscribers"))
        for channel_id in batch:
            if channel_id in found:
                yield demographic_row(channel_id, found[channel_id], subscribers.get(channel_id))


def demographic_row(channel_id: str, gender_age: dict, subscribers: int | None) -> dict:
    row = {"id": channel_id, "total_audience": subscribers}
    for short, gender in GENDERS:
        shares = [float(gender_age.get(f"{gender}.{group}") or 0) for _, group in AGES]
        row.update({f"{short}_{age}": round(share, 2) for (age, _), share in zip(AGES, shares)})
        row[gender] = round(sum(shares), 2)
    return row


def geography(channel_ids: list[str]) -> Iterator[dict]:
    for batch in chunks(channel_ids):
        found = dict(YoutubeProfileInsights.objects.filter(channel_id__in=batch).exclude(country=None)
                     .values_list("channel_id", "country"))
        for channel_id in batch:
            views = {code: float(count or 0) for code, count in (found.get(channel_id) or {}).items()}
            total = sum(views.values())
            for code, count in sorted(views.items(), key=lambda item: (-item[1], item[0])):
                yield {"channel_id": channel_id, "country": code,
                       "percentage": round(100 * count / total, 2) if total else None}
