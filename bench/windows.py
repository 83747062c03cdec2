"""What a sliding-window limiter promises, checked on the times it granted (bench and tests)."""


def most_in_any_window(times: list[float], period: float) -> int:
    """The largest number of grants inside any half-open window [t, t + period)."""
    times, most, start = sorted(times), 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= period:
            start += 1
        most = max(most, end - start + 1)
    return most
