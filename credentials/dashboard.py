"""The dashboard's credential health panel: per source, how many credentials are active, cooling,
need attention or are disabled (a cooling one whose time has passed counts as active again)."""
from django.db.models import Count, Q

from beat.dashboard import panel
from credentials.models import Credential, State


@panel("credentials", title="Credential health per source", template="admin/dashboard/credentials.html",
       order=45)
def credential_health(now) -> dict:
    cooling = Q(state=State.COOLING, cooling_until__gt=now)
    rows = (Credential.objects.values("source").order_by("source")
            .annotate(active=Count("id", filter=Q(state=State.ACTIVE) | Q(state=State.COOLING) & ~cooling),
                      cooling=Count("id", filter=cooling),
                      needs_attention=Count("id", filter=Q(state=State.NEEDS_ATTENTION)),
                      disabled=Count("id", filter=Q(state=State.DISABLED))))
    return {"sources": [{**row, "usable": row["active"] > 0} for row in rows]}
