"""A local HTTP server standing in for a reverse proxy's purge interface: it answers
PURGE and BAN as deploy/varnish/default.vcl does (200) and records each request, so a
test sees exactly what the site sent (method, path, Host)."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class ProxyRecorder:
    location: str
    requests: list[tuple[str, str, str]] = field(default_factory=list)

    def purged(self) -> set[str]:
        """The `host/path` of each PURGE."""
        return {
            f"{host}{path}" for method, host, path in self.requests if method == "PURGE"
        }

    def banned(self) -> set[str]:
        return {host for method, host, _path in self.requests if method == "BAN"}

    def clear(self) -> None:
        self.requests.clear()


def _handler(recorder: ProxyRecorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            recorder.requests.append(
                (self.command, self.headers.get("Host", ""), self.path)
            )
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PURGE = do_BAN = _record

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(name="proxy")
def proxy_fixture(settings) -> Iterator[ProxyRecorder]:
    """A recording proxy configured as the site's `proxy` frontend-cache backend."""
    recorder = ProxyRecorder(location="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    recorder.location = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "proxy": {
            "BACKEND": "migrantscount.core.proxy_cache.ProxyBackend",
            "LOCATION": recorder.location,
        },
    }
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
