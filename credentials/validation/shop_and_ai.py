"""shopify (GET shop.json with the shop's token) and openai (GET models, on OpenAI or Azure).

References: shopify.dev/docs/api/admin-rest/2024-01/resources/shop; platform.openai.com/docs/api-reference/models/list.
"""
from django.conf import settings

from beat.errors import Misconfigured
from beat.http import call
from credentials.validation.base import Validation, validator


@validator("shopify")
def validate_shop_token(lease, ctx) -> Validation:
    if not lease.handle:
        raise Misconfigured(f"shopify credential #{lease.id} has no handle (the shop domain)")
    url = settings.BEAT_SHOPIFY_BASE_URL.replace("{shop}", lease.handle).rstrip("/")
    call("GET", f"{url}/shop.json", source="shopify", error_family="shopify", endpoint="/shop.json",
         headers={"X-Shopify-Access-Token": lease.secret["X-Shopify-Access-Token"]},
         credential_id=lease.id, ctx=ctx, expect=dict)
    return Validation(is_valid=True)


@validator("openai")
def validate_openai_key(lease, ctx) -> Validation:
    """The models list, where the GPT flows send: Azure's shape when AZURE_OPENAI_ENDPOINT is set."""
    key = lease.secret["key"]
    if settings.AZURE_OPENAI_ENDPOINT:
        # Reference: Azure OpenAI data-plane REST, Models - List (GET {endpoint}/openai/models)
        url, headers = f"{settings.AZURE_OPENAI_ENDPOINT.rstrip('/')}/openai/models", {"api-key": key}
        params = {"api-version": settings.OPENAI_API_VERSION}
    else:
        url, params = f"{settings.OPENAI_BASE_URL.rstrip('/')}/models", None
        headers = {"Authorization": f"Bearer {key}"}
    call("GET", url, source="openai", error_family="openai", headers=headers, params=params, credential_id=lease.id,
         ctx=ctx, expect=dict)
    return Validation(is_valid=True)
