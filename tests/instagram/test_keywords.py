import pytest

from instagram.keywords import extract_hashtags, extract_mentions, keywords


@pytest.mark.parametrize("text,tags", [
    ("A stellar nursery. #space #webb", ("space", "webb")),
    ("#Space #webb #space", ("space", "webb")),  # Instagram tags ignore case: one tag
    ("Summit views 🏔️ #hiking#outdoors", ("hiking", "outdoors")),
    ("#ünïcode #a_b", ("ünïcode", "a_b")),
    ("issue #1, C# and x#y, &#39;", ()),  # digits only, or glued to a word: not tags
    ("", ()),
    (None, ()),
])
def test_hashtags_are_found_in_order_lowercased_and_once(text, tags):
    assert extract_hashtags(text) == tags


@pytest.mark.parametrize("text,handles", [
    ("@astro.fan.test Webb!", ("astro.fan.test",)),
    ("thanks @NASAWebb. and (@iss)", ("nasawebb", "iss")),  # a trailing dot ends a sentence, not a handle
    ("mail a@b.com or see https://x.com/@nasa", ()),  # emails and URLs are not mentions
    (None, ()),
])
def test_mentions_are_instagram_handles(text, handles):
    assert extract_mentions(text) == handles


def test_keywords_are_the_top_yake_single_words_of_a_caption():
    caption = "A new look at a stellar nursery, captured in infrared. #space #webb"
    # 'new' and 'look' are YAKE stopwords; hashtags are taken out before ranking.
    assert keywords(caption) == ("captured", "infrared", "nursery", "stellar")


def test_keywords_read_captions_and_comments_together_and_keep_five():
    texts = ["Liftoff! Watch the launch from the pad's point of view. 🚀 #NASA #launch",
             "This is incredible 😍", "Which telescope took this?", "@astro.fan.test Webb! https://nasa.gov/webb"]
    found = keywords(texts)
    assert len(found) == 5
    assert all(word == word.lower() and word.isalpha() for word in found)
    assert not {"nasa", "launch", "astro", "https", "gov"} & set(found)  # no hashtag, mention or URL parts
    assert keywords(list(reversed(texts))) == keywords(list(reversed(texts)))  # deterministic


@pytest.mark.parametrize("texts", [None, "", [], ["", None], "#only #tags @and_mentions"])
def test_keywords_of_nothing_are_empty(texts):
    assert keywords(texts) == ()
