"""The enrichment flows' params: the FastAPI Beat's names and shapes."""
from rest_framework import serializers as s

from beat.flows.params import Handle, IdList, OneOf, schema


class ProfileText(s.Serializer):
    name = s.CharField(allow_blank=True, max_length=300)
    handle = Handle()
    bio = s.CharField(allow_blank=True, max_length=5000)
    category = s.CharField(required=False, allow_blank=True, max_length=300)


Gpt = schema("GptParams", base=OneOf, one_of=("data", "handle"), data=ProfileText(required=False),
             handle=Handle(required=False))


def Platform():  # noqa: N802 - reads as a field type in the schemas below
    return s.ChoiceField(["INSTAGRAM", "YOUTUBE"])


KeywordCollection = schema("KeywordCollectionParams", job_id=s.CharField(max_length=200), platform=Platform(),
                           keywords=IdList(), start_date=s.DateField(), end_date=s.DateField())
Sentiment = schema("SentimentExtractionParams", platform=Platform(), activity_type=s.CharField(max_length=50),
                   post_activity_logs=s.ListField(child=s.DictField(), allow_empty=False, max_length=10_000))


class CollectionId(s.UUIDField):
    """A post collection's id, kept as text (task params are plain JSON)."""

    def to_internal_value(self, data):
        return str(super().to_internal_value(data))


SentimentReport = schema("SentimentReportParams", collectionType=s.ChoiceField(["POST"]), collectionId=CollectionId())
