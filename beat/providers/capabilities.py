"""What a provider can do, by name. A flow asks each configured provider `supports(capability)`
in its fallback order; a provider that does not support it is skipped (a capability gap)."""

# Instagram (DESIGN.md "Providers, credentials, fallback")
PROFILE = "profile"
POSTS = "posts"
REELS = "reels"
POST = "post"
INSIGHTS = "insights"
STORIES = "stories"
FOLLOWERS = "followers"
FOLLOWING = "following"
COMMENTS = "comments"
LIKERS = "likers"
HASHTAG = "hashtag"
TAGGED = "tagged"
# YouTube (profile, posts, comments and insights are shared with Instagram)
PLAYLIST = "playlist"
SEARCH = "search"
ACTIVITIES = "activities"
RELATIONSHIPS = "relationships"
# Shopify
ORDERS = "orders"
# enrichment and credentials
CHAT = "chat"
VALIDATE = "validate"

CAPABILITIES = frozenset({
    PROFILE, POSTS, REELS, POST, INSIGHTS, STORIES, FOLLOWERS, FOLLOWING, COMMENTS, LIKERS, HASHTAG, TAGGED,
    PLAYLIST, SEARCH, ACTIVITIES, RELATIONSHIPS, ORDERS, CHAT, VALIDATE,
})
