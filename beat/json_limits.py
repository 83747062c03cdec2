"""What Beat accepts as JSON from outside: API bodies and every task's params, whatever the edge.

Each limit stops a failure further down rather than being a policy of its own:
- depth: Beat's own walkers (params cleaning, redaction, rendering) recurse, so a value nested a
  few hundred levels deep ends in RecursionError, a 500;
- NUL: PostgreSQL's text and jsonb cannot hold U+0000 (a DataError on insert), while SQLite stores it;
- lone surrogates ("\\ud800"): not encodable as UTF-8, so PostgreSQL refuses them and, on SQLite, the
  row is stored but every later read of it (the task, its account's list, the admin) fails;
- size: a task's params are stored, copied into its result, and listed; a few MB of them is abuse.
"""
import json
import re

MAX_DEPTH = 32  # params of every flow nest 3 levels at most; 32 leaves room and stays far from recursion limits
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Unacceptable(ValueError):
    """A JSON value Beat will not store; `where` is its path ("params.a[2]"), `message` the reason."""

    def __init__(self, where: str, problem: str):
        self.where = where
        self.message = f"{where}: {problem}" if where else problem
        super().__init__(self.message)


def check(value, *, where: str = "", max_depth: int = MAX_DEPTH, max_bytes: int | None = None) -> None:
    """Raise Unacceptable if `value` nests deeper than max_depth, holds a string (or key) that no
    database can store, or is larger than max_bytes once encoded as compact UTF-8 JSON."""
    stack = [(value, where, 0)]
    while stack:  # iterative: a hostile depth must not be able to exhaust the stack here either
        item, path, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth >= max_depth:
                raise Unacceptable(path, f"nested deeper than {max_depth} levels")
            children = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in children:
                if isinstance(key, str):
                    label = f"{path}.{_label(key)}" if path else _label(key)
                    _check_text(key, label, "key")
                    stack.append((child, label, depth + 1))
                else:
                    stack.append((child, f"{path}[{key}]", depth + 1))
        elif isinstance(item, str):
            _check_text(item, path, "value")
    if max_bytes is not None:
        size = encoded_size(value)
        if size > max_bytes:
            raise Unacceptable(where, f"{human_size(size)} of JSON; the limit is {human_size(max_bytes)}")


def encoded_size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB ({size} bytes)"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB ({size} bytes)"
    return f"{size} bytes"


def _label(key: str) -> str:
    """A key as it may appear in an error message: escaped (the message itself is stored and
    rendered) and short (a megabyte key must not come back in the answer)."""
    shown = _UNSTORABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", key)
    return shown if len(shown) <= 40 else shown[:40] + "..."


def _check_text(text: str, path: str, kind: str) -> None:
    found = _UNSTORABLE.search(text)
    if found:
        char = found.group()
        what = "a NUL character (\\u0000)" if char == "\x00" else f"a lone surrogate (\\u{ord(char):04x})"
        raise Unacceptable(path, f"this {kind} holds {what}, which cannot be stored")
