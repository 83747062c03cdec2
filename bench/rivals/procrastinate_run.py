"""procrastinate in the queue bench: its own database, async no-op tasks, its default worker options.

As `python -m bench.rivals.procrastinate_run CONCURRENCY` (BENCH_RIVAL_URL set), one worker process.
"""
import os
import sys

import procrastinate
import psycopg

from bench import workers
from bench.benchdb import create_database


async def noop() -> None:
    pass


def make_app(url: str) -> procrastinate.App:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
    app.task(name="noop")(noop)
    return app


class Procrastinate:
    def __init__(self, base_url: str, *, processes: int, concurrency: int):
        self.name = f"procrastinate, {processes} process{'es' if processes > 1 else ''} x {concurrency}"
        self.base_url, self.url = base_url, base_url + "_bench_procrastinate"
        self.processes, self.concurrency = processes, concurrency
        self.procs = []

    def prepare(self) -> None:
        create_database(self.base_url, self.url)
        self.db = psycopg.connect(self.url, autocommit=True)
        self.app = make_app(self.url).open()
        if self.db.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is None:
            self.app.schema_manager.apply_schema()
        self.task = self.app.tasks["noop"]

    def reset(self) -> None:
        self.db.execute("TRUNCATE procrastinate_jobs CASCADE")

    def enqueue(self) -> int:
        return self.task.defer()

    def enqueue_bulk(self, n: int) -> None:
        self.task.batch_defer(*({} for _ in range(n)))

    def wake(self, n: int) -> None:
        pass  # the insert notified the workers

    def finished(self) -> int:
        return self.db.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'").fetchone()[0]

    def started_at(self, job_id: int) -> float | None:
        row = self.db.execute("SELECT at FROM procrastinate_events WHERE job_id = %s AND type = 'started'",
                              [job_id]).fetchone()
        return row[0].timestamp() if row else None

    def start_workers(self) -> None:
        self.procs = workers.start(["-m", __name__, str(self.concurrency)], self.processes,
                                   BENCH_RIVAL_URL=self.url)

    def stop_workers(self) -> None:
        workers.stop(self.procs)


if __name__ == "__main__":
    make_app(os.environ["BENCH_RIVAL_URL"]).run_worker(concurrency=int(sys.argv[1]))
