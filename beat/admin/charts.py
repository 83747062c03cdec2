"""Charts drawn server-side as inline SVG by templates (templates/admin/charts/): no JavaScript, no CDN.

Platform-neutral: any admin page passes points and gets a chart; the history pages of Instagram
accounts and posts use it, and so can YouTube channels (see beat.admin.history).
"""
from datetime import datetime

WIDTH, HEIGHT, PAD = 640, 180, 6
BAR_HEIGHT = 140


def line_chart(points: list[tuple[datetime, float | int]]) -> dict | None:
    """points (time, value), oldest first -> what templates/admin/charts/line.html draws; None if empty."""
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
            "low_text": number(low), "high_text": number(high), "first_value": number(points[0][1]),
            "last_value": number(points[-1][1])}


def stacked_bars(labels: list[str], series: list[tuple[str, str, list[int]]]) -> dict:
    """One bar per label, stacked from the series (name, colour, values), bottom first ->
    what templates/admin/charts/bars.html draws. Heights are scaled to the tallest stack."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    step = (WIDTH - 2 * PAD) / max(len(labels), 1)
    bars = []
    for i, label in enumerate(labels):
        y, parts = BAR_HEIGHT, []
        for name, colour, values in series:
            height = values[i] / top * (BAR_HEIGHT - PAD)
            y -= height
            if values[i]:
                parts.append({"y": f"{y:.1f}", "height": f"{height:.1f}", "colour": colour,
                              "title": f"{label}: {values[i]:,} {name}"})
        bars.append({"x": f"{PAD + i * step + 1:.1f}", "width": f"{max(step - 2, 1):.1f}", "parts": parts,
                     "label": label, "total": totals[i]})
    return {"width": WIDTH, "height": BAR_HEIGHT + 16, "base": BAR_HEIGHT, "bars": bars, "top": number(top),
            "legend": [{"name": name, "colour": colour, "total": number(sum(values))}
                       for name, colour, values in series]}


def number(value) -> str:
    return f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"
