"""GPT answers: the profile text a flow asks about, and the upsert of what it learnt."""
from django.db.models import F
from django.utils import timezone

from beat.errors import NotFound
from enrichment.gpt.ask import Insight
from enrichment.models import GptProfileData
from instagram.models import InstagramAccount, ProfileState

_UPDATED = ("profile_id", "data", "prompt_version", "model", "asks", "prompt_tokens", "completion_tokens",
            "total_tokens", "task_id", "refreshed_at")


def stored_profile_text(handle: str) -> dict:
    """{name, handle, bio, category} of the latest stored profile with this handle."""
    row = (InstagramAccount.objects.filter(handle=handle, state=ProfileState.OK)
           .order_by(F("refreshed_at").desc(nulls_last=True), "-id")
           .values("full_name", "handle", "biography", "category", "profile_id").first())
    if row is None:
        raise NotFound(f"No stored Instagram profile @{handle}: refresh it first, or pass data {{name, handle, bio}}.",
                       details={"handle": handle})
    return {"name": row["full_name"] or "", "handle": row["handle"], "bio": row["biography"] or "",
            "category": row["category"] or "", "profile_id": row["profile_id"]}


def profile_id_of(handle: str) -> str | None:
    return (InstagramAccount.objects.filter(handle=handle).exclude(profile_id=None)
            .order_by(F("refreshed_at").desc(nulls_last=True), "-id").values_list("profile_id", flat=True).first())


def gpt_data_upsert(*, insight: Insight, profile_id: str | None = None, task_id: int | None = None) -> GptProfileData:
    """One row per (handle, kind): the latest usable answer replaces the previous one."""
    now = timezone.now()
    row = GptProfileData(handle=insight.handle, profile_id=profile_id, kind=insight.kind, data=insight.data,
                         prompt_version=insight.prompt_version, model=insight.model[:100], asks=insight.asks,
                         prompt_tokens=insight.prompt_tokens, completion_tokens=insight.completion_tokens,
                         total_tokens=insight.total_tokens, task_id=task_id, refreshed_at=now, created_at=now)
    GptProfileData.objects.bulk_create([row], update_conflicts=True, unique_fields=["handle", "kind"],
                                       update_fields=list(_UPDATED))
    return GptProfileData.objects.get(handle=insight.handle, kind=insight.kind)


def gpt_data_of(handle: str) -> dict:
    """{kind: {data, prompt_version, model, tokens, refreshed_at}} of a handle, for the profile answer."""
    rows = GptProfileData.objects.filter(handle=handle).values(
        "kind", "data", "prompt_version", "model", "prompt_tokens", "completion_tokens", "total_tokens",
        "refreshed_at")
    return {row.pop("kind"): row for row in rows}
