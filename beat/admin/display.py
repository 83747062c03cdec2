"""How admin pages show stored values (every app's admin uses these)."""
import json

from django.utils.html import format_html


def pretty_json(value):
    """Stored JSON, indented and wrapped; "-" when there is nothing in it."""
    if value in (None, {}, []):
        return "-"
    return format_html('<pre style="white-space: pre-wrap; margin: 0">{}</pre>',
                       json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str))
