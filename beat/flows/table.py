"""The README's table of flows, written from the registry (`manage.py flows_table --write`), so the
documentation cannot drift from what is registered: tests/ops/test_flows_table.py compares them."""
from pathlib import Path

from django.apps import apps
from rest_framework import serializers

from beat.flows.registry import Flow, all_flows

BEGIN = "<!-- BEGIN flows: written by `python manage.py flows_table --write`, do not edit by hand -->"
END = "<!-- END flows -->"


def params_of(entry: Flow) -> str:
    """`name` for a required param, `name?` for an optional one, `name[]` for a list."""
    fields = entry.params().fields
    cells = []
    for name, field in fields.items():
        many = isinstance(field, (serializers.ListField, serializers.ListSerializer))
        cells.append(f"`{name}{'[]' if many else ''}{'' if field.required else '?'}`")
    one_of = getattr(entry.params, "one_of", ())  # beat.flows.params.OneOf: exactly one of these
    return ", ".join(cells) + (f" (one of {', '.join(one_of)})" if one_of else "") if cells else "none"


def documented_flows() -> list[Flow]:
    """The flows of Beat's installed apps; not those a plugin or a test registers (BEAT_FLOW_MODULES)."""
    return [entry for entry in all_flows() if apps.get_containing_app_config(entry.func.__module__)]


def described(entry: Flow) -> str:
    """The first paragraph of the flow's docstring, on one line (the registry keeps its first line)."""
    doc = (entry.func.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(line.strip() for line in doc.splitlines()) or entry.description


def markdown() -> str:
    flows = documented_flows()
    lines = [f"{len(flows)} flows (`?`: optional, `[]`: a list; a list param also takes a comma-separated string).",
             "", "| Flow | Platform | Queue | Params | What it does |", "|---|---|---|---|---|"]
    for entry in flows:
        what = described(entry) if entry.implemented else "Not built yet: submitting it is a 501 `not_implemented`."
        if entry.aliases:
            what += " Also named " + ", ".join(f"`{alias}`" for alias in entry.aliases) + "."
        lines.append(f"| `{entry.name}` | {entry.platform} | {entry.queue} | {params_of(entry)} | "
                     f"{what.replace('|', '/')} |")
    return "\n".join(lines)


def section(text: str) -> str:
    """What stands between the markers in text ('' when they are missing)."""
    start, end = text.find(BEGIN), text.find(END)
    return text[start + len(BEGIN):end].strip() if 0 <= start < end else ""


def write(readme: Path) -> bool:
    """Put today's table between the markers; True when the file changed."""
    text = readme.read_text()
    if section(text) == markdown():
        return False
    start, end = text.index(BEGIN), text.index(END)
    readme.write_text(text[:start + len(BEGIN)] + "\n" + markdown() + "\n" + text[end:])
    return True
