"""refresh_instagram_gpt_data_<kind>: ask the model about a profile, store the usable answer."""
from beat.flows import FlowResult, flow
from enrichment import events
from enrichment.flows.params import Gpt
from enrichment.gpt.ask import ask
from enrichment.gpt.prompts import KINDS
from enrichment.results import flow_result
from enrichment.selectors import profile_id_of, stored_profile_text
from enrichment.services.gpt import gpt_data_upsert

# the FastAPI Beat's workers x concurrency
CAPS = {"base_gender": 15, "base_location": 15, "base_categ_lang_topics": 15, "audience_age_gender": 15,
        "audience_cities": 15, "gender_location_lang": 25}


def refresh_gpt_data(kind: str, ctx, *, data=None, handle=None) -> FlowResult:
    profile = dict(data) if data else stored_profile_text(handle)
    insight = ask(kind, profile, ctx=ctx)
    profile_id = profile.get("profile_id") or profile_id_of(insight.handle)
    row = gpt_data_upsert(insight=insight, profile_id=profile_id, task_id=getattr(ctx, "task_id", None))
    events.emit(events.BEAT, "profile_log_events", events.profile_log_event(
        handle=row.handle, profile_id=row.profile_id, source=f"openapi_{row.prompt_version}",
        dimensions=row.data, metrics={"total_tokens": row.total_tokens}), task_id=getattr(ctx, "task_id", None))
    return flow_result(source="openai", fetched=1, updated=1, changed={"gpt_profile_data": [row.handle]},
                       kind=kind, handle=row.handle, data=row.data, prompt_version=row.prompt_version,
                       model=row.model, asks=row.asks, prompt_tokens=row.prompt_tokens,
                       completion_tokens=row.completion_tokens, total_tokens=row.total_tokens)


def _register(kind: str) -> None:
    def run(ctx, **params):
        return refresh_gpt_data(kind, ctx, **params)

    run.__doc__ = f"Asks the GPT model for {kind} of an Instagram profile and stores the usable answer."
    flow(f"refresh_instagram_gpt_data_{kind}", params=Gpt, platform="GPT", concurrency=CAPS[kind], queue="gpt",
         timeout=300)(run)


for _kind in KINDS:
    _register(_kind)
