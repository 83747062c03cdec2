"""Instagram's mobile (app) shape, parsed once for every source that passes it through.

Shape: the mobile user (`pk`, `username`, `follower_count`, `following_count`, `media_count`,
`account_type`, `hd_profile_pic_url_info.url`, ...), media items (`code`, `pk`, `media_type`,
`product_type`, `taken_at`, `caption.text`, `like_count`, `comment_count`, `play_count`, `view_count`,
`image_versions2.candidates`, `video_versions`, `carousel_media`, `usertags.in[].user`,
`sponsor_tags[].sponsor`, `location`), the user feed (`items, more_available, next_max_id`), clips
(`items[].media`, `paging_info{max_id, more_available}`), user lists (`users[]`) and story reels.
Public sources (tests/fixtures/README.md section 8): `dilame/instagram-private-api` response typings
(`user.repository.info`, `user.feed`, `media.repository.info`), a 2026 raw sample in
`AlexeyVulf/hiker-doc` `v2/user.md`, and the FastAPI Beat's reads of each scraper (verified keys;
story items partial).
"""

from beat.errors import BadResponse, NotFound
from beat.flows.pagination import Page
from instagram.parsers.common import (
    as_bool, as_int, as_str, dig, ensure_asked, from_unix, location, post_type, profile_type, story_content_type,
    text_tags, user_ref,
)
from instagram.records import PostRecord, ProfileRecord, RelationshipRecord


def parse_user(user: dict) -> ProfileRecord:
    """A mobile user object; also instagrapi's flat User, which mirrors it."""
    account_type = user.get("account_type")
    is_business = as_bool(user.get("is_business"))
    kind = profile_type(account_type)
    return ProfileRecord(
        profile_id=as_str(user.get("pk") or user.get("pk_id") or user.get("id")),
        handle=user["username"],
        full_name=as_str(user.get("full_name")),
        biography=as_str(user.get("biography")),
        followers=as_int(user.get("follower_count")),
        following=as_int(user.get("following_count")),
        media_count=as_int(user.get("media_count")),
        reels_count=as_int(user.get("total_clips_count")),
        profile_pic_url=as_str(dig(user, "hd_profile_pic_url_info", "url") or user.get("profile_pic_url_hd")
                               or user.get("profile_pic_url")),
        profile_type=kind,
        category=as_str(user.get("category") or user.get("category_name") or user.get("business_category_name")),
        external_url=as_str(user.get("external_url")),
        is_private=as_bool(user.get("is_private")),
        is_verified=as_bool(user.get("is_verified")),
        is_business_or_creator=(kind in ("business", "creator")) if kind else is_business,
        is_business=is_business,
        is_professional=(kind in ("business", "creator")) if kind else as_bool(user.get("is_professional")),
        business_category=as_str(user.get("business_category_name")),
        category_id=as_str(user.get("category_id")),
        # the interoperable id, not fbid_v2 (the Graph node id): the FastAPI Beat's `fbid`
        fbid=as_str(user.get("fbid") or user.get("interop_messaging_user_fbid")),
        public_email=as_str(user.get("public_email")),
        public_phone=as_str(user.get("contact_phone_number") or user.get("public_phone_number")),
        city=as_str(user.get("city_name")),
    )


def parse_asked_user(user, *, name: str, source: str, profile_id: str | None = None,
                     handle: str | None = None) -> ProfileRecord:
    """A mobile user object that must be the user asked for (by id or by handle); NotFound otherwise."""
    if not isinstance(user, dict) or not user.get("username"):
        raise NotFound(f"{name} returned no user", source=source)
    profile = parse_user(user)
    ensure_asked(name, source, answered_id=profile.profile_id, answered_handle=profile.handle,
                 profile_id=profile_id, handle=handle)
    return profile


def parse_media(item: dict) -> PostRecord:
    """A mobile media item (feed item, clips `media`, media info `items[0]`)."""
    user = item.get("user") or item.get("owner") or {}
    caption = dig(item, "caption", "text")
    first = (item.get("carousel_media") or [item])[0]  # a carousel shows its first child
    return PostRecord(
        shortcode=item["code"],
        post_type=post_type(item.get("media_type"), item.get("product_type")),
        post_id=as_str(item.get("pk")),
        profile_id=as_str(user.get("pk") or user.get("pk_id") or user.get("id")),
        handle=as_str(user.get("username")),
        content_type=as_str(item.get("product_type")),
        caption=caption,
        likes=as_int(item.get("like_count")),
        comments=as_int(item.get("comment_count")),
        plays=as_int(item.get("play_count")),
        views=as_int(item.get("view_count")),
        shares=as_int(item.get("reshare_count")),
        publish_time=from_unix(item.get("taken_at")),
        thumbnail_url=as_str(_image(first)),
        display_url=as_str(_image(first)),
        video_url=as_str(dig(item, "video_versions", 0, "url")),
        video_duration=item.get("video_duration"),
        tagged_users=_users(dig(item, "usertags", "in", default=[]), "user"),
        sponsors=_users(item.get("sponsor_tags") or [], "sponsor"),
        is_paid_partnership=as_bool(item.get("is_paid_partnership")),
        is_pinned=_pinned(item),
        location=location(item.get("location")),
        **text_tags(caption),
    )


