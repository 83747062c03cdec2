"""manage.py run_report: one report run inline, its files printed."""
import io
from datetime import datetime, timezone

import pytest
from django.core.management import CommandError, call_command

from beat.models import ScrapeRequestLog, Status
from tests.youtube.conftest import NASA
from youtube.models import YoutubeProfileInsights

pytestmark = pytest.mark.django_db


def test_run_report_runs_one_report_inline_for_an_account_and_prints_its_file(account):
    YoutubeProfileInsights.objects.create(channel_id=NASA, country={"US": 1}, refreshed_at=datetime.now(timezone.utc))
    out = io.StringIO()
    call_command("run_report", "fetch_channel_audience_geography_csv", "--params", f'{{"channel_ids": ["{NASA}"]}}',
                 "--account", "acme", stdout=out)
    task = ScrapeRequestLog.objects.get()
    assert task.status == Status.COMPLETE and task.account == account
    assert f"channel_audience_geography_csv: {task.data['files']['channel_audience_geography_csv']} (1 rows)" \
        in out.getvalue()


def test_run_report_refuses_bad_params_without_storing_a_task():
    with pytest.raises(CommandError, match="Invalid params"):
        call_command("run_report", "fetch_channels_csv", "--params", '{"channel_ids_path": "s3://bucket/a.csv"}')
    assert not ScrapeRequestLog.objects.exists()
