"""An HTTP proxy on 127.0.0.1 that injects the failures that make a post ambiguous.

It forwards every request to the real server. For requests whose path contains a
chosen text it can, after the server has fully answered (so the write happened):
- drop the answer: close the connection without a byte (the client sees the server
  disconnect, as after a crash or a cut cable);
- hold the answer until `release()`, then drop it (a dispatcher can be killed while
  it waits).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

HOP_HEADERS = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "host",
}


@dataclass
class Rule:
    path_contains: str
    times: int
    hold: bool = False


@dataclass
class FailingProxy:
    upstream: str
    rules: list[Rule] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # every request seen, in order
    held: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def drop_answers(self, path_contains: str, times: int = 1) -> None:
        with self.lock:
            self.rules.append(Rule(path_contains, times))

    def hold_answers(self, path_contains: str, times: int = 1) -> None:
        with self.lock:
            self.rules.append(Rule(path_contains, times, hold=True))

    def release(self) -> None:
        self.released.set()

    def count(self, path_contains: str) -> int:
        return sum(path_contains in path for path in self.paths)

    def _rule_for(self, path: str) -> Rule | None:
        with self.lock:
            self.paths.append(path)
            for rule in self.rules:
                if rule.times > 0 and rule.path_contains in path:
                    rule.times -= 1
                    return rule
        return None


def _handler(proxy: FailingProxy, client: httpx.Client) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS
            }
            rule = proxy._rule_for(self.path)
            answer = client.request(
                self.command, proxy.upstream + self.path, content=body, headers=headers
            )
            if rule is not None:
                if rule.hold:
                    proxy.held.set()
                    proxy.released.wait(timeout=120)
                self.close_connection = True
                return  # the server took the request; its answer is lost
            self.send_response(answer.status_code)
            for key, value in answer.headers.items():
                if key.lower() not in HOP_HEADERS | {"content-encoding"}:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = _forward
        do_POST = _forward

    return Handler


@contextmanager
def failing_proxy(upstream: str) -> Iterator[FailingProxy]:
    proxy = FailingProxy(upstream.rstrip("/"))
    with httpx.Client(timeout=60) as client:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(proxy, client))
        server.daemon_threads = True
        proxy.url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield proxy
        finally:
            proxy.release()
            server.shutdown()
            server.server_close()
