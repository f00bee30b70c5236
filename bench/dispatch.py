"""10,000 social deliveries across 20 Mastodon accounts on fake instances that enforce
Mastodon's limits and fail on purpose, through two `manage.py dispatch` processes on a
throwaway PostgreSQL cluster; one is killed with SIGKILL mid-run and restarted. Then
the same dispatcher against the real local Bluesky server (scripts/pds.sh) compared
with a bare `atproto` client loop posting as many posts.

Time is compressed by BENCH_DISPATCH_SCALE (default 180: Mastodon's 300 statuses per
3 h become 300 per 60 s): `SOCIAL_PACING_TIME_SCALE`, the fakes' windows and the
dispatcher's retry backoff all use it. The fakes answer 5 % of writes with a 503, 1 %
with a 429, and drop the answer of 1 % after posting (an ambiguous failure).

Counted on the fakes' side (social.fakes.mastodon):
- duplicates: statuses beyond the first for any delivery (its marker in the text);
- lost: deliveries neither published (exactly on the fake) nor permanently failed;
- rate_ratio: statuses accepted ÷ statuses allowed (300 per window) over the windows
  during which the busy accounts had a backlog from start to end (the burst window
  and the last, part-empty one left out);
- lateness_p95_s: first creation on the fake minus due time, for the accounts whose
  deliveries stay well inside their limits (all of them, failures and retries
  included);
- pds_ratio: posts/s to the local PDS through the two dispatchers ÷ posts/s of a bare
  `atproto` loop (one client, one session per account, posting in turn), same number
  of posts, several PDS accounts so that pacing is not what is measured; the rate
  through one dispatcher is printed too.

Starts and stops what it needs (PostgreSQL, the PDS) through scripts/pg-throwaway.sh
and scripts/pds.sh. Last line:
delivered=… duplicates=… lost=… rate_ratio=… lateness_p95_s=… pds_ratio=…
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("BENCH_DISPATCH_SCALE", "180"))
TOTAL = int(os.environ.get("BENCH_DISPATCH_DELIVERIES", "10000"))
ACCOUNTS = int(os.environ.get("BENCH_DISPATCH_ACCOUNTS", "20"))
BUSY_ACCOUNTS = int(os.environ.get("BENCH_DISPATCH_BUSY_ACCOUNTS", "4"))
BUSY_SHARE = float(os.environ.get("BENCH_DISPATCH_BUSY_SHARE", "0.7"))
SPREAD_S = float(os.environ.get("BENCH_DISPATCH_SPREAD_S", "270"))
KILL_AT_S = float(os.environ.get("BENCH_DISPATCH_KILL_AT_S", "90"))
TIMEOUT_S = float(os.environ.get("BENCH_DISPATCH_TIMEOUT_S", "480"))
PDS_POSTS = int(os.environ.get("BENCH_DISPATCH_PDS_POSTS", "300"))
PDS_ACCOUNTS = int(os.environ.get("BENCH_DISPATCH_PDS_ACCOUNTS", "4"))
MARKER = re.compile(r"\[m(\d+)\]")
FINAL = {"published", "failed", "expired", "cancelled"}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def outer() -> int:
    """Run this file again inside a shell that owns PostgreSQL and the PDS."""
    script = f"""
set -euo pipefail
cd {ROOT}
source scripts/pg-throwaway.sh
source scripts/pds.sh
trap 'pds_stop >/dev/null 2>&1 || true; pg_throwaway_stop' EXIT
pg_throwaway_start >&2
if PDS_RATE_LIMITS_ENABLED=false LOG_ENABLED=false pds_start >&2; then :; else
    echo "the local PDS did not start: no pds_ratio" >&2
