"""A follower range filter: preset ranges, or any "min-max" typed into its small form."""
from django.contrib import admin
from django.db.models import Q

PRESETS = (("-1000", "under 1k"), ("1000-10000", "1k - 10k"), ("10000-100000", "10k - 100k"),
           ("100000-1000000", "100k - 1M"), ("1000000-", "1M and more"))


def parse_range(value: str | None) -> tuple[int | None, int | None] | None:
    """'1000-5000' -> (1000, 5000); '-1000' -> (None, 1000); '5k-' -> (5000, None); junk -> None."""
    if not value or "-" not in value:
        return None
    try:
        low, high = (_number(part) for part in value.replace(" ", "").split("-", 1))
    except ValueError:
        return None
    return (low, high) if low is not None or high is not None else None


def _number(text: str) -> int | None:
    if not text:
        return None
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1].lower(), 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


class FollowerRangeFilter(admin.SimpleListFilter):
    title = "followers"
    parameter_name = "followers"
    template = "admin/instagram/follower_range_filter.html"

    def __init__(self, request, params, model, model_admin):
        # the custom range form resubmits every other filter and the search as they are
        self.other_params = [(k, v) for k in request.GET for v in request.GET.getlist(k)
                             if k not in (self.parameter_name, "p")]
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        current = self.value()
        custom = [(current, f"{current} (custom)")] if current and current not in dict(PRESETS) else []
        return [*PRESETS, *custom]

    def queryset(self, request, queryset):
        bounds = parse_range(self.value())
        if bounds is None:
            return queryset
        low, high = bounds
        condition = Q()
        if low is not None:
            condition &= Q(followers__gte=low)
        if high is not None:
            condition &= Q(followers__lt=high)
        return queryset.filter(condition)
