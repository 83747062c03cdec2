"""beat_echo: a diagnostic flow for smoke tests and benchmarks."""
import time

from rest_framework import serializers

from beat import json_limits
from beat.errors import BeatError, UpstreamError
from beat.flows.registry import flow

# What a client's API key may ask of it: enough for a smoke test, too little to hold workers.
CLIENT_MAX_SLEEP_MS = 5_000
CLIENT_MAX_PAYLOAD_BYTES = 4 * 1024


class EchoParams(serializers.Serializer):
    sleep_ms = serializers.IntegerField(required=False, min_value=0, max_value=600_000, default=0)
    fail = serializers.ChoiceField(required=False, allow_null=True, default=None,
                                   choices=["permanent", "transient"],
                                   help_text="Raise an error of this kind instead of answering.")
    payload = serializers.JSONField(required=False, default=None)


class ClientEchoParams(EchoParams):
    sleep_ms = serializers.IntegerField(required=False, min_value=0, max_value=CLIENT_MAX_SLEEP_MS, default=0)

    def validate_payload(self, value):
        size = json_limits.encoded_size(value)
        if size > CLIENT_MAX_PAYLOAD_BYTES:
            raise serializers.ValidationError(f"The payload is {json_limits.human_size(size)}; the limit for "
                                              f"an API key is {json_limits.human_size(CLIENT_MAX_PAYLOAD_BYTES)}.")
        return value


@flow("beat_echo", params=EchoParams, client_params=ClientEchoParams, platform="BEAT", timeout=30,
      concurrency=100, max_attempts=3)
def beat_echo(ctx, *, sleep_ms=0, fail=None, payload=None):
    """Sleeps, then answers the payload back; fails on request."""
    if sleep_ms:
        time.sleep(sleep_ms / 1000)
    if fail == "transient":
        raise UpstreamError("beat_echo was asked to fail (transient)")
    if fail == "permanent":
        raise BeatError("beat_echo was asked to fail (permanent)")
    return {"echo": payload, "slept_ms": sleep_ms, "attempt": ctx.attempt}
