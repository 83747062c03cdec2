"""A handle as Beat stores and compares it: without a leading @, lowercase (Instagram and YouTube
handles are case-insensitive). One place, for params, limits, credentials and rows alike."""


def normal_handle(handle) -> str | None:
    """'@NASA ' -> 'nasa'; None when nothing is left."""
    return str(handle or "").strip().lstrip("@").lower() or None
