"""Instagram's events (beat.events): the FastAPI Beat's routing keys and payload keys, built from the
rows the services have just written. The services call beat.events.emit next to each write, so an
event exists exactly when its data was committed."""
PLATFORM = "INSTAGRAM"

PROFILE_LOG = "profile_log_events"
POST_LOG = "post_log_events"
RELATIONSHIP_LOG = "profile_relationship_log_events"
ACTIVITY_LOG = "post_activity_log_events"


def profile_log_event(log) -> dict:
    """A profile_log snapshot (instagram.models.ProfileLog)."""
    return {"source": log.source, "platform": PLATFORM, "kind": log.kind, "profile_id": log.profile_id,
            "handle": log.handle, "event_timestamp": log.timestamp, "metrics": log.metrics,
            "dimensions": log.dimensions, "task_id": log.task_id}


def post_log_event(log) -> dict:
    """A post_log snapshot (instagram.models.PostLog)."""
    dimensions = log.dimensions or {}
    return {"source": log.source, "platform": PLATFORM, "kind": log.kind, "profile_id": log.profile_id,
            "handle": dimensions.get("handle"), "shortcode": log.shortcode, "post_id": log.post_id,
            "publish_time": dimensions.get("publish_time"), "event_timestamp": log.timestamp,
            "metrics": log.metrics, "dimensions": dimensions, "task_id": log.task_id}


def relationship_event(row: dict) -> dict:
    """A profile_relationship_log row as relationships_upsert wrote it."""
    return {"source": row["source"], "platform": PLATFORM, "profile_id": row["profile_id"],
            "relation": row["relation"], "target_profile_id": row["other_id"], "target_handle": row["other_handle"],
            "event_timestamp": row["fetched_at"], "metrics": {},
            "dimensions": {"full_name": row["other_full_name"], "is_private": row["other_is_private"],
                           "is_verified": row["other_is_verified"]},
            "task_id": row["task_id"]}


def activity_event(row: dict) -> dict:
    """A post_activity_log row (a comment or a like) as activities_upsert wrote it."""
    return {"source": row["source"], "platform": PLATFORM, "shortcode": row["shortcode"], "post_id": row["post_id"],
            "activity_type": row["activity_type"], "activity_id": row["activity_id"],
            "profile_id": row["actor_profile_id"], "handle": row["actor_handle"], "publish_time": row["created_at"],
            "event_timestamp": row["fetched_at"], "metrics": {"likes": row["likes"]},
            "dimensions": {"text": row["text"], "parent_id": row["parent_id"], "keywords": row["keywords"]},
            "task_id": row["task_id"]}
