"""pgqueuer in the queue bench: async no-op jobs, its default batching (a worker claims up to 10 jobs
per query and writes their completions in batches).

The bench enqueues through psycopg (pgqueuer's sync driver), as a client would. Workers use asyncpg:
with pgqueuer's psycopg driver a worker saw most NOTIFYs only at its 1 s notifies() timeout (p50
enqueue-to-start ~1,000 ms here), which would measure that driver, not pgqueuer.

As `python -m bench.rivals.pgqueuer_run` (BENCH_RIVAL_URL set), one worker process (a QueueManager).
"""
import asyncio
import os
import signal

import asyncpg
import psycopg
from pgqueuer import AsyncpgDriver, PsycopgDriver, Queries, QueueManager
from pgqueuer.db import SyncPsycopgDriver
from pgqueuer.queries import SyncQueries

from bench.rivals.base import Rival


class Pgqueuer(Rival):
    library = "pgqueuer"
    module = __name__
    finished_sql = "SELECT count(*) FROM pgqueuer_log WHERE status = 'successful'"
    started_sql = "SELECT created FROM pgqueuer_log WHERE job_id = %s AND status = 'picked'"

    def __init__(self, base_url: str, *, processes: int):
        super().__init__(base_url, processes=processes)
        self.name = f"pgqueuer, {processes} process{'es' if processes > 1 else ''}"

    def prepare(self) -> None:
        super().prepare()
        asyncio.run(install(self.url))
        self.queries = SyncQueries(SyncPsycopgDriver(self.db))

    def reset(self) -> None:
        self.db.execute("TRUNCATE pgqueuer, pgqueuer_log, pgqueuer_statistics")

    def enqueue(self) -> int:
        return self.queries.enqueue("noop", None)[0]

    def enqueue_bulk(self, n: int) -> None:
        self.queries.enqueue(["noop"] * n, [None] * n, [0] * n)


async def install(url: str) -> None:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        queries = Queries(PsycopgDriver(conn))
        if not await queries.schema_is_installed():
            await queries.install()


async def work(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        manager = QueueManager(Queries(AsyncpgDriver(conn)))

        @manager.entrypoint("noop")
        async def noop(job) -> None:
            pass

        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, manager.shutdown.set)
        await manager.run()
    finally:
        await conn.close()


if __name__ == "__main__":
    asyncio.run(work(os.environ["BENCH_RIVAL_URL"]))
