"""The Instagram flows (names and params are the FastAPI Beat's). Importing this package registers
them all (beat.flows.registry autodiscovers `instagram.flows`).

Each flow is thin: provider (which parses its own answer) through the fallback layer, then a service
that stores the records. Results: see instagram.flows.common."""
from instagram.flows import activities, insights, posts, profiles, relationships, stories  # noqa: F401 (register)
# asset_upload_flow and asset_upload_flow_stories live in the assets app.
