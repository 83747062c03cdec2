"""Param fields and checks shared by the flows' schemas (DRF serializers)."""
from rest_framework import serializers

from beat.errors import InvalidParams
from beat.handles import normal_handle
from beat.flows import cursor


class IdList(serializers.ListField):
    """A list of ids; a comma-separated string is accepted too (the FastAPI Beat's clients sent both)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.CharField(max_length=200))
        kwargs.setdefault("allow_empty", False)
        kwargs.setdefault("max_length", 5000)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [part.strip() for part in data.split(",") if part.strip()]
        return super().to_internal_value(data)


class Handle(serializers.RegexField):
    def __init__(self, **kwargs):
        super().__init__(r"^@?[A-Za-z0-9._]{1,30}$", max_length=31, **kwargs)

    def to_internal_value(self, data):
        return normal_handle(super().to_internal_value(data))


class NumericId(serializers.RegexField):
    def __init__(self, **kwargs):
        super().__init__(r"^[0-9]{1,30}$", **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(str(data) if isinstance(data, int) else data)


def exactly_one(*names: str):
    """A serializer validate() that requires exactly one of `names`."""

    def check(attrs):
        given = [n for n in names if attrs.get(n) not in (None, "", [])]
        if len(given) != 1:
            raise serializers.ValidationError({names[0]: [f"Give exactly one of {', '.join(names)}."]})
        return attrs

    return check


class OneOf(serializers.Serializer):
    """Base for params where exactly one of `one_of` must be given."""

    one_of: tuple[str, ...] = ()

    def validate(self, attrs):
        return exactly_one(*self.one_of)(attrs) if self.one_of else attrs


def schema(name: str, base=serializers.Serializer, **fields):
    """Build a params serializer class inline: schema("X", handle=Handle())."""
    return type(name, (base,), fields)


class ResumeCursorField(serializers.CharField):
    """A resume cursor Beat handed out for `kind` (beat.flows.cursor): a forged or foreign one, or one
    whose source is not among `sources()` (the configured order, read at submit), is refused (400).
    The token is kept as given; the flow opens it again when it runs."""

    def __init__(self, kind: str, *, sources=None, **kwargs):
        self.kind, self.sources = kind, sources
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("max_length", cursor.MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        token = super().to_internal_value(data)
        if not token:
            return None
        try:
            opened = cursor.read_cursor(token)
        except InvalidParams as exc:
            raise serializers.ValidationError(exc.details["cursor"]) from None
        if opened.kind != self.kind:
            raise serializers.ValidationError(["It was handed out for other work."])
        if self.sources is not None and opened.source not in self.sources():
            raise serializers.ValidationError([f"Its source {opened.source} no longer serves this."])
        return token
