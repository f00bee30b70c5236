"""What the WSGI server hands to Django goes through here first: a request body cap.

granian has no body-size limit and Django reads (and may spool to disk) a body before
refusing it, so a request announcing more than settings.MIGRANTSCOUNT_MAX_REQUEST_BYTES
(MIGRANTSCOUNT_MAX_ADMIN_REQUEST_BYTES under /admin/), or a chunked one without
Content-Length, is answered 413 / 411 here, before a byte of the body is read. The
page is in the language of the URL (/es/stories/share/ → Spanish). In production the
proxy enforces its own limit too (nginx `client_max_body_size`; docs/operations.md).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .lib.languages import language_codes

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

BODY_METHODS = {"POST", "PUT", "PATCH"}


def _limit(path: str) -> int:
    if path.startswith("/admin/"):
        return int(settings.MIGRANTSCOUNT_MAX_ADMIN_REQUEST_BYTES)
    return int(settings.MIGRANTSCOUNT_MAX_REQUEST_BYTES)


def _language(path: str) -> str:
    prefix = path.lstrip("/").split("/", 1)[0]
    codes = set(language_codes())
    return prefix if prefix in codes else settings.LANGUAGE_CODE


def refusal(environ: dict[str, Any]) -> int | None:
    """The status to refuse the request with before reading its body, if any."""
    if environ.get("REQUEST_METHOD", "GET") not in BODY_METHODS:
        return None
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return 411
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 400
    return 413 if length > _limit(environ.get("PATH_INFO", "/")) else None


def _page(status: int, path: str) -> bytes:
    with translation.override(_language(path)):
        html = render_to_string(
            "core/request_refused.html",
            {
                "status": status,
                "megabytes": _limit(path) // (1024 * 1024),
                "language_code": _language(path),
            },
        )
    return html.encode()


REASONS = {400: "Bad Request", 411: "Length Required", 413: "Content Too Large"}


def cap_request_body(application: WSGIApp) -> WSGIApp:
    def front(
        environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        status = refusal(environ)
        if status is None:
            return application(environ, start_response)
        body = _page(status, environ.get("PATH_INFO", "/"))
        start_response(
            f"{status} {REASONS[status]}",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
                ("Connection", "close"),
            ],
        )
        return [body]

    return front
