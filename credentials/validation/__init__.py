"""Credential validation: one small module per source family, one runner.

    validate_credential(credential_id, ctx=None) -> dict   (the verdict and the credential's state)
"""
from credentials.validation import google, graph, instagram_keys, rapidapi, shop_and_ai  # noqa: F401 (register)
from credentials.validation.base import VALIDATORS, Validation
from credentials.validation.run import record_verdict, summary, validate_credential

__all__ = ["VALIDATORS", "Validation", "record_verdict", "summary", "validate_credential"]
