"""Events benchmark: what the outbox costs the writers, and how fast the relay publishes to RabbitMQ.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/beat DJANGO_SECRET_KEY=x .venv/bin/python bench/events.py

Uses its own database (<name>_events_bench) and a RabbitMQ vhost of its own (made and deleted here
with rabbitmqctl; RabbitMQ on 127.0.0.1:5672, guest/guest). BENCH_EVENTS sets the size (default 5000).
"""
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/queue.py would shadow the standard library's `queue` (psycopg needs it)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.benchdb import ensure_database, use_own_database  # noqa: E402
from bench.figures import record  # noqa: E402

BASE_URL, DB_URL = use_own_database("_events_bench")
N = int(os.environ.get("BENCH_EVENTS", "5000"))
VHOST = f"beat_events_bench_{os.getpid()}"


def status_changes(n: int) -> float:
    """Seconds for n single-row status UPDATEs (the runner's kind of write), each in its own commit."""
    from django.db import connection

    from beat.models import ScrapeRequestLog

    ids = [t.pk for t in ScrapeRequestLog.objects.bulk_create(
        [ScrapeRequestLog(platform="BEAT", flow="beat_echo", params={"n": i}) for i in range(n)])]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for pk in ids:
            cursor.execute("UPDATE scrape_request_log SET status = 'CANCELLED', updated_at = now() WHERE id = %s", [pk])
    return time.perf_counter() - started


def trigger_cost() -> None:
    from django.db import connection

    from beat.models import OutboxEvent

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE scrape_request_log DISABLE TRIGGER beat_task_status_event")
    without = status_changes(N)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE scrape_request_log ENABLE TRIGGER beat_task_status_event")
    before = OutboxEvent.objects.count()
    with_trigger = status_changes(N)
    written = OutboxEvent.objects.count() - before
    print(f"status change, autocommit, {N} rows: {without / N * 1e6:.0f} us without the trigger, "
          f"{with_trigger / N * 1e6:.0f} us with it ({written} events written)")
    record("events", "status change: time the trigger adds", round((with_trigger - without) / N * 1e6), "us")


def emit_cost() -> None:
    from django.db import transaction

    from beat.events import emit, emit_many

    started = time.perf_counter()
    with transaction.atomic():
        for i in range(N):
            emit("post_log_events", {"shortcode": f"s{i}", "metrics": {"likes": i}, "dimensions": {}})
    one = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        emit_many("post_log_events", [{"shortcode": f"s{i}", "metrics": {"likes": i}, "dimensions": {}}
                                      for i in range(N)])
    many = time.perf_counter() - started
    print(f"emit() in one transaction: {one / N * 1e6:.0f} us per event; emit_many(): {many / N * 1e6:.0f} us per event")
    record("events", "emit() in one transaction, per event", round(one / N * 1e6), "us")
    record("events", "emit_many(), per event", round(many / N * 1e6), "us")


def relay_rate() -> None:
    from beat.amqp.bridge import Bridge
    from beat.amqp.topology import declare
    from beat.events import relay
    from beat.events.relay import backlog

    subprocess.run(["rabbitmqctl", "-q", "add_vhost", VHOST], check=True, capture_output=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*"], check=True,
                   capture_output=True)
    try:
        url = f"amqp://guest:guest@127.0.0.1:5672/{VHOST}"
        bridge = Bridge(url, consume=False)
        bridge._connect()
        channel = bridge.connection.channel()
        declare(channel)
        channel.queue_declare(queue="bench_events", durable=True)
        channel.queue_bind(queue="bench_events", exchange="beat.dx", routing_key="post_log_events")
        channel.queue_bind(queue="bench_events", exchange="beat.dx", routing_key="scrape_request_log_events")
        waiting = backlog()

        started = time.perf_counter()
        while relay.relay_once(bridge._publish, bridge.out.tx_commit):
            pass
        seconds = time.perf_counter() - started
        queued = channel.queue_declare(queue="bench_events", passive=True).method.message_count
        print(f"relay to RabbitMQ (persistent, one AMQP transaction per batch): {waiting} events in {seconds:.2f} s = "
              f"{waiting / seconds:.0f} events/s; {queued} in the bound queue")
        record("events", "relay to RabbitMQ (persistent, one AMQP transaction per batch)", round(waiting / seconds),
               "events/s")
        record("events", "events in the bound queue / relayed", f"{queued} / {waiting}", aim="all",
               ok=queued == waiting)
        bridge._close()
    finally:
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", VHOST], capture_output=True)


def main() -> None:
    ensure_database(BASE_URL, DB_URL)
    import django

    django.setup()
    from beat.models import OutboxEvent, ScrapeRequestLog

    OutboxEvent.objects.all().delete()
    ScrapeRequestLog.objects.all().delete()
    trigger_cost()
    emit_cost()
    relay_rate()


if __name__ == "__main__":
    main()
