"""What every Instagram flow shares: one call through the fallback layer, a pager that stays on the
source of its first page, answers about an entity (not found, private), raw items for snapshots, and
the result a flow hands back.

A flow's result (the task's data) says what it did: counts (fetched, created, updated), the source
that answered, pages read, why it stopped, the cursor to resume from when it stopped early, and the
ids it wrote under `changed` (shortcodes, profile_ids) so events can be published per task.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from beat.errors import NotFound, Private
from credentials.fallback import FallbackResult, call_with_fallback
from instagram.models import InstagramAccount, InstagramPost, ProfileState
from beat.flows.pagination import Walk, walk
from instagram.providers import PROVIDERS
from instagram.providers.orders import providers_for
from instagram.services import UpsertResult, profile_state_set
from instagram.services.profiles import normal_handle


def call(ctx, operation: str, fn: Callable, *, source: str | None = None, handle: str | None = None,
         skip: Iterable[str] = ()) -> FallbackResult:
    """fn(provider) -> value, from the first provider of the operation's order that answers.
    The value comes back as (value, raw) so snapshots keep what upstream sent: raw is the answer, or the
    list of answers when the operation took several requests (Graph insights)."""
    providers = [cls for cls in providers_for(operation, source=source) if cls.source not in set(skip)]
    return call_with_fallback(operation, providers, lambda provider: (fn(provider), _raw(provider)), ctx=ctx,
                              handle=handle)


def _raw(provider):
    answers = [answer.payload for answer in provider.answers]
    return answers[0] if len(answers) == 1 else (answers or None)


@dataclass
class Pager:
    """Fetches pages of one operation. The first page picks the source through the fallback order;
    later pages stay on it, because a cursor only means something to the source that gave it."""

    ctx: object
    operation: str
    fetch_page: Callable  # (provider, cursor) -> Page
    source: str | None = None
    handle: str | None = None  # for sources that need the handle's own credential
    last_raw: object = None
    tried: list = field(default_factory=list)

    def __call__(self, cursor: str | None):
        answer = call(self.ctx, self.operation, lambda p: self.fetch_page(p, cursor), source=self.source,
                      handle=self.handle)
        self.source = answer.source
        # every try of the first page; later pages add only what did not simply answer (bounded results)
        self.tried.extend(t for t in answer.tried if not self.tried or t["outcome"] != "answered")
        page, self.last_raw = answer.value
        return page


def walk_and_store(ctx, operation: str, fetch_page, store, *, cursor: str | None, max_items: int,
                   handle: str | None = None) -> tuple[Walk, UpsertResult, Pager]:
    """Walk an operation's pages from a client's resume cursor, store(items, source, raw) -> UpsertResult
    on each page. NotFound / Private propagate: the caller knows whose state they are."""
    source, own_cursor = split_cursor(cursor)
    pager = Pager(ctx, operation, fetch_page, source=source, handle=handle)
    upserts = UpsertResult()

    def on_page(items):
        nonlocal upserts
        upserts += store(items, pager.source, pager.last_raw)

    done = walk(pager, on_page, cursor=own_cursor, max_items=max_items, ctx=ctx)
    return done, upserts, pager


def split_cursor(value: str | None) -> tuple[str | None, str | None]:
    """A resume cursor is "<source>:<the source's own cursor>"; one without a known source prefix (a
    client of the FastAPI Beat) is tried on the operation's order."""
    if not value:
        return None, None
    source, sep, rest = value.partition(":")
    if sep and source in PROVIDERS and rest:
        return source, rest
    return None, value


def join_cursor(source: str | None, cursor: str | None) -> str | None:
    return f"{source}:{cursor}" if source and cursor else None


def entity_answer(exc: NotFound | Private, *, ctx, handle: str | None = None, profile_id: str | None = None,
                  **extra) -> dict:
    """Not found and private are answers, not failures: recorded on the profile's state when there is
    a profile to record them on, and the task ends COMPLETE saying so."""
    state = ProfileState.NOT_FOUND if isinstance(exc, NotFound) else ProfileState.PRIVATE
    source = (exc.details or {}).get("source") or getattr(exc, "source", None)
    changed = {}
    if handle or profile_id:
        account = profile_state_set(state=state, handle=handle, profile_id=profile_id, source=source,
                                    task_id=ctx.task_id)
        changed = {"profile_ids": [account.profile_id or account.handle]}
    return {"state": str(state), "source": source, "message": exc.message, "fetched": 0, "created": 0,
            "updated": 0, "pages": 0, "stop_reason": str(state), "changed": changed,
            "tried": (exc.details or {}).get("tried", []), **extra}


def step(walk: Walk, upserts: UpsertResult, source: str | None) -> dict:
    """One walk's part of a result."""
    part = {"source": source, "pages": walk.pages, "fetched": walk.fetched, "created": upserts.created,
            "updated": upserts.updated, "stop_reason": walk.stop_reason,
            "next_cursor": join_cursor(source, walk.next_cursor)}
    if walk.error:
        part["error"] = walk.error
    if walk.partial:
        part["partial"] = True
    return part


def paged_result(walk: Walk, upserts: UpsertResult, source: str | None, *, changed: dict, tried=(), **extra) -> dict:
    """The result of a flow that is one walk: PARTIAL (via "partial") when the walk was incomplete."""
    return {**step(walk, upserts, source), "changed": changed, "tried": list(tried), **extra}


def keys(result: UpsertResult) -> list:
    return [k if isinstance(k, str) else list(k) for k in dict.fromkeys(result.keys)]


def stored_shortcodes(shortcodes: Iterable[str], *, before=None) -> set[str]:
    """Which of these posts are stored already (first stored before `before`, when given); one query."""
    wanted = list(dict.fromkeys(shortcodes))
    if not wanted:
        return set()
    stored = InstagramPost.objects.filter(shortcode__in=wanted)
    if before is not None:
        stored = stored.filter(created_at__lt=before)
    return set(stored.values_list("shortcode", flat=True))


def stored_post(shortcode: str) -> InstagramPost | None:
    return InstagramPost.objects.filter(shortcode=shortcode).only("shortcode", "post_id", "post_type",
                                                                  "profile_id", "handle", "source").first()


def stored_profile_id(handle: str) -> str | None:
    """The id of the account last seen with this handle."""
    return (InstagramAccount.objects.filter(handle=normal_handle(handle), profile_id__isnull=False)
            .order_by("-refreshed_at", "-id").values_list("profile_id", flat=True).first())


def raw_items(payload, records) -> dict:
    """{shortcode: the raw item it was parsed from}, found in a page's raw answer by its code /
    shortcode, or by its id / pk (Graph media ids, story pks). One walk over the payload."""
    by_code = {r.shortcode: r.shortcode for r in records}
    by_id = {str(r.post_id): r.shortcode for r in records if r.post_id}
    by_id.update({r.shortcode: r.shortcode for r in records if r.post_type == "story"})
    found: dict = {}
    stack = [payload]
    while stack and len(found) < len(by_code):
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        shortcode = _match(node, by_code, by_id)
        if shortcode and shortcode not in found:
            found[shortcode] = node
            continue  # the outermost object that names the post is its item
        stack.extend(reversed([v for v in node.values() if isinstance(v, (dict, list))]))
    return found


def _match(node: dict, by_code: dict, by_id: dict) -> str | None:
    for name in ("code", "shortcode"):
        value = node.get(name)
        if isinstance(value, str) and value in by_code:
            return by_code[value]
    for name in ("pk", "id"):
        value = node.get(name)
        if value is not None and str(value) in by_id:
            return by_id[str(value)]
    return None
