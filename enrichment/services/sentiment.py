"""Comment sentiment: score a payload's comments and upsert one row per comment."""
from django.utils import timezone

from enrichment.models import CommentSentiment
from enrichment.sentiment.payload import CommentText
from enrichment.sentiment.scorers import score_texts, scorer_name

_UPDATED = ("comment", "actor_profile_id", "keywords", "sentiment", "score", "scorer", "source", "scored_at")


def comment_sentiments_score(*, platform: str, comments: list[CommentText], ctx=None) -> list[CommentSentiment]:
    """Score the comments and store them (a comment scored again keeps one row, with the new score)."""
    scored = score_texts([comment.text for comment in comments], ctx=ctx)
    now, scorer = timezone.now(), scorer_name()
    rows = [CommentSentiment(platform=platform, shortcode=c.shortcode, comment_id=c.comment_id, comment=c.text,
                             actor_profile_id=c.actor_profile_id, keywords=c.keywords, sentiment=s.sentiment,
                             score=s.score, scorer=scorer, source=c.source, scored_at=now)
            for c, s in zip(comments, scored)]
    CommentSentiment.objects.bulk_create(rows, batch_size=1000, update_conflicts=True,
                                         unique_fields=["platform", "shortcode", "comment_id"],
                                         update_fields=list(_UPDATED))
    return rows
