"""A line chart drawn as inline SVG by a template: no JavaScript, no CDN, nothing to load."""
from datetime import datetime

WIDTH, HEIGHT, PAD = 640, 180, 6


def line_chart(points: list[tuple[datetime, float | int]]) -> dict | None:
    """points (time, value), oldest first -> what templates/admin/beat/line_chart.html draws."""
    points = [(t, v) for t, v in points if v is not None]
    if not points:
        return None
    times = [t.timestamp() for t, _ in points]
    values = [v for _, v in points]
    t0, t1, low, high = min(times), max(times), min(values), max(values)
    span_t, span_v = (t1 - t0) or 1, (high - low) or 1

    def xy(t, v):
        x = PAD + (t - t0) / span_t * (WIDTH - 2 * PAD)
        y = HEIGHT - PAD - (v - low) / span_v * (HEIGHT - 2 * PAD)
        return f"{x:.1f},{y:.1f}"

    return {"width": WIDTH, "height": HEIGHT, "polyline": " ".join(xy(t, v) for t, v in zip(times, values)),
            "low": low, "high": high, "first": points[0], "last": points[-1], "count": len(points),
            "low_text": _number(low), "high_text": _number(high), "first_value": _number(points[0][1]),
            "last_value": _number(points[-1][1])}


def _number(value) -> str:
    return f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"
