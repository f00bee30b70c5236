"""Page views counted on the server, in memory, and written as aggregates.

Each web process adds one to an in-memory counter per view, keyed by day (UTC), page,
language, referrer domain and the four UTM tags; a background thread writes the
counter to `PageViewCount` about every MIGRANTSCOUNT_REACH_FLUSH_SECONDS as upserts
(`views = views + n`), and once more when the process exits: at `atexit` and at
multiprocessing's exit, because granian's workers are multiprocessing children that
end in `os._exit`, which skips `atexit` (see `start_flusher`). No request writes to
the database, and nothing about a reader is kept: the user agent is read only to
leave known bots out (crawlerdetect's maintained patterns; a verdict is remembered
under a hash of it, never the text), and no cookie, IP address or identifier is read.

Where views are seen (MIGRANTSCOUNT_REACH_COUNTING):
- "server": `CountingMiddleware` counts what Django renders; the page cache's served
  hook (`count_served`, registered in apps.py) counts what it answers from memory,
  which never reaches the middleware. Each view is counted once either way.
- "beacon": behind a proxy or CDN whose hits never reach the app, the pages carry a
  cookieless beacon (static/analytics/reach.js, and an image without JavaScript) that
  calls `views.beacon` on an uncached URL; the server side counts nothing.
- "off": nothing is counted.
"""

import atexit
import functools
import hashlib
import logging
import multiprocessing.util
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from crawlerdetect.crawlerdetect import (
    get_compiled_crawler_regex,
    get_compiled_exclusions_regex,
)
from django.conf import settings
from django.core.signals import setting_changed
from django.db import close_old_connections, connection, transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

from migrantscount.core.lib.languages import language_codes

from .models.reach import (
    DIMENSIONS,
    DOMAIN_LENGTH,
    PATH_LENGTH,
    TAG_LENGTH,
    PageViewCount,
)

logger = logging.getLogger(__name__)

SERVER = "server"
BEACON = "beacon"
OFF = "off"
MODES = (SERVER, BEACON, OFF)
# Never a page view, whatever the answer says.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/api/",
    "/static/",
    "/media/",
    "/documents/",
    "/healthz",
    "/reach/",
)
UTM_TAGS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
# A tag is kept only when it looks like a tag (the social posts' are short words and
# numbers); anything else, e.g. an address or free text, is dropped.
TAG_PATTERN = re.compile(r"[\w.+~-]{1,64}")
INTERNAL = "(internal)"
OTHER = "(other)"
BOT_VERDICTS_MAX = 20_000


class Key(NamedTuple):
    day: date
    path: str
    language: str
    referrer_domain: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    utm_content: str


class Counter:
    """This process's counts since the last flush."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: dict[Key, int] = {}
        # Held by a flush from its take() to the end of its write, so the last flush
        # at exit waits for a periodic one under way instead of leaving with its
        # counts half written.
        self.flushing = threading.Lock()
        self.flusher: threading.Thread | None = None
        self.started = False

    def add(self, key: Key, views: int = 1) -> None:
        with self.lock:
            counts = self.counts
            # One look-up and one store (each hashes the eight-field key) on a hit.
            known = counts.get(key)
            if known is None:
                known = 0
                if len(counts) >= max_keys():
                    # Bounded memory and rows, however many odd paths or tags arrive.
                    key = Key(key.day, OTHER, key.language, "", "", "", "", "")
                    known = counts.get(key, 0)
            counts[key] = known + views
        if not self.started:
            start_flusher(self)

    def take(self) -> dict[Key, int]:
        with self.lock:
            counts, self.counts = self.counts, {}
        return counts

    def give_back(self, counts: dict[Key, int]) -> None:
        with self.lock:
            for key, views in counts.items():
                self.counts[key] = self.counts.get(key, 0) + views

    def forked(self) -> None:
        # A child process starts empty (its parent writes what it counted itself)
        # and starts its own flushing thread with its first view.
        self.lock = threading.Lock()
        self.counts = {}
        self.flushing = threading.Lock()
        self.flusher = None
        self.started = False


COUNTER = Counter()
os.register_at_fork(after_in_child=lambda: COUNTER.forked())
_BOT_VERDICTS: dict[bytes, bool] = {}
# What a request's values came to (not a view, or the row's key for the day it was
# last counted), under a hash of them: readers of one page from one link repeat them,
# and parsing costs more than the look-up. Bounded, in memory only, never the values
# themselves as keys. The hash is Python's own (SipHash per string, keyed at random
# per process, so no one can aim a collision at it): two different requests sharing
# one among at most DERIVED_MAX entries has odds near 1e-11, and would misfile one
# view, nothing more; a cryptographic digest of the joined values cost a microsecond
# of every page-cache hit.
_DERIVED: dict[int, tuple[bool, Key]] = {}  # (not a view, the row's key)
DERIVED_MAX = 20_000
_START_LOCK = threading.Lock()


@functools.cache
def mode() -> str:
    # Read once per setting change: every page the cache serves asks.
    return str(settings.MIGRANTSCOUNT_REACH_COUNTING)


@receiver(setting_changed)
def _forget_mode(**kwargs: object) -> None:
    mode.cache_clear()


def max_keys() -> int:
    return int(settings.MIGRANTSCOUNT_REACH_MAX_KEYS)


# -- what counts ---------------------------------------------------------------------
def is_bot(user_agent: str) -> bool:
    """Known crawlers and tools, and requests without a user agent."""
    if not user_agent.strip():
        return True
    digest = hashlib.blake2b(
        user_agent.encode("utf-8", "replace"), digest_size=12
    ).digest()
    verdict = _BOT_VERDICTS.get(digest)
    if verdict is None:
        agent = get_compiled_exclusions_regex().sub("", user_agent).strip()
        verdict = bool(agent) and get_compiled_crawler_regex().search(agent) is not None
        if len(_BOT_VERDICTS) >= BOT_VERDICTS_MAX:
            _BOT_VERDICTS.clear()
        _BOT_VERDICTS[digest] = verdict
    return verdict


def is_prefetch(environ: dict[str, Any]) -> bool:
    purpose = (
        environ.get("HTTP_SEC_PURPOSE", "")
        or environ.get("HTTP_PURPOSE", "")
        or environ.get("HTTP_X_MOZ", "")
    )
    return "prefetch" in purpose or "prerender" in purpose


def _host(value: str) -> str:
    host = value.rsplit("@", 1)[-1].split(":", 1)[0].strip().lower().rstrip(".")
    return host.removeprefix("www.")


def referrer_domain(referrer: str, own_host: str) -> str:
    """The referring site's domain only; "" for none, INTERNAL for this site."""
    if not referrer:
        return ""
    try:
        host = urlsplit(referrer).hostname or ""
    except ValueError:
        return ""
    host = host.lower().removeprefix("www.")[:DOMAIN_LENGTH]
    if not host:
        return ""
    return INTERNAL if host == _host(own_host) else host


