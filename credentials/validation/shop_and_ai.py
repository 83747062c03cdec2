"""openai (GET models, on OpenAI or Azure). The shopify validator lives with its provider
(shopify/validators.py), which checks the shop domain before a URL is built from it.

Reference: platform.openai.com/docs/api-reference/models/list.
"""
from django.conf import settings

from beat.http import call
from credentials.validation.base import Validation, validator


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
