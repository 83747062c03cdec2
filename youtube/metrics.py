"""YouTube figures computed from stored data, each in one place."""


def engagement_rate(likes: int | None, comments: int | None, subscribers: int | None) -> float | None:
    """A video's engagement: (likes + comments) / the channel's subscribers x 100, the FastAPI Beat's
    formula for a post (issue 12). Null when the subscribers are unknown or hidden: missing data never
    reads as zero."""
    if not subscribers:
        return None
    return ((likes or 0) + (comments or 0)) / subscribers * 100
