from rest_framework import serializers as s

from beat.flows.params import IdList

PLATFORMS = ["INSTAGRAM", "YOUTUBE"]
Shortcodes = lambda **kw: IdList(child=s.RegexField(r"^[A-Za-z0-9_-]{1,64}$"), max_length=2000, **kw)  # noqa: E731


class SharesSerializer(s.Serializer):
    comments = s.IntegerField(help_text="Scored comments.")
    positive = s.FloatField(allow_null=True, help_text="Fraction of the scored comments; null when none is scored.")
    neutral = s.FloatField(allow_null=True)
    negative = s.FloatField(allow_null=True)


class CollectionInSerializer(s.Serializer):
    name = s.CharField(max_length=200)
    platform = s.ChoiceField(PLATFORMS, default="INSTAGRAM")
    shortcodes = Shortcodes(required=False, allow_empty=True)
    account = s.SlugField(required=False, help_text="Staff only: the account the collection is for.")


class PostsInSerializer(s.Serializer):
    shortcodes = Shortcodes()


class CollectionOutSerializer(s.Serializer):
    id = s.UUIDField()
    account = s.CharField(source="account.slug")
    name = s.CharField()
    platform = s.CharField()
    created_at = s.DateTimeField()
    shortcodes = s.SerializerMethodField()

    def get_shortcodes(self, collection) -> list[str]:
        return [item.shortcode for item in collection.items.all()]  # the list view prefetches them


class CollectionListSerializer(s.Serializer):
    data = CollectionOutSerializer(many=True, help_text="The newest 500.")


class CollectionDetailSerializer(CollectionOutSerializer):
    sentiment = SharesSerializer(help_text="Shares of the comments of all its posts.")
    sentiment_by_post = s.DictField(child=SharesSerializer())


class SharesAnswerSerializer(s.Serializer):
    data = SharesSerializer()
