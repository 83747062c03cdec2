"""Post collections: created, filled and emptied for their account."""
from django.db import IntegrityError, transaction

from beat.errors import InvalidParams
from enrichment.models import PostCollection, PostCollectionItem


def collection_create(*, account, name: str, platform: str = "INSTAGRAM", shortcodes=()) -> PostCollection:
    try:
        with transaction.atomic():
            collection = PostCollection.objects.create(account=account, name=name, platform=platform)
            collection_add_posts(collection=collection, shortcodes=shortcodes)
    except IntegrityError:
        raise InvalidParams(f"A collection named {name!r} exists already.",
                            details={"name": ["This account has a collection with this name."]}) from None
    return collection


def collection_add_posts(*, collection: PostCollection, shortcodes) -> int:
    """Adds the posts not in it yet; returns how many were added."""
    rows = [PostCollectionItem(collection=collection, shortcode=code) for code in dict.fromkeys(shortcodes)]
    before = collection.items.count()
    PostCollectionItem.objects.bulk_create(rows, ignore_conflicts=True)
    return collection.items.count() - before


def collection_remove_post(*, collection: PostCollection, shortcode: str) -> bool:
    return collection.items.filter(shortcode=shortcode).delete()[0] > 0
