"""asset_upload_flow and asset_upload_flow_stories (the FastAPI Beat's names, params and caps): copy an
asset from its CDN link into Beat's storage. Two flows for two queues, so stories, whose links expire
within hours, never wait behind a backlog of posts."""
from rest_framework import serializers as s

from assets.services import asset_upload
from beat.flows import flow
from beat.flows.params import schema

AssetUpload = schema("AssetUploadParams", entity_type=s.ChoiceField(["PROFILE", "POST", "STORY"]),
                     entity_id=s.CharField(max_length=200), asset_type=s.ChoiceField(["IMAGE", "VIDEO"]),
                     original_url=s.URLField(max_length=4000),
                     platform=s.ChoiceField(["INSTAGRAM", "YOUTUBE"]))


def _upload(ctx, **params) -> dict:
    return asset_upload(ctx=ctx, **params).as_dict()


@flow("asset_upload_flow", params=AssetUpload, platform="INSTAGRAM", concurrency=75, queue="assets")
def asset_upload_flow(ctx, **params):
    """Download original_url (SSRF-safe) and store it as assets/{entity_type}s/{platform}/{entity_id}.{ext}."""
    return _upload(ctx, **params)


@flow("asset_upload_flow_stories", params=AssetUpload, platform="INSTAGRAM", concurrency=75,
      queue="assets_stories")
def asset_upload_flow_stories(ctx, **params):
    """asset_upload_flow on its own queue, for stories."""
    return _upload(ctx, **params)
