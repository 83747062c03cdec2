"""The Instagram flows (names and params are the FastAPI Beat's). Importing this package registers
them all (beat.flows.registry autodiscovers `instagram.flows`).

Each flow is thin: provider (which parses its own answer) through the fallback layer (fallback.py),
pages walked by paging.py, then a service that stores the records; it returns a beat.flows.FlowResult.
Not found and private are answers (unavailable.py); raw_items.py finds each record's raw item."""
from beat.flows import placeholder
from instagram.flows import activities, insights, posts, profiles, relationships, stories  # noqa: F401 (register)
from instagram.flows.params import IG, AssetUpload

# CDN uploads are not built yet; their params are fixed already (registered as placeholders).
placeholder("asset_upload_flow", params=AssetUpload, platform=IG, concurrency=75, queue="assets")
placeholder("asset_upload_flow_stories", params=AssetUpload, platform=IG, concurrency=75, queue="assets_stories")
