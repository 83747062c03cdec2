"""Tells drf-spectacular how clients authenticate, so /api/schema/ names the Api-Key scheme."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.auth.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Api-Key <key>`: a key of your account (python manage.py create_api_key)."}


def document_flows(result, generator, request, public):
    """The submit route's {flow}: the flows that can be submitted, and those registered but not built
    yet (submitting one is a 501 not_implemented), from the registry as it is when the schema is made."""
    from beat.flows import all_flows

    operation = result.get("paths", {}).get("/scrape_request_log/flow/{flow}", {}).get("post")
    if not operation:
        return result
    flows = all_flows()
    ready = sorted(name for entry in flows if entry.implemented for name in (entry.name, *entry.aliases))
    not_built = sorted(name for entry in flows if not entry.implemented for name in (entry.name, *entry.aliases))
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "path" and parameter.get("name") == "flow":
            parameter["schema"] = {"type": "string", "enum": ready}
            parameter["description"] = "A registered flow. Not built yet (501 not_implemented): " + (
                ", ".join(not_built) or "none") + "."
    operation["x-not-implemented"] = not_built
    return result


METHODS = ("get", "post", "put", "patch", "delete")
ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def document_errors(result, generator, request, public):
    """The errors every route answers by construction, on each operation that does not list them
    already: a keyed route 401 and 429 (authentication, throttles and quotas), a path parameter 404,
    a body 413 and 415 (body_limit, the JSON-only parser) and 400. A view's own list stays the place for
    what only it answers (403, 409, 501)."""
    from beat.api.views._docs import DESCRIBED

    for item in result.get("paths", {}).values():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            wanted = set()
            if operation.get("security", result.get("security")):
                wanted |= {401, 429}
            if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                wanted.add(404)
            if "requestBody" in operation:
                wanted |= {400, 413, 415}
            responses = operation.setdefault("responses", {})
            for code in sorted(wanted):
                responses.setdefault(str(code), {"content": ERROR_REF, "description": DESCRIBED[code]})
    return result
