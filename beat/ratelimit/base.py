"""The limiter's vocabulary: a limit, a decision, and the checks every backend shares."""
from dataclasses import dataclass
from typing import Sequence

# blocking_key of a denial caused by the limiter itself (Redis or the local store unreachable).
UNAVAILABLE = "limiter-unavailable"


@dataclass(frozen=True)
class Limit:
    key: str  # what is limited, e.g. "source:rapidapi-jotucker", "cred:42", "refresh:instagram:handle:nasa"
    limit: int  # how many grants...
    period: float  # ...in any window of this many seconds
    # Seconds added to the window when Beat counts it: a grant is timed on Redis, the upstream counts
    # the call when it arrives, and transit differs call to call; with this margin the upstream,
    # counting arrivals, never sees more than `limit` in its own window (beat.settings_limits).
    # Once the call reports back (beat.ratelimit.answered), the grant counts from the call's start
    # instead, or from its answer less the margin when that is sooner (the upstream had the call by
    # then): a quick upstream costs no margin.
    margin: float = 0.0

    @property
    def window(self) -> float:
        """The window Beat enforces: the upstream's period plus the safety margin."""
        return self.period + self.margin

    @property
    def spacing(self) -> float:
        """The least time between two grants of a window with a margin (Redis limiter): the margin, or
        half the budget's mean interval when shorter. A backlog's calls then leave one by one rather
        than all at the instant a window frees, and their transit varies less (workers do not compete
        for the CPU); the budget's use is the same, since each grant still comes back a window later."""
        return min(self.margin, self.period / self.limit / 2)


@dataclass(frozen=True)
class Waiter:
    """A caller that waits for its grant: served in priority order, then first come first served."""

    id: str
    priority: int = 1


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float  # seconds until the whole stack would pass (0 when allowed)
    blocking_key: str | None
    grant: str | None = None  # which grant was taken (allowed on a store), for answered()


ALLOWED = Decision(True, 0.0, None)


def normalized(limits: Sequence[Limit], cost: int) -> list[Limit]:
    """Checks a stack and merges repeats of one window (same key and period: the tightest limit wins).

    A window is a key *and* a period, so one key can be stacked at several periods (per second,
    per minute, per day). Bad arguments are programming errors and raise ValueError.
    """
    if not isinstance(cost, int) or cost < 1:
        raise ValueError(f"cost must be a positive whole number, not {cost!r}")
    windows: dict[tuple[str, float], Limit] = {}
    for item in limits:
        if not item.key or item.limit < 1 or item.period <= 0 or item.margin < 0:
            raise ValueError(f"not a usable limit: {item!r}")
        if cost > item.limit:
            raise ValueError(f"cost {cost} can never pass {item!r}")
        seen = windows.get((item.key, float(item.period)))
        if seen is None or (item.limit, -item.margin) < (seen.limit, -seen.margin):
            windows[(item.key, float(item.period))] = item
    return list(windows.values())
