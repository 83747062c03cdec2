"""A channel's own OAuth grant, source `ytapi` (credential {refresh_token, client_id, client_secret,
channel_id}): YouTube Analytics v2 reports about the channel that granted it.

Each use first trades the refresh token for an hour-long access token at Google's OAuth endpoint
(BEAT_GOOGLE_OAUTH_BASE_URL /token; developers.google.com/identity/protocols/oauth2/web-server#offline),
then asks Analytics with `Authorization: Bearer` (developers.google.com/youtube/analytics/reference/
reports/query; ids=channel==MINE). An access token is never stored or logged. invalid_grant (revoked
or expired grant) puts the credential aside for a person (AuthFailed). Shapes: fixtures/README.md
section 3 (verified); a report without data has no `rows` key.
"""
from django.conf import settings

from beat.http import call
from beat.providers import capabilities as cap
from beat.providers import reading
from youtube.parsers import analytics
from youtube.providers import base

REPORTS = {  # the FastAPI Beat's audience: top 50 cities and top 10 countries by views, gender x age
    "city": {"dimensions": "city", "metrics": "views", "sort": "-views", "maxResults": 50},
    "country": {"dimensions": "country", "metrics": "views", "sort": "-views", "maxResults": 10},
    "gender_age": {"dimensions": "ageGroup,gender", "metrics": "viewerPercentage", "sort": "gender,ageGroup"},
}


class YtApi(base.YoutubeProvider):
    source = "ytapi"
    base_url_setting = "BEAT_YOUTUBE_ANALYTICS_BASE_URL"
    error_family = "google"
    capabilities = frozenset({cap.INSIGHTS})
    operations = frozenset({base.AUDIENCE})
    own_credential_operations = frozenset({cap.INSIGHTS, base.AUDIENCE})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._access_token: str | None = None

    def auth_headers(self) -> dict:
        return {"Authorization": f"Bearer {self._token()}"}

    def _token(self) -> str:
        """One token exchange per provider instance (one fallback try): tokens live an hour."""
        if self._access_token is None:
            self._access_token = self.access_token().token
        return self._access_token

    # Reference: developers.google.com/identity/protocols/oauth2/web-server#offline
    def access_token(self):
        """Trade the refresh token for an access token (AccessToken: the token, its life and scopes)."""
        secret = self.credential
        raw = call("POST", f"{settings.BEAT_GOOGLE_OAUTH_BASE_URL.rstrip('/')}/token", source=self.source,
                   error_family=self.error_family, credential_id=self.credential_id, ctx=self.ctx,
                   endpoint="/token", expect=dict,
                   data={"grant_type": "refresh_token", "refresh_token": secret["refresh_token"],
                         "client_id": secret["client_id"], "client_secret": secret["client_secret"]})
        with reading(self.source, "token answer"):
            return analytics.parse_token(raw)

    # Reference: developers.google.com/youtube/analytics/reference/reports/query and .../channel_reports
    # (city, country and demographics reports)
    def audience(self, channel_id, start_date, end_date):
        period = {"ids": "channel==MINE", "startDate": str(start_date), "endDate": str(end_date)}
        raws = {name: self.get("/reports", {**period, **query}, expect=dict) for name, query in REPORTS.items()}
        with reading(self.source):
            return analytics.parse_audience(**raws)
