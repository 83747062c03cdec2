"""A real local HTTP server standing in for every upstream API in tests (ArchiveBox's test site).

    def test_it_reads_a_profile(fake_upstream, settings):
        fake_upstream.point(settings, "BEAT_GRAPHAPI_BASE_URL", prefix="/v21.0")
        fake_upstream.route("GET", "/v21.0/17841405822304914", fixture="instagram_graph/business_discovery.json")
        fake_upstream.route("GET", "/v1/info", query={"username": "nasa"}, status=429,
                            headers={"Retry-After": "7"}, body={"message": "slow down"}).then(fixture="...")
        ...
        assert fake_upstream.calls("GET", "/v21.0/17841405822304914")[0].query["access_token"] == "t"

Answers: fixture= (a file under tests/fixtures, with its .http.json sidecar's status and headers),
body= (JSON), raw= (bytes as they are); status=, headers=, delay= (seconds before answering).
A route answers its answers in order and repeats the last one. A later route for the same request
wins over an earlier one. Unmatched requests get a 404 JSON answer, and are recorded too.
"""
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Received:
    """One request the fake received."""

    method: str
    path: str
    query: dict  # name -> value (a list when the name came more than once)
    headers: dict  # lower-cased names
    body: bytes
    json: object = None


@dataclass
class Reply:
    status: int = 200
    headers: dict = field(default_factory=dict)
    payload: bytes = b""
    delay: float = 0.0


def reply(*, fixture=None, status=None, headers=None, body=None, raw=None, delay=0.0) -> Reply:
    """Build one answer; a fixture brings its sidecar's status and headers, explicit ones win."""
    sidecar = {}
    if fixture is not None:
        path = FIXTURES / fixture
        payload = path.read_bytes()
        side = path.with_name(path.name.removesuffix(".json") + ".http.json")
        if side.exists():
            sidecar = json.loads(side.read_text())
    elif raw is not None:
        payload = raw
    elif body is not None:
        payload = json.dumps(body).encode()
    else:
        payload = b"{}"
    merged = {"Content-Type": "application/json"} if raw is None else {}
    merged.update(sidecar.get("headers", {}))
    merged.update(headers or {})
    return Reply(status or sidecar.get("status", 200), merged, payload, delay)


@dataclass
class Route:
    method: str
    path: str
    query: dict
    replies: list
    served: int = 0

    def then(self, **answer) -> "Route":
        """Add the answer given after the previous ones (e.g. a 429 then a 200)."""
        self.replies.append(reply(**answer))
        return self

    def matches(self, method: str, path: str, query: dict) -> bool:
        return (method == self.method and path == self.path
                and all(str(query.get(name)) == str(value) for name, value in self.query.items()))

    def next_reply(self) -> Reply:
        answer = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return answer


class FakeUpstream:
    def __init__(self):
        self.routes: list[Route] = []
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    # --- set up ---
    def route(self, method: str, path: str, *, query: dict | None = None, **answer) -> Route:
        new = Route(method.upper(), path, dict(query or {}), [reply(**answer)])
        with self._lock:
            self.routes.append(new)
        return new

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def settings_for(self, *names: str, prefix: str = "") -> dict:
        """{setting: this server's URL + prefix}, for override_settings(**...)."""
        return {name: self.url + prefix for name in names}

    def point(self, settings, *names: str, prefix: str = "") -> None:
        """Point base URL settings (pytest-django's `settings` fixture) at this server."""
        for name, value in self.settings_for(*names, prefix=prefix).items():
            setattr(settings, name, value)

    # --- what happened ---
    def calls(self, method: str | None = None, path: str | None = None) -> list[Received]:
        with self._lock:
            return [r for r in self.requests
                    if (method is None or r.method == method.upper()) and (path is None or r.path == path)]

    # --- life cycle ---
    def start(self, port: int = 0) -> "FakeUpstream":
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-upstream", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- serving ---
    def _answer(self, received: Received) -> Reply:
        with self._lock:
            self.requests.append(received)
            for candidate in reversed(self.routes):
                if candidate.matches(received.method, received.path, received.query):
                    return candidate.next_reply()
        missing = {"error": "no fake route", "method": received.method, "path": received.path}
        return reply(status=404, body=missing)


def _handler_for(fake: FakeUpstream):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self):
            parts = urlsplit(self.path)
            query = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            try:
                decoded = json.loads(body) if body else None
            except ValueError:
                decoded = None
            headers = {name.lower(): value for name, value in self.headers.items()}
            answer = fake._answer(Received(self.command, parts.path, query, headers, body, decoded))
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.payload)))
                self.end_headers()
                if self.command != "HEAD":  # HEAD answers with the headers alone
                    self.wfile.write(answer.payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def fake_upstream():
    """A started FakeUpstream on 127.0.0.1, stopped after the test."""
    with FakeUpstream() as fake:
        yield fake
