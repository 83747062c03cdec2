"""Enrichment flows: GPT, keyword collections, sentiment. Placeholders until enrichment lands."""
from rest_framework import serializers as s

from beat.flows import placeholder
from beat.flows.params import Handle, IdList, OneOf, schema


class ProfileText(s.Serializer):
    name = s.CharField(allow_blank=True, max_length=300)
    handle = Handle()
    bio = s.CharField(allow_blank=True, max_length=5000)
    category = s.CharField(required=False, allow_blank=True, max_length=300)


Gpt = schema("GptParams", base=OneOf, one_of=("data", "handle"), data=ProfileText(required=False),
             handle=Handle(required=False))
_GPT_CAPS = {"base_gender": 15, "base_location": 15, "base_categ_lang_topics": 15, "audience_age_gender": 15,
             "audience_cities": 15, "gender_location_lang": 25}
for _kind, _cap in _GPT_CAPS.items():
    placeholder(f"refresh_instagram_gpt_data_{_kind}", params=Gpt, platform="GPT", concurrency=_cap, queue="gpt")

Platform = lambda: s.ChoiceField(["INSTAGRAM", "YOUTUBE"])  # noqa: E731
KeywordCollection = schema("KeywordCollectionParams", job_id=s.CharField(max_length=200), platform=Platform(),
                           keywords=IdList(), start_date=s.DateField(), end_date=s.DateField())
Sentiment = schema("SentimentExtractionParams", platform=Platform(), activity_type=s.CharField(max_length=50),
                   post_activity_logs=s.ListField(child=s.DictField(), allow_empty=False, max_length=10_000))
SentimentReport = schema("SentimentReportParams", collectionType=s.CharField(max_length=50),
                         collectionId=s.CharField(max_length=200))

placeholder("fetch_keyword_collection", params=KeywordCollection, platform="BEAT", queue="messages", timeout=1800)
placeholder("sentiment_extraction", params=Sentiment, platform="BEAT", queue="messages")
placeholder("fetch_sentiment_report", params=SentimentReport, platform="BEAT", queue="messages")
