"""Claims in batches: one call of beat_claim_batch takes up to p_limit ready tasks (see beat.queue.claim).

The same steps as beat_claim_next (0003), looped inside one statement: the next candidate in priority
order is locked with FOR UPDATE SKIP LOCKED; a flow with a cap is counted once per call under its
advisory lock (held to the end of the call, so racing batches of one flow see each other's claims)
and then charged per task taken. A batch holds only tasks of flows the caller knows to be quick
(p_quick): the first task of another flow is taken as the batch's last, so a slow task never waits
behind another one in a worker, and a worker that does not know a flow yet claims it alone.
"""
import importlib

from django.db import migrations

SINGLE = importlib.import_module("beat.migrations.0003_claim_function")

CREATE = r"""
CREATE OR REPLACE FUNCTION beat_claim_batch(p_queue text, p_worker text, p_limits jsonb, p_grace integer,
                                            p_limit integer, p_quick text[])
RETURNS SETOF scrape_request_log
LANGUAGE plpgsql VOLATILE
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
DECLARE
  cand record;
  saturated text[] := '{}';
  room jsonb := '{}';
  now_ts timestamptz := clock_timestamp();
  cap integer;
  left_ integer;
  timeout_s integer;
  taken integer := 0;
BEGIN
  WHILE taken < p_limit LOOP
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
    IF room ? cand.flow THEN
      left_ := (room ->> cand.flow)::integer;
    ELSE
      cap := coalesce((p_limits -> cand.flow ->> 0)::integer, 1000000);
      PERFORM pg_advisory_xact_lock(hashtext('beat.flow.' || cand.flow));
      SELECT cap - count(*) INTO left_ FROM scrape_request_log WHERE status = 'PROCESSING' AND flow = cand.flow;
    END IF;
    IF left_ <= 0 THEN
      saturated := saturated || cand.flow::text;
      CONTINUE;
    END IF;
    room := room || jsonb_build_object(cand.flow, left_ - 1);
    timeout_s := coalesce((p_limits -> cand.flow ->> 1)::integer, 60);
    RETURN QUERY UPDATE scrape_request_log
       SET status = 'PROCESSING', picked_at = now_ts, updated_at = now_ts, retry_at = NULL,
           lease_until = now_ts + make_interval(secs => timeout_s + p_grace),
           attempts = attempts + 1, worker = p_worker
     WHERE id = cand.id
    RETURNING *;
    taken := taken + 1;
    IF NOT cand.flow = ANY (p_quick) THEN
      RETURN;
    END IF;
  END LOOP;
END
$$;
"""

DROP = "DROP FUNCTION IF EXISTS beat_claim_batch(text, text, jsonb, integer, integer, text[]);"
# one claim function: a single claim is a batch of one (beat.queue.claim.claim_next)
DROP_SINGLE = "DROP FUNCTION IF EXISTS beat_claim_next(text, text, jsonb, integer);"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(DROP_SINGLE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(SINGLE.CREATE)


class Migration(migrations.Migration):
    dependencies = [("beat", "0009_queue_event")]
    operations = [migrations.RunPython(create, drop)]
