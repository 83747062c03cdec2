import socket
import threading

import pytest


class Canary:
    """A listener on 127.0.0.1 that counts the connections it is offered: refused URLs point here, and
    the count proves the check came before any connection."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


@pytest.fixture
def canary():
    c = Canary()
    yield c
    c.close()


@pytest.fixture
def cdn(fake_upstream, settings):
    """The fake upstream as a CDN: its host:port (and only that) allowed past the address check."""
    host, port = fake_upstream._server.server_address[:2]
    settings.BEAT_FETCH_ALLOWED_HOSTS = [f"{host}:{port}"]
    return fake_upstream


@pytest.fixture
def asset_files(settings, tmp_path):
    """Local asset storage in a temporary folder."""
    settings.STORAGES = {**settings.STORAGES, "assets": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": "/media/", "allow_overwrite": True}}}
    return tmp_path
