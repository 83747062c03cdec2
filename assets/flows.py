"""asset_upload_flow and asset_upload_flow_stories (the FastAPI Beat's names, params and caps): copy an
asset from its CDN link into Beat's storage. Two flows for two queues, so stories, whose links expire
within hours, never wait behind a backlog of posts."""
from rest_framework import serializers as s

from assets.services import SOURCE, asset_upload
from beat.flows import FlowResult, flow
from beat.flows.params import schema

AssetUpload = schema("AssetUploadParams", entity_type=s.ChoiceField(["PROFILE", "POST", "STORY"]),
                     entity_id=s.CharField(max_length=200), asset_type=s.ChoiceField(["IMAGE", "VIDEO"]),
                     original_url=s.URLField(max_length=4000),
                     platform=s.ChoiceField(["INSTAGRAM", "YOUTUBE"]))


def _upload(ctx, **params) -> FlowResult:
    stored = asset_upload(ctx=ctx, **params)
    result = FlowResult(source=SOURCE, fetched=1, pages=1)
    result.count(created=int(stored.created), updated=int(not stored.created))
    result.change("assets", [stored.asset_url])
    result.extra.update(stored.as_dict())
    return result


@flow("asset_upload_flow", params=AssetUpload, platform="INSTAGRAM", concurrency=75, queue="assets")
def asset_upload_flow(ctx, **params):
    """Download original_url (SSRF-safe) and store it as assets/{entity_type}s/{platform}/{entity_id}.{ext}."""
    return _upload(ctx, **params)


@flow("asset_upload_flow_stories", params=AssetUpload, platform="INSTAGRAM", concurrency=75,
      queue="assets_stories")
def asset_upload_flow_stories(ctx, **params):
    """asset_upload_flow on its own queue, for stories."""
    return _upload(ctx, **params)
