"""Credentials: encryption keys, cool-down defaults, what validation requires."""
from beat.env import env_int, env_list, env_str
from beat.settings import kept_secret


def env_list_of(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]

# Comma-separated Fernet keys (`python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"`). The first encrypts, all decrypt: to rotate, put a new
# key first, keep the old ones after it, run `manage.py rotate_credentials_key`, then drop the old.
# Unset: the key `make run` keeps in BEAT_VAR_DIR (embedded default), else none, and Beat starts only
# as a loopback DEBUG site, with a key derived from SECRET_KEY and a loud warning (beat.checks).
BEAT_CREDENTIALS_KEYS = env_list("BEAT_CREDENTIALS_KEYS") or env_list_of(kept_secret("credentials_key"))

# A rate-limited credential with no Retry-After cools this long (the FastAPI Beat disabled it 3600 s).
BEAT_CREDENTIAL_COOLDOWN = env_int("BEAT_CREDENTIAL_COOLDOWN", 3600)

# Graph debug_token needs an app token ("APPID|APPSECRET") or a token of the same app; empty: the
# inspected token inspects itself.
BEAT_GRAPHAPI_APP_TOKEN = env_str("BEAT_GRAPHAPI_APP_TOKEN")
BEAT_GRAPHAPI_REQUIRED_SCOPES = env_list(
    "BEAT_GRAPHAPI_REQUIRED_SCOPES",
    "instagram_basic,instagram_manage_insights,pages_read_engagement,pages_show_list",
)
# The channel analytics of a ytapi credential need this OAuth scope.
BEAT_YTAPI_REQUIRED_SCOPES = env_list(
    "BEAT_YTAPI_REQUIRED_SCOPES", "https://www.googleapis.com/auth/yt-analytics.readonly"
)
