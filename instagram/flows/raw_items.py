"""Which raw item of an answer each record was parsed from, so post snapshots keep what upstream sent."""


def raw_items(payload, records) -> dict:
    """{shortcode: the raw item it was parsed from}, found in a page's raw answer by its code /
    shortcode, or by its id / pk (Graph media ids, story pks). One walk over the payload."""
    by_code = {r.shortcode: r.shortcode for r in records}
    by_id = {str(r.post_id): r.shortcode for r in records if r.post_id}
    by_id.update({r.shortcode: r.shortcode for r in records if r.post_type == "story"})
    found: dict = {}
    stack = [payload]
    while stack and len(found) < len(by_code):
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        shortcode = _match(node, by_code, by_id)
        if shortcode and shortcode not in found:
            found[shortcode] = node
            continue  # the outermost object that names the post is its item
        stack.extend(reversed([v for v in node.values() if isinstance(v, (dict, list))]))
    return found


def _match(node: dict, by_code: dict, by_id: dict) -> str | None:
    for name in ("code", "shortcode"):
        value = node.get(name)
        if isinstance(value, str) and value in by_code:
            return by_code[value]
    for name in ("pk", "id"):
        value = node.get(name)
        if value is not None and str(value) in by_id:
            return by_id[str(value)]
    return None
