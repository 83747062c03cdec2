"""Enrichment: OpenAI or Azure OpenAI for the GPT flows, and the sentiment scorer.

OpenAI by default (OPENAI_BASE_URL, in settings_upstreams); AZURE_OPENAI_ENDPOINT switches every GPT
call to Azure's URL shape (deployments in place of models) with OPENAI_API_VERSION. Keys come from
stored `openai` credentials first; OPENAI_API_KEY / AZURE_OPENAI_API_KEY serve when none is usable.
"""
import os

from beat.env import env_str, env_url

AZURE_OPENAI_ENDPOINT = env_url("AZURE_OPENAI_ENDPOINT", "") if os.environ.get("AZURE_OPENAI_ENDPOINT", "").strip() \
    else ""
OPENAI_API_VERSION = env_str("OPENAI_API_VERSION", "2024-10-21")
OPENAI_API_KEY = env_str("OPENAI_API_KEY", "")
AZURE_OPENAI_API_KEY = env_str("AZURE_OPENAI_API_KEY", "")
# Empty: each prompt's own model. On Azure, the deployment name.
BEAT_GPT_MODEL = env_str("BEAT_GPT_MODEL", "")
# A file enrichment/prompts/<version>.yaml; checked when the first GPT flow runs.
BEAT_PROMPT_VERSION = env_str("BEAT_PROMPT_VERSION", "v1")