def parse_item(item: dict, *, story: bool = False, profile_id=None, handle=None) -> PostRecord:
    """One stored mobile item (a post_log item, instagram.parsers.items): a media, or a story whose
    owner is the snapshot's. A mobile taken_at is a unix time (instagrapi's models, which mirror these
    items, say ISO): anything else is not this shape."""
    if not isinstance(item, dict) or not isinstance(item.get("taken_at"), (int, float)):
        raise BadResponse("not a mobile media item")
    if story:
        return parse_story(item, owner={"pk": profile_id, "username": handle})
    return parse_media(item)


def parse_feed(body: dict) -> Page:
    """A user feed page: {items, more_available, next_max_id}."""
    cursor = as_str(body.get("next_max_id"))
    return Page(
        items=tuple(parse_media(item) for item in body.get("items") or []),
        next_cursor=cursor,
        has_more=bool(body.get("more_available")) and cursor is not None,
    )


def parse_clips(body: dict) -> Page:
    """A clips (reels) page: {items[].media, paging_info{max_id, more_available}}."""
    cursor = as_str(dig(body, "paging_info", "max_id"))
    return Page(
        items=tuple(parse_media(item["media"]) for item in body.get("items") or [] if item.get("media")),
        next_cursor=cursor,
        has_more=bool(dig(body, "paging_info", "more_available")) and cursor is not None,
    )


def parse_relationship(user: dict) -> RelationshipRecord:
    return RelationshipRecord(
        profile_id=as_str(user.get("pk") or user.get("pk_id") or user.get("id")),
        handle=as_str(user.get("username")),
        full_name=as_str(user.get("full_name")),
        profile_pic_url=as_str(user.get("profile_pic_url")),
        is_private=as_bool(user.get("is_private")),
        is_verified=as_bool(user.get("is_verified")),
    )


def parse_story(item: dict, owner: dict | None = None) -> PostRecord:
    """A story item of a reel (`reels[<user id>].items[]`)."""
    user = item.get("user") or owner or {}
    links = (dig(s, "story_link", "display_url") or dig(s, "story_link", "url")
             for s in item.get("story_link_stickers") or [])
    tags = (dig(s, "hashtag", "name") for s in item.get("story_hashtags") or [])
    mentions = (dig(m, "user", "username") for m in item.get("reel_mentions") or [])
    return PostRecord(
        shortcode=str(item.get("pk") or str(item["id"]).split("_")[0]),
        post_type="story",
        post_id=as_str(item.get("pk")),
        profile_id=as_str(user.get("pk") or user.get("id")),
        handle=as_str(user.get("username")),
        content_type=story_content_type(item.get("media_type")),
        publish_time=from_unix(item.get("taken_at")),
        thumbnail_url=as_str(_image(item)),
        display_url=as_str(_image(item)),
        video_url=as_str(dig(item, "video_versions", 0, "url")),
        video_duration=item.get("video_duration"),
        mentions=tuple(m for m in mentions if m),
        sponsors=_users(item.get("sponsor_tags") or [], "sponsor"),
        is_paid_partnership=as_bool(item.get("is_paid_partnership")),
        location=location(dig(item, "story_locations", 0, "location") or item.get("location")),
        story_links=tuple(link for link in links if link),
        story_hashtags=tuple(t for t in tags if t),  # as written: the FastAPI Beat kept their case
    )


def parse_reel(reel: dict) -> tuple[PostRecord, ...]:
    """One user's story reel: {user, items[]}."""
    return tuple(parse_story(item, owner=reel.get("user")) for item in reel.get("items") or [])


def _image(media: dict) -> str | None:
    return dig(media, "image_versions2", "candidates", 0, "url")


def _users(tags: list, key: str) -> tuple:
    refs = (user_ref(tag.get(key)) for tag in tags if isinstance(tag, dict))
    return tuple(r for r in refs if r)


def _pinned(item: dict) -> bool | None:
    if "timeline_pinned_user_ids" in item:
        return bool(item["timeline_pinned_user_ids"])
    return None
