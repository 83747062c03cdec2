"""Credentials: encryption keys, cool-down defaults, what validation requires."""
from beat.env import env_int, env_list, env_str

# Comma-separated Fernet keys (`python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"`). The first encrypts, all decrypt: to rotate, put a new
# key first, keep the old ones after it, run `manage.py rotate_credentials_key`, then drop the old.
# Empty: a key is derived from SECRET_KEY, with a loud warning (development only).
BEAT_CREDENTIALS_KEYS = env_list("BEAT_CREDENTIALS_KEYS")

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
