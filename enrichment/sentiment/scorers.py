"""Score comment texts: VADER in process by default, or the SENTIMENT model of the model service.

VADER (vaderSentiment) reads English words, emoji, negation ("not good"), intensifiers and capitals;
a text in a language it has no words for scores 0 and is neutral, never a guess. Its compound score
is the score; the usual thresholds (+-0.05, from VADER's authors) give the label.

The model service (BEAT_MODEL_SERVICE_URL, the FastAPI Beat's RAY_URL) is asked in batches:
POST {url}/sentiment {"texts": [...]} -> {"results": [{"label": "positive|neutral|negative",
"score": float}, ...]}, one result per text, in order.
"""
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from beat.errors import BadResponse
from beat.http import call

POSITIVE_FROM = 0.05
NEGATIVE_TO = -0.05
BATCH = 200
LABELS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class Scored:
    sentiment: str
    score: float


def scorer_name() -> str:
    return "model" if settings.BEAT_MODEL_SERVICE_URL else "vader"


def score_texts(texts: list[str], *, ctx=None) -> list[Scored]:
    if settings.BEAT_MODEL_SERVICE_URL:
        return [scored for start in range(0, len(texts), BATCH)
                for scored in _model_service(texts[start:start + BATCH], ctx=ctx)]
    return [vader(text) for text in texts]


def label(compound: float) -> str:
    if compound >= POSITIVE_FROM:
        return "positive"
    if compound <= NEGATIVE_TO:
        return "negative"
    return "neutral"


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # loads its lexicons once

    return SentimentIntensityAnalyzer()


def vader(text: str) -> Scored:
    compound = float(_analyzer().polarity_scores(text or "")["compound"])
    return Scored(label(compound), compound)


def _model_service(texts: list[str], *, ctx) -> list[Scored]:
    answer = call("POST", f"{settings.BEAT_MODEL_SERVICE_URL.rstrip('/')}/sentiment", source="models",
                  json={"texts": texts}, ctx=ctx, expect=dict)
    results = answer.get("results")
    if not isinstance(results, list) or len(results) != len(texts):
        raise BadResponse(f"models POST /sentiment: {len(texts)} texts sent, results do not match", source="models")
    scored = []
    for result in results:
        name = str((result or {}).get("label", "")).lower() if isinstance(result, dict) else ""
        try:
            value = float(result.get("score"))
        except (AttributeError, TypeError, ValueError):
            value = None
        if name not in LABELS or value is None:
            raise BadResponse(f"models POST /sentiment: unreadable result {str(result)[:100]}", source="models")
        scored.append(Scored(name, value))
    return scored
