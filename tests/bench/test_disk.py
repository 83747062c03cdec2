"""bench/disk.py: the disk's floor the queue bench prints beside every queue's latency."""
import pytest
from django.db import connection

from bench import disk
from bench.rivals.measure import p50_p99


def test_the_floor_is_one_timing_per_sample_and_leaves_no_file(tmp_path):
    samples = disk.flush_latencies(tmp_path / "scratch", samples=5)

    assert len(samples) == 5 and all(ms > 0 for ms in samples)
    assert list((tmp_path / "scratch").iterdir()) == []


def test_percentiles_are_read_from_samples_in_any_order():
    p50, p99 = p50_p99([float(ms) for ms in range(200, 0, -1)])  # 200 samples, as the latency's, unsorted

    assert (p50, p99) == (100.5, 198.0)


@pytest.mark.django_db
def test_it_says_whether_it_measured_postgresql_s_own_disk(tmp_path):
    with connection.cursor() as cursor:
        assert disk.same_disk_as_postgres(tmp_path, cursor) in ("yes", "no")  # PostgreSQL runs on this machine
        assert disk.same_disk_as_postgres(tmp_path / "missing", cursor) == "unknown"
