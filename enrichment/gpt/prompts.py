"""Versioned GPT prompts: enrichment/prompts/<version>.yaml, the version chosen by BEAT_PROMPT_VERSION.

A version file is read once per process and checked whole (every kind, every field), so a broken
file fails the first flow with a clear Misconfigured rather than a strange answer later.
"""
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

from beat.errors import Misconfigured

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
KINDS = ("base_gender", "base_location", "base_categ_lang_topics", "audience_age_gender", "audience_cities",
         "gender_location_lang")
_VERSION = re.compile(r"^[A-Za-z0-9._-]{1,40}$")
_PLACEHOLDER = re.compile(r"\{(name|handle|bio|category)\}")  # JSON braces in a template stay as they are


@dataclass(frozen=True)
class Prompt:
    version: str
    kind: str
    system: str
    user: str
    model: str
    temperature: float
    answer: dict
    reask: str

    def messages(self, profile: dict) -> list[dict]:
        """The first ask: the system text and the user template filled with the profile's fields."""
        user = _PLACEHOLDER.sub(lambda m: str(profile.get(m.group(1)) or "").strip() or "-", self.user)
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]

    def reask_message(self, missing: list[str]) -> dict:
        return {"role": "user", "content": self.reask.replace("{missing}", json.dumps(missing))}

    def model_name(self) -> str:
        return settings.BEAT_GPT_MODEL or self.model


def prompt(kind: str, version: str | None = None) -> Prompt:
    return load(version or settings.BEAT_PROMPT_VERSION)[kind]


@lru_cache(maxsize=8)
def load(version: str) -> dict[str, Prompt]:
    if not _VERSION.match(version or ""):
        raise Misconfigured(f"BEAT_PROMPT_VERSION {version!r} is not a prompt version name")
    path = PROMPTS_DIR / f"{version}.yaml"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Misconfigured(f"no prompt file {path.name} for BEAT_PROMPT_VERSION={version}") from None
    except yaml.YAMLError as exc:
        raise Misconfigured(f"prompt file {path.name} is not valid YAML: {exc}") from None
    try:
        reask, kinds = str(document["reask"]), document["kinds"]
        return {kind: Prompt(version=version, kind=kind, system=str(kinds[kind]["system"]).strip(),
                             user=str(kinds[kind]["user"]).strip(), model=str(kinds[kind]["model"]),
                             temperature=float(kinds[kind]["temperature"]), answer=dict(kinds[kind]["answer"]),
                             reask=reask)
                for kind in KINDS}
    except (KeyError, TypeError, ValueError) as exc:
        raise Misconfigured(f"prompt file {path.name} lacks or misshapes {exc}") from None
