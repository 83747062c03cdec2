"""Error families: how each kind of upstream says what went wrong, mapped onto beat.errors.

A family is `func(answer) -> TransportError | None` (None: the answer is a success). Providers
choose theirs with `error_family`; the HTTP client applies it to every response.
"""
from beat.http.families.common import Answer, by_status
from beat.http.families.generic import generic
from beat.http.families.google import google
from beat.http.families.graph import graph
from beat.http.families.lama import lama
from beat.http.families.openai import openai
from beat.http.families.rapidapi import rapidapi
from beat.http.families.shopify import shopify

FAMILIES = {
    "generic": generic,
    "graph": graph,
    "google": google,
    "rapidapi": rapidapi,
    "shopify": shopify,
    "openai": openai,
    "lama": lama,
}


def family(name: str):
    try:
        return FAMILIES[name]
    except KeyError:
        raise ValueError(f"unknown error family {name!r}; one of {', '.join(sorted(FAMILIES))}") from None


__all__ = ["Answer", "FAMILIES", "by_status", "family"]
