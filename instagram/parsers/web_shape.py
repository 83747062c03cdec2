"""Instagram's web GraphQL shape, parsed once for every source that passes it through.

Shape: the web profile user (`edge_followed_by.count`, `edge_follow.count`,
`edge_owner_to_timeline_media{count, page_info{has_next_page, end_cursor}, edges[].node}`), its media
nodes (`__typename`, `shortcode`, `edge_media_to_caption.edges[0].node.text`, `edge_liked_by` /
`edge_media_preview_like`, `edge_media_to_comment`, `video_view_count`, `video_play_count`,
`taken_at_timestamp`, `edge_media_to_tagged_user`, `edge_media_to_sponsor_user`) and user
connections (`edge_followed_by` / `edge_follow` edges[].node).
Public sources (tests/fixtures/README.md sections 7 and 8): lamadava-docs `a1.rst` and the FastAPI Beat's
reads of `graphql.user` (verified keys); public consumers of NeoTank, arraybobo and RocketAPI
`web_profile_info` (verified keys); `shortcode_media` from a public 2025 capture (partial).
"""

from beat.errors import BadResponse
from instagram.parsers.common import (
    as_bool, as_int, as_str, dig, from_unix, location, post_type, profile_type, text_tags, user_ref,
)
from beat.flows.pagination import Page
from instagram.records import CommentRecord, PostRecord, ProfileRecord, RelationshipRecord


def parse_user(user: dict) -> ProfileRecord:
    business = as_bool(user.get("is_business_account"))
    professional = as_bool(user.get("is_professional_account"))
    account_type = user.get("account_type")  # rarely in the web shape; when it is, it decides
    if profile_type(account_type) is None and professional is not None:
        # The web shape has no creator flag: a professional account that is not a business is a creator.
        account_type = 1 if not professional else (2 if business else 3)
    return ProfileRecord(
        profile_id=as_str(user.get("id")),
        handle=user["username"],
        full_name=as_str(user.get("full_name")),
        biography=as_str(user.get("biography")),
        followers=as_int(dig(user, "edge_followed_by", "count")),
        following=as_int(dig(user, "edge_follow", "count")),
        media_count=as_int(dig(user, "edge_owner_to_timeline_media", "count")),
        reels_count=as_int(dig(user, "edge_felix_video_timeline", "count")),
        profile_pic_url=as_str(user.get("profile_pic_url_hd") or user.get("profile_pic_url")),
        profile_type=profile_type(account_type),
        category=as_str(user.get("category_name") or user.get("business_category_name")),
        external_url=as_str(user.get("external_url")),
        is_private=as_bool(user.get("is_private")),
        is_verified=as_bool(user.get("is_verified")),
        is_business_or_creator=professional if professional is not None else business,
        is_business=business,
        is_professional=professional,
        business_category=as_str(user.get("business_category_name")),
        category_id=as_str(user.get("category_id")),
        fbid=as_str(user.get("fbid")),
        public_email=as_str(user.get("business_email")),
        public_phone=as_str(user.get("business_phone_number")),
    )


def parse_user_with_posts(user: dict) -> tuple[ProfileRecord, Page]:
    """A web profile and the recent posts it embeds."""
    timeline = user.get("edge_owner_to_timeline_media") or {}
    return parse_user(user), parse_timeline(timeline, owner=user)


def parse_timeline(connection: dict, owner: dict | None = None) -> Page:
    """An `edge_owner_to_timeline_media`-like connection: {count, page_info, edges[].node}."""
    nodes = [edge["node"] for edge in connection.get("edges") or [] if edge.get("node")]
    return Page(
        items=tuple(parse_node(node, owner=owner) for node in nodes),
        **_paging(connection.get("page_info")),
    )


