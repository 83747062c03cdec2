"""A handle's own Graph token given to an Instagram route, and who may read what it fetches.

The FastAPI Beat took `token` and `user_id` in the query string of /insights, /audienceinsights and
the profile route; Beat also takes them from a JSON body or the X-Graph-Token / X-Graph-User-Id
headers, which stay out of access logs. Storing one writes a credential: only staff or a key allowed
to manage tokens may (403 for anyone else, nothing written), and a key's token is its account's own.
Audience insights are the owner's data: served to the account that owns the handle's Graph
credential, and to staff.
"""
from rest_framework import serializers as s

from accounts.auth import is_client, is_staff
from beat.errors import Forbidden
from beat.flows.params import NumericId
from credentials.api.permissions import may_manage_tokens, owner_of_writes
from credentials.models import Credential
from credentials.services import credential_upsert

SOURCE = "graphapi"
HEADERS = {"token": "HTTP_X_GRAPH_TOKEN", "user_id": "HTTP_X_GRAPH_USER_ID"}


class GivenToken(s.Serializer):
    token = s.CharField(required=False, max_length=2000, write_only=True)
    user_id = NumericId(required=False)

    def validate(self, attrs):
        if bool(attrs.get("token")) != bool(attrs.get("user_id")):
            raise s.ValidationError({"token": ["Give token and user_id together."]})
        return attrs


def given_token(request) -> dict:
    """{token, user_id} from the JSON body, else the headers, else the query string; {} when none.
    A bad pair is a 400 that never repeats the token."""
    body = request.data if isinstance(request.data, dict) else {}
    for source in (body, {k: request.META.get(h) for k, h in HEADERS.items()}, request.query_params):
        found = {k: source.get(k) for k in HEADERS if source.get(k) not in (None, "")}
        if found:
            serializer = GivenToken(data=found)
            serializer.is_valid(raise_exception=True)
            return dict(serializer.validated_data)
    return {}


def store_given_token(request, handle: str) -> bool:
    """Store the token given with this request as the handle's Graph credential; False when none was."""
    given = given_token(request)
    if not given:
        return False
    if not may_manage_tokens(request.user):
        raise Forbidden("Storing a handle's token needs staff or an API key allowed to manage tokens.",
                        details={"handle": handle})
    credential_upsert(source=SOURCE, handle=handle, owner=owner_of_writes(request.user),
                      credentials={"token": given["token"], "user_id": str(given["user_id"])})
    return True


def check_may_read_insights(user, handle: str) -> None:
    """Forbidden unless staff, or the caller's account owns the handle's Graph credential. The same
    answer whether or not anything is stored, so it tells nothing about other accounts."""
    if is_staff(user):
        return
    if is_client(user) and Credential.objects.filter(source=SOURCE, handle=handle, account=user.account).exists():
        return
    raise Forbidden("Audience insights are served only to the account that owns the handle's Graph credential "
                    "(store it with the token) and to staff.", details={"handle": handle})
