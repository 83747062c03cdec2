"""The durable PostgreSQL queues bench/queue.py runs Beat against, one module each, installed for the
bench only (requirements-bench.txt), each in its own database. Run as `python -m bench.rivals.<module>`,
a module is that library's worker process."""
