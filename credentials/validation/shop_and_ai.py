"""openai (GET models). The shopify validator lives with its provider (shopify/validators.py), which
checks the shop domain before a URL is built from it.

Reference: platform.openai.com/docs/api-reference/models/list.
"""
from django.conf import settings

from beat.http import call
from credentials.validation.base import Validation, validator


@validator("openai")
def validate_openai_key(lease, ctx) -> Validation:
    call("GET", f"{settings.OPENAI_BASE_URL.rstrip('/')}/models", source="openai", error_family="openai",
         headers={"Authorization": f"Bearer {lease.secret['key']}"}, credential_id=lease.id, ctx=ctx,
         expect=dict)
    return Validation(is_valid=True)
