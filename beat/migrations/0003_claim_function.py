"""The claim as one PostgreSQL function (see beat.queue.claim): one round trip per claim.

Inside it each statement takes a fresh snapshot (a VOLATILE function), so the running count is read
after the flow's advisory lock is held and racing claims of one flow see each other. The planner is
kept on the ordered partial index srl_ready_idx: a bitmap scan would sort the whole backlog, and visit
every dead entry left by finished tasks, on every claim.
"""
from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION beat_claim_next(p_queue text, p_worker text, p_limits jsonb, p_grace integer)
RETURNS SETOF scrape_request_log
LANGUAGE plpgsql VOLATILE
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
DECLARE
  cand record;
  saturated text[] := '{}';
  now_ts timestamptz := clock_timestamp();
  cap integer;
  timeout_s integer;
  running integer;
BEGIN
  LOOP
    SELECT id, flow INTO cand FROM scrape_request_log
     WHERE status = 'PENDING' AND queue = p_queue
       AND (retry_at IS NULL OR retry_at <= now_ts)
       AND (expires_at IS NULL OR expires_at > now_ts)
       AND flow <> ALL (saturated)
     ORDER BY priority DESC, created_at, id
     LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
      RETURN;
    END IF;
    cap := coalesce((p_limits -> cand.flow ->> 0)::integer, 1000000);
    timeout_s := coalesce((p_limits -> cand.flow ->> 1)::integer, 60);
    PERFORM pg_advisory_xact_lock(hashtext('beat.flow.' || cand.flow));
    SELECT count(*) INTO running FROM scrape_request_log WHERE status = 'PROCESSING' AND flow = cand.flow;
    IF running < cap THEN
      RETURN QUERY UPDATE scrape_request_log
         SET status = 'PROCESSING', picked_at = now_ts, updated_at = now_ts, retry_at = NULL,
             lease_until = now_ts + make_interval(secs => timeout_s + p_grace),
             attempts = attempts + 1, worker = p_worker
       WHERE id = cand.id
      RETURNING *;
      RETURN;
    END IF;
    saturated := saturated || cand.flow::text;
  END LOOP;
END
$$;
"""

DROP = "DROP FUNCTION IF EXISTS beat_claim_next(text, text, jsonb, integer);"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("beat", "0002_upstream_call")]
    operations = [migrations.RunPython(create, drop)]
