"""shopify (GET shop.json with the shop's token) and openai (GET models).

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
    call("GET", f"{settings.OPENAI_BASE_URL.rstrip('/')}/models", source="openai", error_family="openai",
         headers={"Authorization": f"Bearer {lease.secret['key']}"}, credential_id=lease.id, ctx=ctx,
         expect=dict)
    return Validation(is_valid=True)