fi
BENCH_DISPATCH_INNER=1 "{sys.executable}" "{Path(__file__).resolve()}"
"""
    return subprocess.call(["bash", "-c", script])


if not os.environ.get("BENCH_DISPATCH_INNER"):
    sys.exit(outer())

TMP = Path(tempfile.mkdtemp(prefix="bench-dispatch-"))
(TMP / "bench_dispatch_settings.py").write_text(
    "from migrantscount.settings.test import *  # noqa\n"
    f"SOCIAL_PACING_TIME_SCALE = {SCALE}\n"
    f"SOCIAL_RETRY_BASE_SECONDS = {30 / SCALE}\n"
    f"SOCIAL_RETRY_MAX_SECONDS = {3600 / SCALE}\n"
    "SOCIAL_STUCK_PUBLISHING_SECONDS = 30\n"
    "SOCIAL_MAX_ATTEMPTS = 20\n"
)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(TMP))
os.environ["PYTHONPATH"] = os.pathsep.join([str(TMP), str(ROOT)])
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_dispatch_settings"
os.environ["SOCIAL_PACING_TIME_SCALE"] = str(SCALE)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection as db  # noqa: E402
from django.utils import timezone  # noqa: E402

from migrantscount.social.fakes.mastodon import FakeMastodon  # noqa: E402
from migrantscount.social.models import Account, Delivery, Post, PostText  # noqa: E402
from migrantscount.social.platforms import bluesky, mastodon  # noqa: E402


class Dispatchers:
    """`manage.py dispatch` processes, by name, logging to TMP."""

    def __init__(self) -> None:
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.generation = Counter[str]()

    def start(self, name: str) -> None:
        self.generation[name] += 1
        output = open(TMP / f"dispatch-{name}-{self.generation[name]}.log", "wb")
        self.processes[name] = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "dispatch",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )

    def kill(self, name: str) -> None:
        self.processes[name].send_signal(signal.SIGKILL)
        self.processes[name].wait()

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- Mastodon on the fakes ------------------------------------------------------


def mastodon_accounts(
    fakes: list[FakeMastodon],
) -> list[tuple[Account, FakeMastodon, str]]:
    rows = []
    for number in range(ACCOUNTS):
        fake = fakes[number % len(fakes)]
        remote = fake.create_account(f"bench{number}")
        account = Account.objects.create(
            platform=mastodon.KEY,
            handle=f"@bench{number}@{fake.domain}",
            base_url=fake.url,
            language="es" if number % 3 == 2 else "en",
            instance_settings=mastodon.fetch_instance_settings(fake.url),
            connected_at=timezone.now(),
        )
        account.set_credentials(
            {"access_token": fake.issue_token(remote), "account_id": remote.id}
        )
        account.save(update_fields=["credentials"])
        rows.append((account, fake, remote.id))
    return rows


def plan(accounts: list[Account], start: datetime) -> dict[int, tuple[int, datetime]]:
    """marker -> (account index, due time): the busy accounts' share all due at
    `start`, the rest spread evenly over SPREAD_S."""
    busy_total = int(TOTAL * BUSY_SHARE)
    planned: dict[int, tuple[int, datetime]] = {}
    for marker in range(busy_total):
        planned[marker] = (marker % BUSY_ACCOUNTS, start)
    quiet = TOTAL - busy_total
    quiet_accounts = len(accounts) - BUSY_ACCOUNTS
    for number in range(quiet):
        due = start + timedelta(seconds=SPREAD_S * number / quiet)
        planned[busy_total + number] = (BUSY_ACCOUNTS + number % quiet_accounts, due)
    return planned


def create_deliveries(
    accounts: list[Account],
    planned: dict[int, tuple[int, datetime]],
    new_key: Callable[[], str],
) -> None:
    """Approved free-text posts, one per delivery, created in bulk (what is measured
    is the dispatcher, not the composer)."""
    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            title=f"m{marker}",
            source_kind=Post.SourceKind.FREE_TEXT,
            status=Post.Status.APPROVED,
            approved_at=now,
            link="https://migrantscount.org/en/stories/",
        )
        for marker in planned
    )
    PostText.objects.bulk_create(
        PostText(
            post=post,
            language=accounts[planned[marker][0]].language,
            body=f"Migrants count: story {marker} [m{marker}]",
        )
        for post, marker in zip(posts, planned, strict=True)
    )
    Delivery.objects.bulk_create(
        (
            Delivery(
                post=post,
                account=accounts[planned[marker][0]],
                occurrence=planned[marker][1],
                language=accounts[planned[marker][0]].language,
                due_at=planned[marker][1],
                not_after=planned[marker][1] + timedelta(hours=24),
                next_attempt_at=planned[marker][1],
                idempotency_key=new_key(),
            )
            for post, marker in zip(posts, planned, strict=True)
        ),
        batch_size=1000,
    )


def wait_until_final(deadline: float, dispatchers: Dispatchers, kill_at: float) -> None:
    killed = False
    while time.time() < deadline:
        if not killed and time.time() >= kill_at:
            dispatchers.kill("a")
            log("dispatcher a killed with SIGKILL; restarting it in 2 s")
            time.sleep(2)
            dispatchers.start("a")
            killed = True
        pending = Delivery.objects.exclude(status__in=FINAL).count()
        if killed and pending == 0:
            return
        time.sleep(2)
    log("timed out with deliveries still pending")


def explain_duplicates(
    fakes: list[FakeMastodon],
    counts: Counter[int],
    planned: dict[int, tuple[int, datetime]],
    began: float,
) -> None:
    """What the fakes and the database say about each duplicated delivery."""
    for marker in sorted(m for m, n in counts.items() if n > 1)[:10]:
        statuses = [
            status
            for fake in fakes
            for status in fake.statuses.values()
            if f"[m{marker}]" in status["text"]
        ]
        row = Delivery.objects.filter(post__title=f"m{marker}").values(
            "attempts", "status", "sent_at", "last_error"
        )[0]
        log(
            f"duplicate m{marker} (account {planned[marker][0]}): "
            + ", ".join(
                f"+{status['created_at'] - began:.1f} s key {status['idempotency_key']}"
                for status in statuses
            )
            + f"; row {row['status']}, {row['attempts']} attempts, first sent "
            f"+{row['sent_at'].timestamp() - began:.1f} s, last error "
            f"{row['last_error'][:80]!r}"
        )


def rate_ratio(fake_rows: list[tuple[Account, FakeMastodon, str]]) -> tuple[float, int]:
    """Accepted ÷ allowed statuses over the busy accounts' saturated windows."""
    accepted = allowed = windows_used = 0
    for _account, fake, remote_id in fake_rows[:BUSY_ACCOUNTS]:
        limit, _seconds = fake.rate_limits["statuses"]
        window = fake.window_seconds("statuses")
        times = sorted(
            status["created_at"]
            for status in fake.statuses.values()
            if status["account_id"] == remote_id
        )
        if not times:
            continue
        first, last = int(times[0] // window), int(times[-1] // window)
        inner = range(first + 1, last)
        accepted += sum(1 for moment in times if int(moment // window) in inner)
        allowed += limit * len(inner)
        windows_used += len(inner)
    return (accepted / allowed if allowed else float("nan")), windows_used


def run_mastodon() -> dict[str, float]:
    fakes = [
        FakeMastodon(
            max_characters=max_characters,
            time_scale=SCALE,
            error_rate=0.05,
            ambiguous_rate=0.01,
            throttle_rate=0.01,
            throttle_seconds=1.0,
            seed=seed,
        ).start()
        for seed, max_characters in ((1, 500), (2, 1000))
    ]
    dispatchers = Dispatchers()
    try:
        fake_rows = mastodon_accounts(fakes)
        accounts = [row[0] for row in fake_rows]
        start = timezone.now() + timedelta(seconds=10)
        planned = plan(accounts, start)
        create_deliveries(accounts, planned, mastodon.new_idempotency_key)
        log(
            f"{len(planned)} deliveries on {len(accounts)} accounts "
            f"({BUSY_ACCOUNTS} busy, all due at once); scale {SCALE:g}"
        )
        dispatchers.start("a")
        dispatchers.start("b")
        began = start.timestamp()
        wait_until_final(began + TIMEOUT_S, dispatchers, began + KILL_AT_S)
        ended = time.time()
    finally:
        dispatchers.stop_all()
        for fake in fakes:
            fake.stop()

    counts: Counter[int] = Counter()
    first_seen: dict[int, float] = {}
    for fake in fakes:
        for status in fake.statuses.values():
            match = MARKER.search(status["text"])
            if match:
                marker = int(match[1])
                counts[marker] += 1
                first_seen[marker] = min(
                    first_seen.get(marker, 1e18), status["created_at"]
                )
    states = dict(Delivery.objects.values_list("post__title", "status"))
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    explain_duplicates(fakes, counts, planned, began)
    lost = 0
    for marker in planned:
        status = states.get(f"m{marker}")
        if status == "failed":
            continue
        if status != "published" or counts[marker] == 0:
            lost += 1
    delivered = sum(1 for status in states.values() if status == "published")
    failed = sum(1 for status in states.values() if status == "failed")
    lateness = [
        first_seen[marker] - due.timestamp()
        for marker, (index, due) in planned.items()
        if index >= BUSY_ACCOUNTS and marker in first_seen
    ]
    ratio, windows = rate_ratio(fake_rows)
    injected = Counter(entry.status for fake in fakes for entry in fake.log)
    log(
        f"mastodon: {delivered} published, {failed} failed, {duplicates} duplicates, "
        f"{lost} lost in {ended - began:.0f} s; rate ratio {ratio:.3f} over "
        f"{windows} saturated windows of {fakes[0].window_seconds('statuses'):.0f} s; "
        f"lateness p50 {percentile(lateness, 0.5):.2f} s, p90 "
        f"{percentile(lateness, 0.9):.2f} s, p95 {percentile(lateness, 0.95):.2f} s; "
        f"answers {dict(sorted(injected.items()))}"
    )
    return {
        "delivered": delivered,
        "duplicates": duplicates,
        "lost": lost,
        "rate_ratio": ratio,
        "lateness_p95_s": percentile(lateness, 0.95),
    }


# --- Bluesky on the local PDS ---------------------------------------------------


def engine_round(accounts: list[Account], first: int, names: list[str]) -> float:
    """PDS_POSTS deliveries due at once, through `names` dispatchers: posts/s from
    the first publication to the last (the poll before the first is left out)."""
    start = timezone.now() + timedelta(seconds=3)
    planned = {
        first + number: (number % PDS_ACCOUNTS, start) for number in range(PDS_POSTS)
    }
    create_deliveries(accounts, planned, bluesky.new_idempotency_key)
    markers = [f"m{marker}" for marker in planned]
    batch = Delivery.objects.filter(post__title__in=markers)
    dispatchers = Dispatchers()
    for name in names:
        dispatchers.start(name)
    try:
        deadline = time.time() + 240
        while time.time() < deadline and batch.exclude(status__in=FINAL).exists():
            time.sleep(1)
    finally:
        dispatchers.stop_all()
    published = sorted(
        batch.filter(status="published").values_list("published_at", flat=True)
    )
    if len(published) < PDS_POSTS:
        log(f"pds: only {len(published)}/{PDS_POSTS} published")
    return (len(published) - 1) / (published[-1] - published[0]).total_seconds()


def run_pds() -> float:
    url = os.environ.get("BLUESKY_PDS_URL", "")
    if not url:
        return float("nan")
    from atproto_client import models
    from atproto_client.client.raw import ClientRaw

    from migrantscount.social.tests.pds import LocalPds

    pds = LocalPds(
        url,
        os.environ.get("BLUESKY_PDS_JWT_SECRET", ""),
        os.environ.get("BLUESKY_PDS_RATELIMIT_BYPASS", ""),
    )
    remote_accounts = [pds.create_account() for _ in range(PDS_ACCOUNTS * 2)]
    engine_accounts, bare_accounts = (
        remote_accounts[:PDS_ACCOUNTS],
        remote_accounts[PDS_ACCOUNTS:],
    )
    accounts = []
    for remote in engine_accounts:
        account = Account.objects.create(
            platform=bluesky.KEY,
            handle=remote.handle,
            base_url=url,
            language="en",
            connected_at=timezone.now(),
        )
        account.set_credentials(
            bluesky.connect(url, remote.handle, remote.app_password)
        )
        account.save(update_fields=["credentials"])
        accounts.append(account)
    base = TOTAL + 1000
    engine_rates = {}
    for round_number, names in enumerate((["pds2-a", "pds2-b"], ["pds1-a"])):
        first = base + round_number * PDS_POSTS
        engine_rates[len(names)] = engine_round(accounts, first, names)
    sessions = []
    raw = ClientRaw(url)
    for remote in bare_accounts:
        session = raw.com.atproto.server.create_session(
            models.ComAtprotoServerCreateSession.Data(
                identifier=remote.handle, password=remote.app_password
            )
        )
        sessions.append(
            (session.did, {"Authorization": f"Bearer {session.access_jwt}"})
        )
    moments = []
    for number in range(PDS_POSTS):
        marker = base + 2 * PDS_POSTS + number
        did, auth = sessions[number % len(sessions)]
        record = models.AppBskyFeedPost.Record(
            text=f"Migrants count: story {marker} [m{marker}]\n\n#MigrantsCount "
            "https://migrantscount.org/en/stories/",
            created_at=datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            langs=["en"],
        )
        raw.com.atproto.repo.create_record(
            models.ComAtprotoRepoCreateRecord.Data(
                repo=did, collection="app.bsky.feed.post", record=record
            ),
            headers=auth,
        )
        moments.append(time.perf_counter())
    bare_rate = (len(moments) - 1) / (moments[-1] - moments[0])
    log(
        f"pds: {PDS_POSTS} posts through two dispatchers at {engine_rates[2]:.1f} "
        f"posts/s, through one at {engine_rates[1]:.1f}; bare atproto loop "
        f"{bare_rate:.1f} posts/s"
    )
    return engine_rates[2] / bare_rate


def main() -> None:
    started = time.time()
    log(f"database: {db.vendor}; migrating")
    call_command("migrate", verbosity=0)
    result = run_mastodon()
    result["pds_ratio"] = run_pds()
    log(f"total {time.time() - started:.0f} s (logs in {TMP})")
    print(
        f"delivered={result['delivered']} duplicates={result['duplicates']} "
        f"lost={result['lost']} rate_ratio={result['rate_ratio']:.3f} "
        f"lateness_p95_s={result['lateness_p95_s']:.2f} "
        f"pds_ratio={result['pds_ratio']:.3f}"
    )


if __name__ == "__main__":
    main()
