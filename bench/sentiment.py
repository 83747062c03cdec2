"""Comments scored per second: VADER alone, and sentiment_extraction end to end on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/beat DJANGO_SECRET_KEY=x .venv/bin/python bench/sentiment.py

The end-to-end figure runs the flow as a worker does (payload read, VADER, one upsert per 1,000
comments) on a post_activity_log_bulk payload in the FastAPI Beat's shape, first into empty rows and
then over the stored ones (a payload sent again). Uses its own database (<name>_bench_sentiment).
BENCH_COMMENTS (default 5000) sets the payload size, BENCH_RUNS (default 3) the repetitions.
"""
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
from bench.benchdb import ensure_database, use_own_database  # noqa: E402

BASE_URL, DB_URL = use_own_database("_bench_sentiment")
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "5000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TEXTS = ["I love this! 😍", "This is not good", "Where did you buy this?", "awesome ❤️ can't wait for more",
         "Esto es horrible", "Me encanta, es precioso", "not bad at all, but the sound is terrible 👎",
         "WOW!!! the colours here are incredible, best post this month #art @studio", "meh", "बहुत अच्छा"]


def payload(n: int) -> dict:
    items = [{"activity_type": "comment", "platform": "INSTAGRAM", "platform_post_id": f"BENCH{i % 50:03d}",
              "actor_profile_id": str(1000 + i), "source": "bench",
              "dimensions": [{"key": "comment_id", "value": f"c{i}"}, {"key": "text", "value": f"{TEXTS[i % 10]} {i}"}]}
             for i in range(n)]
    return {"platform": "INSTAGRAM", "activity_type": "comment", "post_activity_logs": items}


def main() -> None:
    ensure_database(BASE_URL, DB_URL)
    import django

    django.setup()
    from beat.flows import FlowContext, get_flow
    from enrichment.models import CommentSentiment
    from enrichment.sentiment.scorers import vader

    texts = [f"{TEXTS[i % 10]} {i}" for i in range(COMMENTS)]
    vader("warm up")  # loads the lexicons once per process
    alone = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for text in texts:
            vader(text)
        alone.append(COMMENTS / (time.perf_counter() - started))
    flow, params = get_flow("sentiment_extraction"), payload(COMMENTS)
    fresh, again = [], []
    for _ in range(RUNS):
        CommentSentiment.objects.all().delete()
        for figures in (fresh, again):
            started = time.perf_counter()
            flow.run(FlowContext(task_id=None, flow=flow.name), params)
            figures.append(COMMENTS / (time.perf_counter() - started))
    assert CommentSentiment.objects.count() == COMMENTS
    print(f"{COMMENTS} comments, {RUNS} runs (median, min-max comments/s)")
    for label, figures in (("VADER alone", alone), ("sentiment_extraction, new rows", fresh),
                           ("sentiment_extraction, stored rows", again)):
        print(f"  {label:<36} {statistics.median(figures):>8.0f}  ({min(figures):.0f}-{max(figures):.0f})")


if __name__ == "__main__":
    main()
