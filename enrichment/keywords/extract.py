"""Keywords of any text (YAKE 1-grams, the 5 best, as the FastAPI Beat), for every platform.

Links are taken out first so a keyword is a word people wrote; results are lowercased and
deterministic (ties broken alphabetically). Platform-specific cleaning (Instagram's #tags and
@mentions) happens before the text gets here.
"""
import re
from collections.abc import Iterable
from functools import lru_cache

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
TOP = 5


@lru_cache(maxsize=1)
def _extractor():
    import yake  # imported on first use: it pulls in numpy and friends

    return yake.KeywordExtractor(lan="en", n=1, top=TOP * 4)


def keywords(texts: Iterable[str | None] | str | None, top: int = TOP) -> tuple[str, ...]:
    """The top YAKE 1-gram keywords of one text or of many read together."""
    if texts is None or isinstance(texts, str):
        texts = [texts]
    document = "\n".join(t.strip() for t in (_URL.sub(" ", t or "") for t in texts) if t.strip())
    if not document:
        return ()
    best: list[str] = []
    for _, word in sorted((float(score), word.lower()) for word, score in _extractor().extract_keywords(document)):
        if word not in best and not word.isdigit():
            best.append(word)
    return tuple(best[:top])
