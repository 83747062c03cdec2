"""The Instagram flows (names and params are the FastAPI Beat's). Importing this package registers
them all (beat.flows.registry autodiscovers `instagram.flows`).

Each flow is thin: provider (which parses its own answer) through the fallback layer (fallback.py),
pages walked by paging.py, then a service that stores the records; it returns a beat.flows.FlowResult.
Not found and private are answers (unavailable.py); raw_items.py finds each record's raw item.
asset_upload_flow and asset_upload_flow_stories live in the assets app."""
from instagram.flows import activities, insights, posts, profiles, relationships, stories  # noqa: F401 (register)
