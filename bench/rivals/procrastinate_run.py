"""procrastinate in the queue bench: async no-op tasks, its default worker options (jobs kept as
'succeeded', LISTEN/NOTIFY with a 5 s polling fallback).

As `python -m bench.rivals.procrastinate_run CONCURRENCY` (BENCH_RIVAL_URL set), one worker process.
"""
import os
import sys

import procrastinate

from bench.rivals.base import Rival


async def noop() -> None:
    pass


def make_app(url: str) -> procrastinate.App:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
    app.task(name="noop")(noop)
    return app


class Procrastinate(Rival):
    library = "procrastinate"
    module = __name__
    finished_sql = "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'"
    started_sql = "SELECT at FROM procrastinate_events WHERE job_id = %s AND type = 'started'"

    def __init__(self, base_url: str, *, processes: int, concurrency: int):
        super().__init__(base_url, processes=processes, worker_args=(str(concurrency),))
        self.name = f"procrastinate, {processes} process{'es' if processes > 1 else ''} x {concurrency}"

    def prepare(self) -> None:
        super().prepare()
        self.app = make_app(self.url).open()  # synchronous, as a Django client defers
        if self.db.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is None:
            self.app.schema_manager.apply_schema()
        self.task = self.app.tasks["noop"]

    def reset(self) -> None:
        self.db.execute("TRUNCATE procrastinate_jobs CASCADE")

    def enqueue(self) -> int:
        return self.task.defer()

    def enqueue_bulk(self, n: int) -> None:
        self.task.batch_defer(*({} for _ in range(n)))


if __name__ == "__main__":
    make_app(os.environ["BENCH_RIVAL_URL"]).run_worker(concurrency=int(sys.argv[1]))
