"""Videos found by keywords over date windows, and by genre (category and language)."""
from datetime import date, timedelta

from beat.errors import TransportError
from beat.flows import FlowResult
from enrichment import model_service
from youtube.flows import params
from youtube.flows.registration import youtube_flow
from youtube.flows.videos import SEARCH_RESULTS, Listing
from youtube.models import YoutubePost
from youtube.providers.base import SEARCH
from youtube.services import post_categories_set

SHORT_SPAN = 60  # days: below it the windows are weekly, above it monthly (the FastAPI Beat's rule)
WEEK, MONTH = 7, 30
GENRE_MAX = 200  # videos a genre refresh reads (four search pages)


def windows(start: date, end: date, frequency: int | None = None) -> list[tuple[date, date]]:
    """[start, end] cut into windows of `frequency` days, else 7-day windows below 60 days and 30-day
    windows above; the last window ends at `end`."""
    span = (end - start).days + 1
    size = frequency or (WEEK if span < SHORT_SPAN else MONTH)
    cuts, day = [], start
    while day <= end:
        last = min(day + timedelta(days=size - 1), end)
        cuts.append((day, last))
        day = last + timedelta(days=1)
    return cuts


@youtube_flow("refresh_yt_posts_by_search", params=params.Search)
def refresh_yt_posts_by_search(ctx, *, keywords, start_date, end_date, frequency=None, categorization=False):
    """Each keyword over each window, every window paged to its end; each page's videos with details."""
    result = FlowResult().change("shortcodes", [])
    cuts = windows(date.fromisoformat(start_date), date.fromisoformat(end_date), frequency)
    units = calls = 0
    for keyword in keywords:
        for first, last in cuts:
            listing = Listing(ctx, SEARCH, lambda p, cursor, q=keyword, a=first, b=last: p.search(
                q, cursor, after=a, before=b + timedelta(days=1)), dimensions={"topic": keyword})
            step = listing.walk(max_items=SEARCH_RESULTS)
            units += step.extra["quota_units"]
            calls += step.extra["calls"]
            result.source = result.source or step.source
            result.add_step(f"{keyword} {first}..{last}", step)
            if step.partial:  # the sources stopped answering: later windows would fare no better now
                return _searched(ctx, result, categorization, quota_units=units, calls=calls)
    return _searched(ctx, result, categorization, quota_units=units, calls=calls)


def _searched(ctx, result: FlowResult, categorization: bool, **figures) -> FlowResult:
    result.extra.update(figures)
    if categorization:
        result.extra["categorization"] = categorize(ctx, result)
    return result


def categorize(ctx, result: FlowResult) -> str:
    """The found videos' titles labelled by the model service's CATEGORIZER, stored as their category.
    The videos stay stored when it cannot answer; the task then ends PARTIAL saying why."""
    if not model_service.configured():
        return "skipped: no model service is configured"
    titled = dict(YoutubePost.objects.filter(shortcode__in=result.changed.get("shortcodes", []))
                  .exclude(title=None).exclude(title="").order_by("shortcode").values_list("shortcode", "title"))
    try:
        labels = model_service.categorize(list(titled.values()), ctx=ctx)
    except TransportError as exc:
        reason = f"categorization: {exc.code}"
        result.stop(f"{result.stop_reason}; {reason}" if result.partial else reason, partial=True,
                    error=result.error or exc.message)
        return f"failed: {exc.message}"
    categorized = post_categories_set(categories=dict(zip(titled, labels)))
    return f"{categorized} videos categorized"


@youtube_flow("refresh_yt_posts_by_genre", params=params.ByGenre)
def refresh_yt_posts_by_genre(ctx, *, category, language):
    """Videos of a category (a YouTube category id, or words searched for) in a language."""
    category_id = category if category.isdigit() else None
    query = "" if category_id else category
    listing = Listing(ctx, SEARCH, lambda p, cursor: p.search(query, cursor, category_id=category_id,
                                                              language=language),
                      dimensions={"category": category})
    result = listing.walk(max_items=GENRE_MAX)
    result.extra.update(category=category, language=language)
    return result
