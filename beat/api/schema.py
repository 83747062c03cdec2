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
