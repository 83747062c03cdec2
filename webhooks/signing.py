"""The signature a receiver checks: HMAC-SHA256 of "{timestamp}.{body}" with the endpoint's secret,
sent as `X-Beat-Signature: sha256=<hex>` with `X-Beat-Timestamp: <unix seconds>` (Stripe's scheme: the
timestamp inside the signed text lets a receiver refuse replays older than a few minutes).

Verifying, in the receiver:
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    hmac.compare_digest(f"sha256={expected}", signature_header) and abs(time.time() - timestamp) < 300
"""
import hashlib
import hmac

SIGNATURE_HEADER = "X-Beat-Signature"
TIMESTAMP_HEADER = "X-Beat-Timestamp"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: int, body: bytes, header: str) -> bool:
    return hmac.compare_digest(signature(secret, timestamp, body), header)
