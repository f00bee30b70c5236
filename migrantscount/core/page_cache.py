"""A page cache in front of Django, at the WSGI level, for anonymous readers.

Every public page is the same for every anonymous reader until something is published,
so each web process keeps the answers it rendered in memory and serves them again
without entering Django's middleware (docs/operations.md "The page cache").

- **What is kept** is decided by the response's `Cache-Control`, the one mechanism: a
  200 that says `public` with `s-maxage` (or `max-age`) above 0, sets no cookie and
  holds no CSRF token, answering a GET without a session cookie and without
  `Authorization`, outside the admin and `/healthz`. `PublicCacheControlMiddleware`
  gives that header (`public, max-age=0, s-maxage=<MIGRANTSCOUNT_PAGE_CACHE_SECONDS>`)
  to every such answer whose view said nothing; a view opts out with `never_cache` or
  `private`, and a page that depends on the clock says how long it holds with its own
  `s-maxage` (until its next change of state). Browsers get `max-age=0`: they
  revalidate with the ETag, answered 304 from memory, so a purge reaches them too.
- **Bounded memory**: least recently used entries go first past
  MIGRANTSCOUNT_PAGE_CACHE_MAX_BYTES per process; a body over a tenth of that is never
  kept. Keyed by scheme, host and full path with query; an answer that varies on
  `Accept-Language` (the `/` redirect) is keyed by the language decision too. A gzip
  variant is kept beside the body; both carry an ETag.
- **Purges reach every process at once**: `purge_urls` and `purge_all` append a line
  to a purge log (a file in MIGRANTSCOUNT_VAR_DIR, shared by the web processes of one
  host); each process checks the file's size per request (one `os.stat`, about a
  microsecond) and drops what new lines name. They are called by the Wagtail frontend
  cache backend `FrontendCacheBackend`, so a purge routed through
  `wagtail.contrib.frontend_cache` also reaches a proxy or CDN configured beside it.
- **Served hooks**: an answer served from memory never reaches Django's middleware, so
  an app that counts views registers `@on_served` hooks, called with the environ, the
  status code and the kept headers for each hit (and 304) the cache answers itself.
"""

import functools
import gzip
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import brotli
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

from .lib.languages import language_codes

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
ServedHook = Callable[[dict[str, Any], int, list[tuple[str, str]]], None]

logger = logging.getLogger(__name__)
# Called for every answer the cache serves itself (never for one Django rendered).
SERVED_HOOKS: list[ServedHook] = []


def on_served(hook: ServedHook) -> ServedHook:
    if hook not in SERVED_HOOKS:
        SERVED_HOOKS.append(hook)
    return hook


def run_served_hooks(
    environ: dict[str, Any], status: int, headers: list[tuple[str, str]]
) -> None:
    for hook in SERVED_HOOKS:
        try:
            hook(environ, status, headers)
        except Exception:
            # A counting fault must never cost the reader the page.
            logger.exception("page cache served hook %r failed", hook)


PURGE_ALL = "*"
# Never cached, whatever the answer says.
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/healthz", "/documents/")
# Headers that are the cache's own, added to every answer it serves.
CACHE_HEADERS = {"etag", "age", "x-page-cache", "content-encoding", "content-length"}
CSRF_MARKERS = (b"csrfmiddlewaretoken", b"wagtail-userbar")
# How long a reader waits for another reader's render of the same page.
RENDER_WAIT_SECONDS = 10.0
NOT_KEPT_MAX = 10_000


def excluded_path(path: str) -> bool:
    return path.startswith(_request_policy()[0])


def _request_cookies(environ: dict[str, Any]) -> set[str]:
    header = environ.get("HTTP_COOKIE", "")
    return {part.split("=", 1)[0].strip() for part in header.split(";") if "=" in part}


def private_request_cookies() -> set[str]:
    """Cookies whose presence means the reader may see something of their own."""
    return {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
    }


