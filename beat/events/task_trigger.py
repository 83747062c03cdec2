"""The SQL of the task status trigger (migration 0006): every INSERT of a task and every UPDATE that
changes its status appends a scrape_request_log_events row to beat_outbox in the same statement's
transaction. A trigger, not a Python hook: status changes are made by the claim function in SQL, by
bulk expiries and lease recovery, by the runner's plain UPDATE and by the admin, and each of them gets
its event without knowing. The payload never has the task's data (large; read it through the API);
its params are scrubbed of secrets by the relay before they leave Beat (beat.events.scrub)."""

ROUTING_KEY = "scrape_request_log_events"

_PG_PAYLOAD = """jsonb_build_object(
    'source', 'beat', 'platform', NEW.platform, 'scrape_id', NEW.id, 'flow', NEW.flow,
    'status', NEW.status, 'previous_status', {previous}, 'priority', NEW.priority,
    'attempts', NEW.attempts, 'max_attempts', NEW.max_attempts, 'account_id', NEW.account_id,
    'idempotency_key', NEW.idempotency_key, 'params', NEW.params, 'error', NEW.error,
    'created_at', NEW.created_at, 'picked_at', NEW.picked_at, 'scraped_at', NEW.scraped_at,
    'expires_at', NEW.expires_at, 'retry_at', NEW.retry_at, 'event_timestamp', clock_timestamp())"""

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION beat_task_status_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO beat_outbox (event_id, exchange, routing_key, payload, account_id, created_at, attempts, last_error)
    VALUES (gen_random_uuid(), 'beat.dx', '{ROUTING_KEY}', {_PG_PAYLOAD.format(previous="NULL")},
            NEW.account_id, clock_timestamp(), 0, '');
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO beat_outbox (event_id, exchange, routing_key, payload, account_id, created_at, attempts, last_error)
    VALUES (gen_random_uuid(), 'beat.dx', '{ROUTING_KEY}', {_PG_PAYLOAD.format(previous="OLD.status")},
            NEW.account_id, clock_timestamp(), 0, '');
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS beat_task_status_event ON scrape_request_log;
CREATE TRIGGER beat_task_status_event AFTER INSERT OR UPDATE OF status ON scrape_request_log
  FOR EACH ROW EXECUTE FUNCTION beat_task_status_event();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS beat_task_status_event ON scrape_request_log;
DROP FUNCTION IF EXISTS beat_task_status_event();
"""

_SQLITE_PAYLOAD = """json_object(
    'source', 'beat', 'platform', NEW.platform, 'scrape_id', NEW.id, 'flow', NEW.flow,
    'status', NEW.status, 'previous_status', {previous}, 'priority', NEW.priority,
    'attempts', NEW.attempts, 'max_attempts', NEW.max_attempts, 'account_id', NEW.account_id,
    'idempotency_key', NEW.idempotency_key, 'params', json(NEW.params), 'error', json(NEW.error),
    'created_at', NEW.created_at, 'picked_at', NEW.picked_at, 'scraped_at', NEW.scraped_at,
    'expires_at', NEW.expires_at, 'retry_at', NEW.retry_at,
    'event_timestamp', strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))"""
_SQLITE_INSERT = """INSERT INTO beat_outbox (event_id, exchange, routing_key, payload, account_id, created_at,
    attempts, last_error)
  VALUES (lower(hex(randomblob(16))), 'beat.dx', '{key}', {payload}, NEW.account_id,
          strftime('%Y-%m-%d %H:%M:%f', 'now'), 0, '');"""
SQLITE = [
    "DROP TRIGGER IF EXISTS beat_task_inserted_event",
    "DROP TRIGGER IF EXISTS beat_task_status_event",
    "CREATE TRIGGER beat_task_inserted_event AFTER INSERT ON scrape_request_log BEGIN "
    + _SQLITE_INSERT.format(key=ROUTING_KEY, payload=_SQLITE_PAYLOAD.format(previous="NULL")) + " END",
    "CREATE TRIGGER beat_task_status_event AFTER UPDATE OF status ON scrape_request_log "
    "WHEN NEW.status IS NOT OLD.status BEGIN "
    + _SQLITE_INSERT.format(key=ROUTING_KEY, payload=_SQLITE_PAYLOAD.format(previous="OLD.status")) + " END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS beat_task_inserted_event", "DROP TRIGGER IF EXISTS beat_task_status_event"]


def install(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement, params=None)


def uninstall(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)
