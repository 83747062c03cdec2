"""Credential validation: the registry and one runner. Each platform app registers how its sources
are checked in its own `validators.py` (instagram.validators, youtube.validators), through its
provider classes; the sources without a provider class yet are checked here (shop_and_ai).

    validate_credential(credential_id, ctx=None) -> dict   (the verdict and the credential's state)
    check_unsaved(source, credentials, handle="", ctx=None) -> dict   (a token that is not stored)
"""
from credentials.validation import shop_and_ai  # noqa: F401 (register)
from credentials.validation.base import VALIDATORS, Validation
from credentials.validation.run import check_unsaved, record_verdict, summary, validate_credential

__all__ = ["VALIDATORS", "Validation", "check_unsaved", "record_verdict", "summary", "validate_credential"]
