"""beat_echo: a diagnostic flow for smoke tests and benchmarks."""
import time

from rest_framework import serializers

from beat.errors import BeatError, UpstreamError
from beat.flows.registry import flow


class EchoParams(serializers.Serializer):
    sleep_ms = serializers.IntegerField(required=False, min_value=0, max_value=600_000, default=0)
    fail = serializers.ChoiceField(required=False, allow_null=True, default=None,
                                   choices=["permanent", "transient"],
                                   help_text="Raise an error of this kind instead of answering.")
    payload = serializers.JSONField(required=False, default=None)


@flow("beat_echo", params=EchoParams, platform="BEAT", timeout=30, concurrency=100, max_attempts=3)
def beat_echo(ctx, *, sleep_ms=0, fail=None, payload=None):
    """Sleeps, then answers the payload back; fails on request."""
    if sleep_ms:
        time.sleep(sleep_ms / 1000)
    if fail == "transient":
        raise UpstreamError("beat_echo was asked to fail (transient)")
    if fail == "permanent":
        raise BeatError("beat_echo was asked to fail (permanent)")
    return {"echo": payload, "slept_ms": sleep_ms, "attempt": ctx.attempt}
