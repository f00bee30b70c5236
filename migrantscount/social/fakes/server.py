"""The plumbing the network fakes share (X, LinkedIn, Meta's Graph hosts,
Mastodon): a threaded HTTP server on 127.0.0.1, request parsing (JSON, form,
multipart, raw bytes), answers, dropped connections and a request log. Each fake
subclasses `FakeServer` and implements `route(request) -> Answer`. Tests only;
never a server for anyone else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit


class Drop(Exception):
    """Leave the request without an answer (the connection closes)."""


@dataclass
class Answer(Exception):
    status: int
    body: Any = None  # dict/list: JSON; bytes: as is; None: no body
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    form: dict[str, Any]  # JSON object, form fields or multipart parts


@dataclass
class LogEntry:
    at: float
    method: str
    path: str
    status: int  # 0: dropped


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of a code verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        loaded = json.loads(body)
        return loaded if isinstance(loaded, dict) else {"_json": loaded}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
        )
        form: dict[str, Any] = {}
        for part in message.iter_parts():
            name = str(part.get_param("name", header="content-disposition"))
            if part.get_filename():
                form[name] = {
                    "content": part.get_payload(decode=True),
                    "content_type": part.get_content_type(),
                }
            else:
                form[name] = part.get_content().strip("\r\n")
        return form
    if content_type.startswith("application/x-www-form-urlencoded"):
        # Rails-style `name[]` fields keep every value (Mastodon's `media_ids[]`).
        return {
            key: values if key.endswith("[]") else values[-1]
            for key, values in parse_qs(body.decode("utf-8")).items()
        }
    return {}


class FakeServer:
    """`start()` it, use `url`, `stop()` it (or use `with`)."""

    name = "fake"

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.log: list[LogEntry] = []
        self._server: ThreadingHTTPServer | None = None

    def route(self, request: Request) -> Answer:
        raise NotImplementedError

    def start(self, port: int = 0, host: str = "127.0.0.1") -> Self:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self.name,
            daemon=True,
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self if self._server else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"  # noqa: S101
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def calls(self, method: str, path_start: str) -> list[LogEntry]:
        with self.lock:
            return [
                entry
                for entry in self.log
                if entry.method == method and entry.path.startswith(path_start)
            ]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(
            method=method,
            path=parts.path,
            query={k: v[-1] for k, v in parse_qs(parts.query).items()},
            headers=headers,
            body=body,
            form={},
        )
        try:
            request.form = parse_body(headers.get("content-type", ""), body)
            answer = self.fake.route(request)
        except Drop:
            self._record(method, parts.path, 0)
            self.close_connection = True
            return
        except Answer as raised:
            answer = raised
        self._record(method, parts.path, answer.status)
        self._send(answer)

    def _record(self, method: str, path: str, status: int) -> None:
        with self.fake.lock:
            self.fake.log.append(LogEntry(time.time(), method, path, status))

    def _send(self, answer: Answer) -> None:
        if answer.body is None:
            payload = b""
        elif isinstance(answer.body, bytes):
            payload = answer.body
        else:
            payload = json.dumps(answer.body).encode("utf-8")
        self.send_response(answer.status)
        if answer.body is not None and not isinstance(answer.body, bytes):
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