def utm_tags(query: str) -> tuple[str, str, str, str]:
    found = dict.fromkeys(UTM_TAGS, "")
    if "utm_" in query:
        for name, value in parse_qsl(query, max_num_fields=50):
            if name in found and not found[name]:
                value = value.strip().lower()
                if TAG_PATTERN.fullmatch(value):
                    found[name] = value[:TAG_LENGTH]
    return (
        found["utm_source"],
        found["utm_medium"],
        found["utm_campaign"],
        found["utm_content"],
    )


def language_of(value: str) -> str:
    code = value.split(",", 1)[0].strip().lower()
    return code if code in language_codes() else ""


# (start, end, date) of the UTC day last asked about: every hit asks.
_DAY: tuple[float, float, date] = (0.0, 0.0, date.min)


def today() -> date:
    """Today's UTC date, recomputed only when the clock has left that day."""
    global _DAY
    now = time.time()
    start, end, day = _DAY
    if not start <= now < end:
        day = datetime.fromtimestamp(now, UTC).date()
        start = datetime.combine(day, datetime.min.time(), UTC).timestamp()
        end = start + 86400
        _DAY = (start, end, day)
    return day


def count(
    environ: dict[str, Any],
    *,
    path: str,
    query: str,
    language: str,
    referrer: str,
) -> bool:
    """Count one view of `path` if the request is a reader's; True when counted."""
    if is_prefetch(environ):
        return False
    agent = environ.get("HTTP_USER_AGENT", "")
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    fingerprint = hash((agent, path, query, language, referrer, host))
    day = today()
    derived = _DERIVED.get(fingerprint)
    if derived is None:
        key = Key(
            day,
            path[:PATH_LENGTH],
            language_of(language),
            referrer_domain(referrer, host),
            *utm_tags(query),
        )
        # Not a view: a bot's request, or a path that is never a page.
        skipped = (
            path.startswith(EXCLUDED_PREFIXES)
            or not path.startswith("/")
            or is_bot(agent)
        )
        derived = (skipped, key)
        if len(_DERIVED) >= DERIVED_MAX:
            _DERIVED.clear()
        _DERIVED[fingerprint] = derived
    skipped, key = derived
    if skipped:
        return False
    if key.day != day:
        key = key._replace(day=day)
        _DERIVED[fingerprint] = (skipped, key)
    COUNTER.add(key)
    return True


def _is_view(method: str, status: int, content_type: str) -> bool:
    return (
        method == "GET"
        and status in (200, 304)
        and content_type.startswith("text/html")
    )


# The page cache hands every hit of one kept answer the same header list: its two
# fields are read once per list (the entry keeps the list alive while it is here).
_HEADER_FIELDS: dict[int, tuple[list[tuple[str, str]], str, str]] = {}
HEADER_FIELDS_MAX = 4096


