"""Small readers every platform's parsers share: safe digging into decoded JSON, and numbers or ids
that upstreams send as numbers on some sources and strings on others ('' and garbage are unknown)."""


def dig(obj, *path, default=None):
    """obj[path[0]][path[1]]...; list indexes allowed; default when any step is missing."""
    for key in path:
        try:
            obj = obj[key]
        except (KeyError, IndexError, TypeError):
            return default
        if obj is None:
            return default
    return obj


def as_int(value) -> int | None:
    """13100000 or "13100000" (the YouTube Data API sends counts as strings) -> int."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def as_float(value) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


def as_str(value) -> str | None:
    """Ids come as numbers on some sources and strings on others: always str here."""
    return None if value is None or value == "" else str(value)
