"""Not found and private are answers, not failures: recorded on the profile's state when there is a
profile to record them on, and the task ends COMPLETE saying so."""
from beat.errors import NotFound, Private
from beat.flows import FlowResult
from instagram.models import ProfileState
from instagram.services import profile_state_set

UNAVAILABLE = (NotFound, Private)


def unavailable(exc: NotFound | Private, *, ctx, handle: str | None = None, profile_id: str | None = None,
                **extra) -> FlowResult:
    state = ProfileState.NOT_FOUND if isinstance(exc, NotFound) else ProfileState.PRIVATE
    source = (exc.details or {}).get("source") or getattr(exc, "source", None)
    result = FlowResult(state=str(state), source=source, message=exc.message,
                        tried=(exc.details or {}).get("tried", []), extra=extra).stop(str(state))
    if handle or profile_id:
        account = profile_state_set(state=state, handle=handle, profile_id=profile_id, source=source,
                                    task_id=ctx.task_id)
        result.change("profile_ids", [account.profile_id or account.handle])
    return result
