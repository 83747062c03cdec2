"""Every API route that names something in its path is either an account's own object, which another
account's key reads as 404 (the same answer as an id that does not exist), or public data named
here with the reason. A new route with a path parameter fails the first test until it is put in one
of the two tables."""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from beat.queue.services import submit
from credentials.services import credential_upsert
from enrichment.services.collections import collection_create
from shopify.models import ShopifyStore
from tests.accounts.factories import AccountFactory, key_client, new_key

pytestmark = pytest.mark.django_db

SHOP = "acme-outdoor.myshopify.com"

# name -> (method, path with {placeholders} filled from the owner's objects, JSON body)
OWNED = {
    "task-detail": ("get", "/scrape_request_log/flow/{task}", None),
    "task-update": ("post", "/scrape_request_log/flow/update/{task}", {"priority": 5}),
    "task-list": ("get", "/list_scrape_data/{account}", None),
    "post-collection": ("get", "/post_collections/{collection}", None),
    "post-collection-posts": ("post", "/post_collections/{collection}/posts", {"shortcodes": ["DAx9"]}),
    "post-collection-post": ("delete", "/post_collections/{collection}/posts/DAx1", None),
    "shopify-orders": ("get", "/shopify/stores/{shop}/orders", None),
    "shopify-orders-summary": ("get", "/shopify/stores/{shop}/orders/summary", None),
}
# the same objects, named in a query string or a body rather than the path
OWNED_ELSEWHERE = {
    "token-validate": ("get", "/token/validate?id={credential}", None),
    "collection-delete": ("delete", "/post_collections/{collection}", None),
}
PUBLIC = {
    "task-submit": "a flow's name: the registry is public (the schema lists it)",
    "profile-by-handle": "public profiles, shared by every account",
    "social-profile-by-handle": "public profiles, shared by every account",
    "profile-by-profile-id": "public profiles, shared by every account",
    "profile-by-id": "public profiles, shared by every account",
    "profile-history": "public profiles' snapshots",
    "profile-insights": "the handle's owner only: 403 for others (tests/security/test_tenancy.py)",
    "profile-audience-insights": "the handle's owner only: 403 for others (tests/security/test_tenancy.py)",
    "post-by-shortcode": "public posts",
    "post-by-type": "public posts",
    "recent-posts": "public posts",
    "post-sentiment": "shares of public posts' comments",
    "profile-sentiment": "shares of public profiles' comments",
}


def api_routes(resolver=None, prefix="") -> dict[str, str]:
    """{route: name} of every URL pattern outside the admin."""
    found = {}
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                found.update(api_routes(entry, route))
        elif isinstance(entry, URLPattern):
            found[route] = entry.name
    return found


def test_every_route_with_a_path_parameter_is_classified():
    with_parameters = {route: name for route, name in api_routes().items() if "<" in route}
    assert len(with_parameters) >= 15
    unclassified = [(name, route) for route, name in with_parameters.items()
                    if name not in OWNED and name not in PUBLIC]
    assert not unclassified, f"add these to OWNED or PUBLIC: {unclassified}"


@pytest.fixture
def owned(settings):
    """acme's objects, one of each kind a route names."""
    settings.BEAT_API_KEY_RATE = "10000/m"
    acme = AccountFactory(slug="acme")
    task = submit("beat_echo", {}, account=acme)[0]
    collection = collection_create(account=acme, name="Spring", platform="INSTAGRAM", shortcodes=["DAx1"])
    ShopifyStore.objects.create(shop=SHOP, account=acme)
    credential, _ = credential_upsert(source="rapidapi-jotucker", credentials={"X-RapidAPI-Key": "acme-key-0123"},
                                      owner=acme)
    ids = {"task": task.pk, "account": acme.slug, "collection": collection.pk, "shop": SHOP,
           "credential": credential.pk}
    return acme, ids


def call(api, method, path, body):
    return getattr(api, method)(path, body, format="json") if body is not None else getattr(api, method)(path)


@pytest.mark.parametrize("name", sorted({**OWNED, **OWNED_ELSEWHERE}))
def test_another_accounts_key_gets_404_for_each_owned_route_and_the_owner_does_not(owned, name):
    acme, ids = owned
    method, path, body = {**OWNED, **OWNED_ELSEWHERE}[name]
    path = path.format(**ids)
    mallory = key_client(new_key(AccountFactory(slug="mallory"), can_manage_tokens=True)[1])
    answer = call(mallory, method, path, body)
    assert answer.status_code == 404, (path, answer.content)
    assert set(answer.json()["error"]) == {"code", "message", "details"}
    # the same call by the owner reaches the object: the 404 above was the tenancy check, not a bad path
    mine = call(key_client(new_key(acme, can_manage_tokens=True)[1]), method, path, body)
    assert mine.status_code != 404, (path, mine.content)