def _view_headers(headers: list[tuple[str, str]]) -> tuple[str, str]:
    """(Content-Type, Content-Language) of an answer's headers."""
    known = _HEADER_FIELDS.get(id(headers))
    if known is not None and known[0] is headers:
        return known[1], known[2]
    content_type = language = ""
    for name, value in headers:
        lower = name.lower()
        if lower == "content-type":
            content_type = value
        elif lower == "content-language":
            language = value
    if len(_HEADER_FIELDS) >= HEADER_FIELDS_MAX:
        _HEADER_FIELDS.clear()
    _HEADER_FIELDS[id(headers)] = (headers, content_type, language)
    return content_type, language


def count_served(
    environ: dict[str, Any], status: int, headers: list[tuple[str, str]]
) -> None:
    """The page cache's served hook: a view it answered from memory."""
    if mode() != SERVER:
        return
    content_type, language = _view_headers(headers)
    if not _is_view(environ.get("REQUEST_METHOD", ""), status, content_type):
        return
    count(
        environ,
        path=environ.get("PATH_INFO", ""),
        query=environ.get("QUERY_STRING", ""),
        language=language,
        referrer=environ.get("HTTP_REFERER", ""),
    )


def _page_of(request: HttpRequest, response: HttpResponseBase) -> str:
    """The path of a public page; for any other answer its URL pattern, so a token
    or other identifier in a private URL never reaches a row."""
    cache_control = response.get("Cache-Control", "")
    match = request.resolver_match
    if "public" in cache_control.split(", ") or match is None:
        return request.path_info
    if match.url_name == "wagtail_serve":
        return request.path_info
    return "/" + match.route if match.route else f"({match.view_name})"


class CountingMiddleware:
    """Counts the views Django renders (listed first in MIDDLEWARE, so it sees the
    final headers); the page cache's hits are counted by `count_served`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if mode() == SERVER and _is_view(
            request.method or "",
            response.status_code,
            response.get("Content-Type", ""),
        ):
            try:
                count(
                    request.META,
                    path=_page_of(request, response),
                    query=request.META.get("QUERY_STRING", ""),
                    language=response.get("Content-Language", ""),
                    referrer=request.META.get("HTTP_REFERER", ""),
                )
            except Exception:
                logger.exception("counting a page view failed")
        return response


# -- writing the counts --------------------------------------------------------------
def _upsert_sql() -> str:
    quote = connection.ops.quote_name
    table = quote(PageViewCount._meta.db_table)
    columns = [*DIMENSIONS, "views"]
    names = ", ".join(quote(column) for column in columns)
    values = ", ".join(["%s"] * len(columns))
    conflict = ", ".join(quote(column) for column in DIMENSIONS)
    views = quote("views")
    # Identifiers come from the model, values are parameters.
    return (
        f"INSERT INTO {table} ({names}) VALUES ({values}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET "
        f"{views} = {table}.{views} + excluded.{views}"
    )


def write_counts(counts: dict[Key, int]) -> None:
    rows: Iterable[tuple[Any, ...]] = [(*key, views) for key, views in counts.items()]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(_upsert_sql(), list(rows))


def flush() -> int:
    """Write this process's counts; returns how many rows were upserted. On a
    database error the counts go back into the counter for the next flush."""
    with COUNTER.flushing:
        counts = COUNTER.take()
        if not counts:
            return 0
        try:
            write_counts(counts)
        except Exception:
            COUNTER.give_back(counts)
            raise
        return len(counts)


def _flush_logged() -> None:
    try:
        flush()
    except Exception:
        logger.exception("writing the page view counts failed; kept for the next try")


def _last_flush() -> None:
    """At exit: stop the periodic writes, then write what is left (after waiting
    for a periodic write under way). Runs twice in a process whose `atexit` and
    multiprocessing's exit both run; the second finds nothing to write."""
    COUNTER.flusher = None
    _flush_logged()


def _flush_forever(counter: Counter, seconds: float) -> None:
    while counter.flusher is threading.current_thread():
        time.sleep(seconds)
        if counter.flusher is not threading.current_thread():
            return  # the process is exiting: its last flush writes
        close_old_connections()
        _flush_logged()


def start_flusher(counter: Counter) -> None:
    """The process's flushing thread, started with its first view (so after a
    worker fork), and a last flush at exit; none when the interval is 0 (tests).

    The last flush is registered twice. granian starts its workers as
    multiprocessing children (fork on Linux), and such a child ends in `os._exit`
    after its target returns, which skips `atexit`: only multiprocessing's own exit
    finalizers run there (`Process._bootstrap` calls `util._exit_function`). A
    process that is no such child (runserver, a management command, a spawned
    worker ending in `sys.exit`) runs `atexit`."""
    seconds = float(settings.MIGRANTSCOUNT_REACH_FLUSH_SECONDS)
    if seconds <= 0:
        return
    with _START_LOCK:
        if counter.started:
            return
        counter.started = True
        counter.flusher = threading.Thread(
            target=_flush_forever,
            args=(counter, seconds),
            name="reach-flush",
            daemon=True,
        )
        counter.flusher.start()
        atexit.register(_last_flush)
        multiprocessing.util.Finalize(None, _last_flush, exitpriority=10)
