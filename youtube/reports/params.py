"""The report params: youtube.flows.params.REPORTS (the FastAPI Beat's names), with inline ids checked at
submit, each `<list>_path` a storage path or an http(s) URL (fetched through the guarded fetch),
filter_by one of the attributes the engagement report knows, and frequency read as the keyword search
reads it."""
import re

from rest_framework import serializers as s

from beat.flows.params import IdList
from beat.reports.ids import StoragePath
from youtube.flows.params import REPORTS, Frequency
from youtube.reports.engagement import FILTERS

LISTS = {"channel_ids": re.compile(r"^UC[A-Za-z0-9_-]{22}$"), "video_ids": re.compile(r"^[A-Za-z0-9_-]{11}$"),
         "playlist_ids": re.compile(r"^[A-Za-z0-9_-]{2,64}$"), "keywords": re.compile(r"^.{1,200}$")}


def valid(list_name: str):
    """Whether one id of the list is well formed (ids read from files are checked here too)."""
    return lambda value: bool(LISTS[list_name].match(value))


def _params(flow: str):
    base = REPORTS[flow]
    declared = base().fields
    fields = {}
    for name, pattern in LISTS.items():
        if name in declared:  # malformed inline ids are a 400 at submit; a file's are named in refused_ids
            fields[name] = IdList(required=False, child=s.RegexField(pattern.pattern, max_length=200))
            fields[f"{name}_path"] = StoragePath(required=False)
    if "filter_by" in declared:
        fields["filter_by"] = s.ChoiceField(choices=sorted(FILTERS))
    if "frequency" in declared:
        fields["frequency"] = Frequency(required=False)
    return type(base.__name__, (base,), fields)


PARAMS = {flow: _params(flow) for flow in REPORTS}