def parse_node(node: dict, owner: dict | None = None) -> PostRecord:
    """A web media node (a timeline edge node or a `shortcode_media`)."""
    owner = node.get("owner") or owner or {}
    caption = dig(node, "edge_media_to_caption", "edges", 0, "node", "text")
    likes = dig(node, "edge_liked_by", "count", default=dig(node, "edge_media_preview_like", "count"))
    comments = dig(node, "edge_media_to_comment", "count",
                   default=dig(node, "edge_media_to_parent_comment", "count"))
    kind = post_type(node.get("__typename"), node.get("product_type"))
    return PostRecord(
        shortcode=node["shortcode"],
        post_type=kind,
        post_id=as_str(node.get("id")),
        profile_id=as_str(owner.get("id")),
        handle=as_str(owner.get("username")),
        content_type=as_str(node.get("product_type") or node.get("__typename")),
        caption=caption,
        likes=as_int(likes),
        comments=as_int(comments),
        plays=as_int(node.get("video_play_count")),
        views=as_int(node.get("video_view_count")),
        publish_time=from_unix(node.get("taken_at_timestamp")),
        thumbnail_url=as_str(node.get("thumbnail_src") or node.get("thumbnail_url")
                             or dig(node, "display_resources", 0, "src")),
        display_url=as_str(node.get("display_url") or dig(node, "display_resources", 0, "src")),
        video_url=as_str(node.get("video_url")),
        video_duration=node.get("video_duration"),
        tagged_users=_edge_users(node, "edge_media_to_tagged_user", "user"),
        sponsors=_edge_users(node, "edge_media_to_sponsor_user", "sponsor"),
        is_paid_partnership=as_bool(node.get("is_paid_partnership")),
        is_pinned=bool(node["pinned_for_users"]) if isinstance(node.get("pinned_for_users"), list) else None,
        location=location(node.get("location")),
        **text_tags(caption),
    )


def parse_item(item: dict, *, story: bool = False, profile_id=None, handle=None) -> PostRecord:
    """One stored media node (a post_log item, instagram.parsers.items); the snapshot's owner stands
    in for the page's user when the node names none. The web shape has no stories."""
    if story or not isinstance(item, dict) or "shortcode" not in item:
        raise BadResponse("not a web media node")
    return parse_node(item, owner={"id": profile_id, "username": handle})


def parse_user_connection(connection: dict) -> Page:
    """`edge_followed_by` / `edge_follow` / `edge_liked_by`: {count, page_info, edges[].node}."""
    nodes = [edge["node"] for edge in connection.get("edges") or [] if edge.get("node")]
    return Page(items=tuple(parse_relationship(n) for n in nodes), **_paging(connection.get("page_info")))


def parse_relationship(node: dict) -> RelationshipRecord:
    return RelationshipRecord(
        profile_id=as_str(node.get("id") or node.get("pk")),
        handle=as_str(node.get("username")),
        full_name=as_str(node.get("full_name")),
        profile_pic_url=as_str(node.get("profile_pic_url")),
        is_private=as_bool(node.get("is_private")),
        is_verified=as_bool(node.get("is_verified")),
    )


def _edge_users(node: dict, edge: str, key: str) -> tuple:
    refs = (user_ref(dig(e, "node", key), id_keys=("id", "pk")) for e in dig(node, edge, "edges", default=[]))
    return tuple(r for r in refs if r)


def _paging(page_info: dict | None) -> dict:
    cursor = as_str(dig(page_info, "end_cursor"))
    return {"next_cursor": cursor, "has_more": bool(dig(page_info, "has_next_page")) and cursor is not None}


def parse_comment_connection(connection: dict, *, shortcode: str | None = None) -> Page:
    """`edge_media_to_parent_comment` (or `edge_media_to_comment`): nodes {id, text, created_at,
    owner{id, username}, edge_liked_by.count}, with replies in `edge_threaded_comments`."""
    comments = []
    for edge in connection.get("edges") or []:
        node = edge.get("node") or {}
        comments.append(_comment(node, shortcode))
        for reply in dig(node, "edge_threaded_comments", "edges", default=[]):
            comments.append(_comment(reply.get("node") or {}, shortcode, parent_id=as_str(node.get("id"))))
    return Page(items=tuple(comments), **_paging(connection.get("page_info")))


def _comment(node: dict, shortcode: str | None, parent_id: str | None = None) -> CommentRecord:
    return CommentRecord(
        comment_id=str(node["id"]),
        text=node.get("text"),
        shortcode=shortcode,
        author_id=as_str(dig(node, "owner", "id")),
        author_handle=as_str(dig(node, "owner", "username")),
        likes=as_int(dig(node, "edge_liked_by", "count")),
        created_at=from_unix(node.get("created_at")),
        parent_id=parent_id,
    )
