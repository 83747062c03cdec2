"""Enrichment flows: GPT profile insights, sentiment and its reports, keyword collections."""
from enrichment.flows import gpt, keywords, sentiment  # noqa: F401  (each module registers its flows)
