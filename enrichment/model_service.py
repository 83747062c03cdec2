"""The model service (BEAT_MODEL_SERVICE_URL, the FastAPI Beat's RAY_URL): Beat's contract for it.

Every model is asked the same way, in batches, through beat.http (recorded, errors in Beat's family):
    POST {url}/sentiment   {"texts": [...]} -> {"results": [{"label": "positive|neutral|negative", "score": float}]}
    POST {url}/categorizer {"texts": [...]} -> {"labels": ["Science & Technology", ...]}
one answer per text, in order; an answer of another length is BadResponse.
"""
from django.conf import settings

from beat.errors import BadResponse
from beat.http import call

SOURCE = "models"
BATCH = 200
CATEGORY_MAX = 100  # youtube_post.category's length


def configured() -> bool:
    return bool(settings.BEAT_MODEL_SERVICE_URL)


def ask(model: str, texts: list[str], *, key: str, ctx=None, batch: int | None = None) -> list:
    """The model's answers for the texts, `batch` (else BATCH) texts a request, read from each answer's
    `key` list."""
    batch = batch or BATCH
    answers = []
    for start in range(0, len(texts), batch):
        chunk = texts[start:start + batch]
        answer = call("POST", f"{settings.BEAT_MODEL_SERVICE_URL.rstrip('/')}/{model}", source=SOURCE,
                      json={"texts": chunk}, ctx=ctx, expect=dict)
        found = answer.get(key)
        if not isinstance(found, list) or len(found) != len(chunk):
            raise BadResponse(f"models POST /{model}: {len(chunk)} texts sent, {key} do not match", source=SOURCE)
        answers += found
    return answers


def categorize(texts: list[str], *, ctx=None) -> list[str]:
    """The CATEGORIZER model's label of each text (a video title), stripped."""
    labels = []
    for label in ask("categorizer", texts, key="labels", ctx=ctx):
        if not isinstance(label, str) or not label.strip() or len(label.strip()) > CATEGORY_MAX:
            raise BadResponse(f"models POST /categorizer: unreadable label {str(label)[:100]}", source=SOURCE)
        labels.append(label.strip())
    return labels
