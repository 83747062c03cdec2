"""Where an asset is stored and what it is served as: the FastAPI Beat's key layout
`assets/{entity_type}s/{platform}/{entity_id}.{ext}`, lower-case (so a story is under `storys/`,
as the FastAPI Beat wrote it and its readers expect)."""
import re
from urllib.parse import urlsplit

IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
VIDEO_TYPES = {"mp4": "video/mp4"}
# what a CDN answer may be, per asset type: anything else is refused before it is stored
ACCEPTED = {"IMAGE": ("image/jpeg", "image/png", "image/webp"), "VIDEO": ("video/mp4",)}
_SAFE_ID = re.compile(r"[^a-z0-9_.-]")


def extension(asset_type: str, url: str, content_type: str = "") -> str:
    """mp4 for a video; for an image the URL's own (jpg / webp / png), else the answer's type, else jpg."""
    if asset_type == "VIDEO":
        return "mp4"
    suffix = urlsplit(url).path.rsplit(".", 1)[-1].lower() if "." in urlsplit(url).path else ""
    suffix = "jpg" if suffix == "jpeg" else suffix
    if suffix in IMAGE_TYPES:
        return suffix
    by_type = {v: k for k, v in IMAGE_TYPES.items()}
    return by_type.get(content_type, "jpg")


def asset_key(*, entity_type: str, platform: str, entity_id: str, ext: str) -> str:
    # an entity id is data from a task: nothing in it may climb out of its folder
    safe_id = _SAFE_ID.sub("_", entity_id.lower()).lstrip(".") or "_"
    return f"assets/{entity_type.lower()}s/{platform.lower()}/{safe_id}.{ext}"


def content_type_of(ext: str) -> str:
    return {**IMAGE_TYPES, **VIDEO_TYPES}[ext]
