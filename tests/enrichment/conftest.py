"""Shared by the enrichment tests: the fake OpenAI server, openai credentials as real rows, flows run
through the real queue, and model answers for each GPT kind."""
import copy
import json

import pytest

from beat.models import ScrapeRequestLog
from beat.queue import claim, runner
from beat.queue.services import submit
from tests.fakeupstream import FIXTURES

OPENAI_KEY = "sk-test-fake-openai-key-0123456789abcdef"
AZURE_KEY = "azure-test-fake-key-0123456789abcdef"
CHAT = "/v1/chat/completions"
AZURE_CHAT = "/openai/deployments/beat-gpt/chat/completions"
AGE_GENDER = {"13-17 male": 2, "13-17 female": 3, "18-24 male": 10, "18-24 female": 15, "25-34 male": 12,
              "25-34 female": 20, "35-44 male": 8, "35-44 female": 10, "45-54 male": 5, "45-54 female": 6,
              "55-64 male": 3, "55-64 female": 3, "65+ male": 1, "65+ female": 2}  # percents: sum 100
CITIES = {f"City {n}": 21 - n for n in range(1, 21)}  # 20 cities, shares 20 .. 1 (sum 210)
TOPICS = [f"topic {n}" for n in range(1, 23)]
ANSWERS = {
    "base_gender": {"handle": "nasa", "gender": "Brand"},
    "base_location": {"handle": "nasa", "city": "Washington", "state": "District of Columbia",
                      "country": "United States"},
    "base_categ_lang_topics": {"handle": "nasa", "categories": ["Science", "Education"], "languages": ["English"],
                               "topics": TOPICS},
    "audience_age_gender": {"handle": "nasa", "platform": "instagram", "audience": {"age_gender": AGE_GENDER}},
    "audience_cities": {"handle": "nasa", "platform": "instagram", "audience": {"cities": CITIES}},
    "gender_location_lang": {"handle": "nasa", "gender": "brand", "city": "Washington", "state": "DC",
                             "country": "United States", "languages": ["English", "Spanish"]},
}
NASA = {"name": "NASA", "handle": "nasa", "bio": "Exploring the universe and our home planet.", "category": "Science"}


def completion(answer, *, prompt_tokens=300, completion_tokens=60, azure=False) -> dict:
    """A chat completion (the fixtures' shape) whose message is `answer` (JSON-encoded unless a str)."""
    name = "azure_chat_completion.json" if azure else "chat_completion_json_mode.json"
    body = copy.deepcopy(json.loads((FIXTURES / "openai" / name).read_text()))
    body["choices"][0]["message"]["content"] = answer if isinstance(answer, str) else json.dumps(answer)
    body["usage"].update(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                         total_tokens=prompt_tokens + completion_tokens)
    return body


@pytest.fixture
def openai_upstream(fake_upstream, settings):
    """The fake server as OpenAI (base URL .../v1); no key in the environment."""
    settings.OPENAI_BASE_URL = fake_upstream.url + "/v1"
    settings.AZURE_OPENAI_ENDPOINT = ""
    settings.OPENAI_API_KEY = ""
    settings.AZURE_OPENAI_API_KEY = ""
    settings.BEAT_GPT_MODEL = ""
    return fake_upstream


@pytest.fixture
def azure_upstream(openai_upstream, settings):
    settings.AZURE_OPENAI_ENDPOINT = openai_upstream.url
    settings.OPENAI_API_VERSION = "2024-10-21"
    settings.BEAT_GPT_MODEL = "beat-gpt"
    return openai_upstream


@pytest.fixture
def openai_credential(db):
    from credentials.services import credential_upsert

    return credential_upsert(source="openai", credentials={"key": OPENAI_KEY})[0]


def run_flow(flow: str, params: dict, *, queue: str) -> ScrapeRequestLog:
    """Submit as a client would, claim as a worker would, run, and return the task as stored."""
    submitted, _ = submit(flow, params)
    task = claim.claim_next(queue=queue, worker="t")
    assert task is not None and task.pk == submitted.pk
    runner.run(task)
    task.refresh_from_db()
    return task
