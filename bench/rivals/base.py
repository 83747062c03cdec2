"""What the rivals share: their own database (<name>_bench_<library>), found through two queries, and
worker processes of `python -m <their module> <worker args>`."""
import psycopg

from bench import workers
from bench.benchdb import create_database


class Rival:
    library: str
    module: str
    finished_sql: str  # how many tasks are done
    started_sql: str  # when a worker took task %s, or no row

    def __init__(self, base_url: str, *, processes: int, worker_args: tuple[str, ...] = ()):
        self.base_url, self.url = base_url, f"{base_url}_bench_{self.library}"
        self.processes, self.worker_args = processes, worker_args
        self.procs = []

    def prepare(self) -> None:
        """Create the database and the library's schema if missing; open the bench's connection."""
        create_database(self.base_url, self.url)
        self.db = psycopg.connect(self.url, autocommit=True)

    def wake(self, n: int) -> None:
        pass  # the insert notified the workers

    def finished(self) -> int:
        return self.db.execute(self.finished_sql).fetchone()[0]

    def started_at(self, job_id: int) -> float | None:
        row = self.db.execute(self.started_sql, [job_id]).fetchone()
        return row[0].timestamp() if row else None

    def start_workers(self) -> None:
        self.procs = workers.start(["-m", self.module, *self.worker_args], self.processes,
                                   BENCH_RIVAL_URL=self.url)

    def stop_workers(self) -> None:
        workers.stop(self.procs)
