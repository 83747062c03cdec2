"""Credential validation: one small module per source family, one runner.

    validate_credential(credential_id, ctx=None) -> dict   (the verdict and the credential's state)
    check_unsaved(source, credentials, handle="", ctx=None) -> dict   (a token that is not stored)
"""
from credentials.validation import google, graph, instagram_keys, rapidapi, shop_and_ai  # noqa: F401 (register)
from credentials.validation.base import VALIDATORS, Validation
from credentials.validation.run import check_unsaved, record_verdict, summary, validate_credential

__all__ = ["VALIDATORS", "Validation", "check_unsaved", "record_verdict", "summary", "validate_credential"]
