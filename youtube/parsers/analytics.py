"""YouTube Analytics v2 result tables and the Google OAuth token answer (source `ytapi`).

Sources (fixtures/README.md section 3): developers.google.com/youtube/analytics/reference/reports/query
(`columnHeaders[{name, columnType, dataType}]`, `rows`), and developers.google.com/identity/protocols/
oauth2/web-server#offline for the token answer. Confidence: the result table **verified** ("If no data
is available for the given query, the rows element will be omitted"); the token answer **verified**
(access_token, expires_in, scope, token_type).
"""
from beat.errors import BadResponse
from youtube.parsers.common import as_int, as_str
from youtube.records import AccessToken, AudienceRecord

SOURCE = "ytapi"


def parse_report(raw) -> list[dict]:
    """Each row as {column name: value}; a report without rows (no data for the period) is []."""
    headers = raw.get("columnHeaders") if isinstance(raw, dict) else None
    if not isinstance(headers, list):
        raise BadResponse("ytapi: an Analytics answer without columnHeaders", source=SOURCE)
    names = [str(h.get("name")) for h in headers if isinstance(h, dict)]
    return [dict(zip(names, row)) for row in raw.get("rows") or () if isinstance(row, list)]


def parse_audience(*, city: dict, country: dict, gender_age: dict) -> AudienceRecord:
    """Views by city and by country, viewerPercentage by "gender.ageGroup" ("female.age25-34")."""
    return AudienceRecord(
        city=_by(parse_report(city), "city", "views"),
        country=_by(parse_report(country), "country", "views"),
        gender_age={f"{row['gender']}.{row['ageGroup']}": row["viewerPercentage"]
                    for row in parse_report(gender_age) if row.get("gender") and row.get("ageGroup")},
    )


def _by(rows: list[dict], dimension: str, metric: str) -> dict:
    return {str(row[dimension]): row.get(metric) for row in rows if row.get(dimension) not in (None, "")}


def parse_token(raw) -> AccessToken:
    token = as_str(raw.get("access_token")) if isinstance(raw, dict) else None
    if not token:
        raise BadResponse("ytapi POST /token: no access_token in the answer", source=SOURCE)
    return AccessToken(token=token, expires_in=as_int(raw.get("expires_in")),
                       scopes=tuple(str(raw.get("scope") or "").split()))
