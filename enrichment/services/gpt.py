"""GPT answers: the upsert of what a flow learnt."""
from django.utils import timezone

from enrichment.gpt.ask import Insight
from enrichment.models import GptProfileData

_UPDATED = ("profile_id", "data", "prompt_version", "model", "asks", "prompt_tokens", "completion_tokens",
            "total_tokens", "task_id", "refreshed_at")


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
