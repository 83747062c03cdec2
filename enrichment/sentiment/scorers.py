"""Score comment texts: VADER in process by default, or the SENTIMENT model of the model service.

VADER (vaderSentiment) reads English words, emoji, negation ("not good"), intensifiers and capitals;
a text in a language it has no words for scores 0 and is neutral, never a guess. Its compound score
is the score; the usual thresholds (+-0.05, from VADER's authors) give the label.

The SENTIMENT model of the model service (BEAT_MODEL_SERVICE_URL) is asked as
enrichment.model_service says: POST {url}/sentiment {"texts": [...]} -> {"results": [{"label":
"positive|neutral|negative", "score": float}, ...]}, one result per text, in order.
"""
from dataclasses import dataclass
from functools import lru_cache

from beat.errors import BadResponse
from enrichment import model_service

POSITIVE_FROM = 0.05
NEGATIVE_TO = -0.05
BATCH = model_service.BATCH  # comments a request
LABELS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class Scored:
    sentiment: str
    score: float


def scorer_name() -> str:
    return "model" if model_service.configured() else "vader"


def score_texts(texts: list[str], *, ctx=None) -> list[Scored]:
    if model_service.configured():
        return [_read(result) for result in model_service.ask("sentiment", texts, key="results", ctx=ctx,
                                                               batch=BATCH)]
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


def _read(result) -> Scored:
    name = str((result or {}).get("label", "")).lower() if isinstance(result, dict) else ""
    try:
        value = float(result.get("score"))
    except (AttributeError, TypeError, ValueError):
        value = None
    if name not in LABELS or value is None:
        raise BadResponse(f"models POST /sentiment: unreadable result {str(result)[:100]}",
                          source=model_service.SOURCE)
    return Scored(name, value)