@functools.cache
def _request_policy() -> tuple[tuple[str, ...], frozenset[str]]:
    """The never-cached path prefixes and the private cookies, read from settings once
    (each settings read costs about as much as the rest of a hit) and again after a
    setting changes (tests). Static files are whitenoise's: already compressed,
    immutable, served from disk as fast as from here, and they would crowd pages out
    of the LRU."""
    static = str(settings.STATIC_URL or "/static/")
    return (*EXCLUDED_PREFIXES, static), frozenset(private_request_cookies())


@receiver(setting_changed)
def _forget_request_policy(**kwargs: object) -> None:
    _request_policy.cache_clear()


def anonymous_request(environ: dict[str, Any]) -> bool:
    method = environ.get("REQUEST_METHOD")
    if method != "GET" and method != "HEAD":
        return False
    if environ.get("HTTP_AUTHORIZATION"):
        return False
    excluded, private = _request_policy()
    if environ.get("PATH_INFO", "").startswith(excluded):
        return False
    if not environ.get("HTTP_COOKIE"):
        return True
    return not (_request_cookies(environ) & private)


class PublicCacheControlMiddleware:
    """Give `Cache-Control: public` to an anonymous 200 whose view said nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not response.streaming
            and anonymous_request(request.META)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            shared_cache_control(response)
        return response


def shared_cache_control(response: HttpResponseBase) -> HttpResponseBase:
    """Shared caches (this one, a proxy, a CDN) keep the answer until a purge or
    MIGRANTSCOUNT_PAGE_CACHE_SECONDS; browsers revalidate every time (`max-age=0`),
    since no purge reaches them."""
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=int(settings.MIGRANTSCOUNT_PAGE_CACHE_SECONDS),
    )
    return response


def _cache_control(headers: list[tuple[str, str]]) -> dict[str, str]:
    directives: dict[str, str] = {}
    for name, value in headers:
        if name.lower() == "cache-control":
            for part in value.split(","):
                key, _, arg = part.strip().partition("=")
                directives[key.lower()] = arg.strip('"')
    return directives


def lifetime(status: str, headers: list[tuple[str, str]]) -> int:
    """Seconds the answer may be kept; 0 when it must not be."""
    if not status.startswith("200"):
        return 0
    lower = {name.lower() for name, _value in headers}
    if "set-cookie" in lower:
        return 0
    if "content-encoding" in lower:
        # Already encoded (e.g. a pre-compressed file): keeping it would strip the
        # header and gzip it a second time, which browsers cannot read.
        return 0
    for name, value in headers:
        if name.lower() == "vary" and "*" in value:
            return 0
    directives = _cache_control(headers)
    if "public" not in directives or directives.keys() & {
        "private",
        "no-store",
        "no-cache",
    }:
        return 0
    seconds = directives.get("s-maxage") or directives.get("max-age") or "0"
    try:
        return max(int(seconds), 0)
    except ValueError:
        return 0


def language_decision(environ: dict[str, Any]) -> str:
    """The language Django's LocaleMiddleware would pick for an unprefixed path."""
    from django.utils.translation import trans_real

    cookie = ""
    for part in environ.get("HTTP_COOKIE", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == settings.LANGUAGE_COOKIE_NAME:
            cookie = value
    codes = list(language_codes())
    if cookie in codes:
        return cookie
    accept = environ.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(accept):
        if code == "*":
            break
        try:
            return trans_real.get_supported_language_variant(code)
        except LookupError:
            continue
    return str(settings.LANGUAGE_CODE)


def url_of(environ: dict[str, Any]) -> str:
    scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get(
        "wsgi.url_scheme", "http"
    )
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    query = environ.get("QUERY_STRING", "")
    path = environ.get("PATH_INFO", "")
    return f"{scheme}://{host}{path}" + (f"?{query}" if query else "")


def purge_key(url: str) -> str:
    """What a purge names: the path and query (every host and scheme of it)."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def accepts(environ: dict[str, Any], wanted: str) -> bool:
    """Whether Accept-Encoding allows this content coding (`gzip`, `br`)."""
    for part in environ.get("HTTP_ACCEPT_ENCODING", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in {wanted, "*"}:
            return params.replace(" ", "") not in {"q=0", "q=0.0", "q=0.00"}
    return False


@dataclass
class Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    gzipped: bytes | None
    etag: str
    stored: float
    expires: float
    purge_key: str
    brotli: bytes | None = None
    # Hit headers per coding, filled on first use (`hit_headers`).
    prepared: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Per coding, the hit headers with their Age, and that age (`aged_headers`).
    aged: dict[str, tuple[int, list[tuple[str, str]]]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"") + len(self.brotli or b"") + 512

    def variant(self, environ: dict[str, Any]) -> tuple[str, bytes]:
        """The content coding ("" for none) and body this reader gets: Brotli when
        accepted (about a fifth smaller than gzip on these pages), else gzip."""
        brotli_ok, gzip_ok = accepted_codings(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if self.brotli is not None and brotli_ok:
            return "br", self.brotli
        if self.gzipped is not None and gzip_ok:
            return "gzip", self.gzipped
        return "", self.body

    def hit_headers(self, coding: str) -> list[tuple[str, str]]:
        """The headers of a hit in this coding, but Age: built once per entry and
        coding (a hit then only copies a list)."""
        prepared = self.prepared.get(coding)
        if prepared is None:
            prepared = self.answer_headers(coding, hit=True)
            self.prepared[coding] = prepared
        return prepared

    def aged_headers(self, coding: str, now: float) -> list[tuple[str, str]]:
        """A copy of the hit headers with Age for `now`, built once per coding and
        second (a copy: a server may add to the list, as wsgiref's does)."""
        age = max(int(now - self.stored), 0)
        aged = self.aged.get(coding)
        if aged is None or aged[0] != age:
            aged = (age, [*self.hit_headers(coding), ("Age", str(age))])
            self.aged[coding] = aged
        return aged[1].copy()

    def answer_headers(self, coding: str, *, hit: bool) -> list[tuple[str, str]]:
        headers = list(self.headers)
        if self.gzipped is not None or self.brotli is not None:
            headers = _with_vary(headers, "Accept-Encoding")
        headers.append(("ETag", self.etag_of(coding)))
        headers.append(("X-Page-Cache", "hit" if hit else "miss"))
        if coding:
            headers.append(("Content-Encoding", coding))
        body = {"br": self.brotli, "gzip": self.gzipped}.get(coding) or self.body
        headers.append(("Content-Length", str(len(body))))
        return headers

    def etag_of(self, coding: str) -> str:
        suffix = {"gzip": "-gz", "br": "-br"}.get(coding, "")
        return self.etag[:-1] + suffix + '"'


# Accept-Encoding values repeat (a few per browser family): parsed once each.
_CODINGS: dict[str, tuple[bool, bool]] = {}
_CODINGS_MAX = 512


def accepted_codings(header: str) -> tuple[bool, bool]:
    """(Brotli accepted, gzip accepted) for an Accept-Encoding value."""
    found = _CODINGS.get(header)
    if found is None:
        environ = {"HTTP_ACCEPT_ENCODING": header}
        found = (accepts(environ, "br"), accepts(environ, "gzip"))
        if len(_CODINGS) >= _CODINGS_MAX:
            _CODINGS.clear()
        _CODINGS[header] = found
    return found


# A web process looks at the purge log at most this often (a stat per request was a
# quarter of a hit's time); a purge written in this process is seen at once.
PURGE_CHECK_SECONDS = 0.001
# Purges this process has written (any PurgeLog): a reader that has not seen the
# latest looks at the log whatever the time.
_appended_here = 0


class PurgeLog:
    """An append-only file of purged paths (or `*`), read by every web process."""

    def __init__(self, path: str):
        self.path = path
        self.offset = 0
        self.inode = 0
        self._started = False
        self.checked_at = -1.0
        self.seen_appended = -1

    def append(self, keys: Iterable[str]) -> None:
        global _appended_here
        lines = "".join(f"{key}\n" for key in keys if "\n" not in key)
        if not lines:
            return
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as log:
            log.write(lines)
        limit = int(
            getattr(settings, "MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG_BYTES", 1 << 20)
        )
        if os.path.getsize(self.path) > limit:
            # A new file (new inode): every process sees it and drops everything.
            temporary = f"{self.path}.{os.getpid()}.tmp"
            with open(temporary, "w", encoding="utf-8") as log:
                log.write(f"{PURGE_ALL}\n")
            os.replace(temporary, self.path)
        # After the write: a reader that sees the count also sees the line.
        _appended_here += 1

    def news(self) -> list[str] | None:
        """Keys purged since the last call; None when everything must go. Another
        process's purge is seen within PURGE_CHECK_SECONDS, this one's at once."""
        now = time.monotonic()
        if (
            now - self.checked_at < PURGE_CHECK_SECONDS
            and self.seen_appended == _appended_here
        ):
            return []
        self.checked_at, self.seen_appended = now, _appended_here
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return []
        if not self._started:
            self._started, self.inode, self.offset = True, stat.st_ino, stat.st_size
            return []
        if stat.st_ino != self.inode or stat.st_size < self.offset:
            self.inode, self.offset = stat.st_ino, stat.st_size
            return None
        if stat.st_size == self.offset:
            return []
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            data = log.read(stat.st_size - self.offset)
        # Only whole lines: a writer may be half way through one.
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        keys = complete.decode("utf-8", "replace").splitlines()
        return None if PURGE_ALL in keys else keys


class PageCache:
    """The WSGI wrapper: serve kept answers, keep new ones, obey the purge log."""

    def __init__(
        self,
        application: WSGIApp,
        *,
        max_bytes: int,
        purge_log: str,
        enabled: bool = True,
    ):
        self.application = application
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_bytes // 10
        self.log = PurgeLog(purge_log)
        self.enabled = enabled
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        # URL -> set when its render in this process is done (see `_coalesced`).
        self.rendering: dict[str, threading.Event] = {}
        # URLs whose last answer could not be kept: their readers never wait.
        self.not_kept: set[str] = set()

    # -- purges -------------------------------------------------------------------
    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _sync(self) -> None:
        keys = self.log.news()
        if keys is None:
            self.clear()
        elif keys:
            purged = set(keys)
            with self.lock:
                for key, entry in list(self.entries.items()):
                    if entry.purge_key in purged:
                        self._drop(key)

    def _drop(self, key: str) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= entry.size

    def _store(self, key: str, entry: Entry) -> None:
        with self.lock:
            self._drop(key)
            self.entries[key] = entry
            self.size += entry.size
            while self.size > self.max_bytes and self.entries:
                self._drop(next(iter(self.entries)))

    def _lookup(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry.expires <= time.time():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return entry

    # -- requests -----------------------------------------------------------------
    def __call__(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        if not self.enabled or not anonymous_request(environ):
            return self.application(environ, start_response)
        self._sync()
        url = url_of(environ)
        entry = self._find(url, environ)
        if entry is not None:
            return self._serve(entry, environ, start_response, hit=True)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return self.application(environ, start_response)
        return self._coalesced(url, environ, start_response)

    def _find(self, url: str, environ: dict[str, Any]) -> Entry | None:
        """The kept answer for this URL, or for it in this reader's language (an
        answer that varies on Accept-Language is kept per language decision)."""
        return self._lookup(url) or self._lookup(
            f"{url}#lang={language_decision(environ)}"
        )

    def _coalesced(
        self, url: str, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """Render a missing page once per process however many readers ask for it at
        the same moment (after a purge, a crowd would otherwise render it once each,
        all slowed by the others): the others wait for that render and get what it
        kept, or render themselves if it kept nothing or took too long."""
        if url in self.not_kept:
            return self._render(url, environ, start_response)
        with self.lock:
            busy = self.rendering.get(url)
            mine = busy is None
            if busy is None:
                busy = self.rendering[url] = threading.Event()
        if not mine:
            if busy.wait(RENDER_WAIT_SECONDS):
                entry = self._find(url, environ)
                if entry is not None:
                    return self._serve(entry, environ, start_response, hit=True)
            return self._render(url, environ, start_response)
        try:
            return self._render(url, environ, start_response)
        finally:
            with self.lock:
                self.rendering.pop(url, None)
            busy.set()

    def _render(
        self, url: str, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            seconds = lifetime(status, headers)
            if seconds <= 0:
                captured["passed"] = True
                return start_response(status, headers, exc_info)
            captured.update(status=status, headers=headers, seconds=seconds)
            return self._refuse_write

        started = time.time()
        result = self.application(environ, capture)
        if captured.get("passed") or "status" not in captured:
            self._not_kept(url)
            return result
        chunks: list[bytes] = []
        try:
            chunks.extend(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        body = b"".join(chunks)
        headers = [
            (name, value)
            for name, value in captured["headers"]
            if name.lower() not in CACHE_HEADERS
        ]
        if any(marker in body for marker in CSRF_MARKERS):
            # Never keep a body with a CSRF token or the editor's userbar.
            self._not_kept(url)
            return self._plain(
                captured["status"], captured["headers"], body, start_response
            )
        key = url
        for name, value in headers:
            if name.lower() == "vary" and "accept-language" in value.lower():
                key = f"{url}#lang={language_decision(environ)}"
        etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        compressible = len(body) > 512 and not any(
            name.lower() == "content-type"
            and value.split(";")[0].strip().startswith(("image/png", "image/jpeg"))
            for name, value in headers
        )
        entry = Entry(
            status=captured["status"],
            headers=headers,
            body=body,
            gzipped=gzip.compress(body, 6, mtime=0) if compressible else None,
            # Quality 5: as fast as gzip 6 and smaller; 11 costs ~50x the time.
            brotli=brotli.compress(body, quality=5) if compressible else None,
            etag=etag,
            stored=started,
            expires=started + captured["seconds"],
            purge_key=purge_key(url),
        )
        if entry.size <= self.max_entry_bytes:
            self.not_kept.discard(url)
            self._store(key, entry)
        else:
            self._not_kept(url)
        return self._serve(entry, environ, start_response, hit=False)

    def _not_kept(self, url: str) -> None:
        if len(self.not_kept) >= NOT_KEPT_MAX:
            self.not_kept.clear()
        self.not_kept.add(url)

    @staticmethod
    def _refuse_write(data: bytes) -> None:
        raise RuntimeError("the page cache does not support the WSGI write() callable")

    @staticmethod
    def _plain(
        status: str,
        headers: list[tuple[str, str]],
        body: bytes,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        start_response(status, headers)
        return [body]

    def _serve(
        self,
        entry: Entry,
        environ: dict[str, Any],
        start_response: StartResponse,
        *,
        hit: bool,
    ) -> Iterable[bytes]:
        coding, body = entry.variant(environ)
        if hit:
            headers = entry.aged_headers(coding, time.time())
        else:
            headers = entry.answer_headers(coding, hit=False)
        match = environ.get("HTTP_IF_NONE_MATCH")
        if match and _etag_matches(match, entry.etag_of(coding)):
            kept = {"cache-control", "vary", "etag", "age", "x-page-cache", "expires"}
            start_response(
                "304 Not Modified",
                [(name, value) for name, value in headers if name.lower() in kept],
            )
            if hit and SERVED_HOOKS:
                run_served_hooks(environ, 304, entry.headers)
            return []
        start_response(entry.status, headers)
        if hit and SERVED_HOOKS:
            run_served_hooks(environ, int(entry.status[:3]), entry.headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return []
        return [body]


def _with_vary(headers: list[tuple[str, str]], field: str) -> list[tuple[str, str]]:
    fields = [
        part.strip()
        for name, value in headers
        if name.lower() == "vary"
        for part in value.split(",")
        if part.strip()
    ]
    if field.lower() in {part.lower() for part in fields}:
        return headers
    kept = [(name, value) for name, value in headers if name.lower() != "vary"]
    return [*kept, ("Vary", ", ".join([*fields, field]))]


def _etag_matches(header: str, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return etag in tags


# -- the process's cache and its purges ---------------------------------------------
_CACHES: list[PageCache] = []


def purge_log_path() -> str:
    return str(
        getattr(settings, "MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG", "")
        or os.path.join(str(settings.VAR_DIR), "page-cache-purges.log")
    )


def page_cache(application: WSGIApp) -> WSGIApp:
    """Wrap the WSGI application (migrantscount/wsgi.py) in this process's page cache."""
    cache = PageCache(
        application,
        max_bytes=int(settings.MIGRANTSCOUNT_PAGE_CACHE_MAX_BYTES),
        purge_log=purge_log_path(),
        enabled=bool(settings.MIGRANTSCOUNT_PAGE_CACHE),
    )
    _CACHES.append(cache)
    return cache


def purge_urls(urls: Iterable[str]) -> None:
    """Drop these URLs (any host) from every web process's page cache."""
    PurgeLog(purge_log_path()).append(sorted({purge_key(url) for url in urls}))


def purge_all(**kwargs: object) -> None:
    """Drop everything from every web process's page cache (also a signal receiver).

    Only the page caches of this host's web processes: a proxy or CDN is reached by
    URL purges (`purge_urls_from_cache`), and keeps the rest up to its s-maxage.
    """
    PurgeLog(purge_log_path()).append([PURGE_ALL])


def purge_everywhere(urls: list[str]) -> None:
    """Empty every web process's page cache and purge `urls` from a proxy or CDN."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_all()
    purge_urls_from_cache(urls)


# Set while a bulk job (the demo build) publishes many pages: their URLs change as
# translations get their slugs, so warming each one as it goes would only fetch 404s.
_WARMING_PAUSED = threading.local()


@contextmanager
def warming_paused() -> Iterator[None]:
    """Purges still happen inside; the pages are rendered by their first reader."""
    _WARMING_PAUSED.on = True
    try:
        yield
    finally:
        _WARMING_PAUSED.on = False


def warm_after_commit(urls: list[str]) -> None:
    """Once the change is committed, a task renders these pages again."""
    from functools import partial

    from django.db import transaction

    from . import tasks

    if getattr(_WARMING_PAUSED, "on", False):
        return
    if urls and int(settings.MIGRANTSCOUNT_PAGE_WARM_REQUESTS) > 0:
        transaction.on_commit(partial(tasks.warm_pages.enqueue, urls=urls))


def iter_caches() -> Iterator[PageCache]:
    yield from _CACHES


class FrontendCacheBackend:
    """A `wagtail.contrib.frontend_cache` backend that purges the page cache.

    WAGTAILFRONTENDCACHE = {"pagecache": {"BACKEND": "migrantscount.core.page_cache.
    FrontendCacheBackend"}} (settings/base.py); a proxy's backend goes beside it.
    """

    def __init__(self, params: dict[str, Any]):
        self.hostnames = params.get("HOSTNAMES", ["*"])

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls: Iterable[str]) -> None:
        urls = list(urls)
        purge_urls(urls)
        warm_after_commit(urls)

    def invalidates_hostname(self, hostname: str) -> bool:
        from django.http.request import validate_host

        return validate_host(hostname, self.hostnames)
