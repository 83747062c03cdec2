"""The one body format the API reads: JSON (form and multipart bodies are a 415, never empty params).

DRF's JSONParser turns a RecursionError (JSON nested a few thousand levels) into a 500, and accepts
what no database can store (NUL, lone surrogates); both are a 400 here, before any view sees the body.
"""
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from beat import json_limits


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {json_limits.MAX_DEPTH} levels") from None
        try:
            json_limits.check(data)
        except json_limits.Unacceptable as exc:
            raise ParseError(f"JSON body refused - {exc.message}") from None
        return data
