"""Keywords of captions and comments (YAKE, single words, top 5) and their #hashtags and @mentions.

As the FastAPI Beat: YAKE 1-grams, the 5 best. Hashtags and mentions are taken out of the text first
so a keyword is a word people wrote, and link fragments never rank. Results are lowercased and
deterministic: YAKE ties are broken alphabetically.
"""

import re
from collections.abc import Iterable

from enrichment.keywords.extract import TOP
from enrichment.keywords.extract import keywords as yake_keywords

# Instagram hashtags: letters, digits, underscore (any script). Handles: letters, digits, _ and '.',
# never ending in '.', at most 30 characters.
_HASHTAG = re.compile(r"(?<![\w&])#\w+(?:#\w+)*", re.UNICODE)  # '#a#b' is two tags, 'x#y' none
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.lower() for v in values))


def extract_hashtags(text: str | None) -> tuple[str, ...]:
    """'#Space #webb #space' -> ('space', 'webb'): lowercased (Instagram tags ignore case), in order."""
    tags = (tag for run in _HASHTAG.findall(text or "") for tag in run.split("#") if tag)
    return _unique(tag for tag in tags if not tag.isdigit())  # '#1' is no tag


def extract_mentions(text: str | None) -> tuple[str, ...]:
    """'@NASAWebb and @iss.' -> ('nasawebb', 'iss')."""
    return _unique(_MENTION.findall(_URL.sub(" ", text or "")))


def keywords(texts: Iterable[str | None] | str | None, top: int = TOP) -> tuple[str, ...]:
    """The top YAKE 1-gram keywords of one text or of many (captions, comments) read together, their
    #hashtags and @mentions taken out first (enrichment.keywords.extract does the rest)."""
    if texts is None or isinstance(texts, str):
        texts = [texts]
    return yake_keywords([_MENTION.sub(" ", _HASHTAG.sub(" ", _URL.sub(" ", t or ""))) for t in texts], top=top)
