"""Requests per second of public pages through the page cache, against nginx serving a
saved copy of the same page, in the same run (issue 19).

The web process as `make run` starts it (granian --workers 2, production settings,
scripts/run.sh's "web:" line) on a fresh SQLite database prepared as run.sh does
(reference data, the shipped files, build_demo). Saved copies of the home page, a
country profile, a story and a news page are served by nginx (Debian package; sendfile
and the open-file cache on, as a static site is served) on another loopback port; both
are loaded with wrk (Debian package): 2 threads, 32 connections, a browser's User-Agent,
WRK_SECONDS (5) each, in WRK_ROUNDS (3) rounds rotating which side goes first; each
page's ratio is the median round's. nginx sends each saved page with the site's own
response headers (security headers, Cache-Control, Vary, Content-Language: what a
reader gets from the production proxy's cache, which passes them through), beside its
own Server/Date/ETag; the site adds its cache headers (ETag, Age, X-Page-Cache). Each
round loads each side twice: as a browser asks (Accept-Encoding: gzip, deflate, br,
zstd; the site answers with its kept Brotli variant, nginx sends the same bytes saved as
a file) and without Accept-Encoding (the whole page; printed, not in the last line).
Every answer is checked: nginx sends the saved bytes with 200, and a load that gets
any error answer stops the benchmark. Cold: the profile's first render after a purge
of the page cache, 10 times.
Last line: home_ratio=… profile_ratio=… story_ratio=… news_ratio=… cold_profile_p95_ms=…
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from brotli import decompress as brotli_decompress

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from migrantscount.tests.helpers import (  # noqa: E402
    free_port,
    manage,
    production_env,
    start,
    stop,
    wait_for_port,
)
from migrantscount.tests.test_production_web import run_sh_command  # noqa: E402

SECONDS = int(os.environ.get("WRK_SECONDS", "5"))
ROUNDS = int(os.environ.get("WRK_ROUNDS", "3"))
COLD_RENDERS = 10


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def fetch(url: str, **headers: str) -> tuple[int, bytes, float]:
    """(status, body as sent: not decompressed, ms)."""
    started = time.perf_counter()
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, body, (time.perf_counter() - started) * 1000


# Response headers nginx sets itself for a static file, or that belong to the site's page
# cache (not the page): not copied to the saved page's nginx location.
NOT_COPIED = {
    "server",
    "date",
    "connection",
    "content-length",
    "content-type",
    "transfer-encoding",
    "etag",
    "age",
    "x-page-cache",
}


def page_headers(url: str) -> list[tuple[str, str]]:
    """The page's own response headers, as the site sends them."""
    with urllib.request.urlopen(url, timeout=60) as response:
        return [
            (name, value)
            for name, value in response.getheaders()
            if name.lower() not in NOT_COPIED
        ]


def nginx_location(name: str, root: Path, headers: list[tuple[str, str]]) -> str:
    """nginx locations sending the saved page with these headers: /{name}.html the
    whole page, /br/{name}.html the site's own Brotli variant of it as a plain file (as
    fast as nginx sends anything: no per-request choice of variant)."""
    lines = []
    for header, value in headers:
        quoted = value.replace('"', '\\"')
        lines.append(f'        add_header {header} "{quoted}";\n')
    return (
        f"    location = /{name}.html {{\n{''.join(lines)}    }}\n"
        f"    location = /br/{name}.html {{\n        alias {root}/{name}.html.br;\n"
        f"        add_header Content-Encoding br;\n{''.join(lines)}    }}\n"
    )


# wrk sends no User-Agent, which the reach counting takes for a bot's request and leaves
# out: every request of the load carries a browser's, so each hit is counted.
BROWSER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


# What a browser asks for (Chrome 131): the site answers with its kept Brotli variant,
# nginx with the same bytes, saved from the site as a file (nginx_location).
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"


def wrk(url: str, encodings: str | None) -> tuple[float, float, int]:
    """(requests/s, p99 ms, requests); encodings: the Accept-Encoding sent, if any."""
    asks = ["-H", f"Accept-Encoding: {encodings}"] if encodings else []
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c32",
            f"-d{SECONDS}s",
            "--latency",
            "-H",
            f"User-Agent: {BROWSER_AGENT}",
            *asks,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    # wrk counts any answer: a load of error pages must not pass for the page.
    if "Non-2xx or 3xx responses" in out:
        sys.exit(f"{url} answered errors under the load:\n{out}")
    return rate, p99, requests


COUNTED_VIEWS = """
from django.db.models import Sum
from migrantscount.analytics.models import PageViewCount
print(PageViewCount.objects.filter(path__in={paths!r}).aggregate(n=Sum("views"))["n"] or 0)
"""


# Each round loads each side both ways: as a browser asks (Accept-Encoding with br: what
# readers get) and with no Accept-Encoding (the whole page, as sessions 4-8 measured).
ENCODINGS = {"browser": BROWSER_ENCODINGS, "identity": None}
NGINX_PREFIX = {"browser": "br/", "identity": ""}


def median_round(rounds: list[tuple[tuple, tuple]]) -> tuple[tuple, tuple]:
    return sorted(rounds, key=lambda pair: pair[0][0] / pair[1][0])[len(rounds) // 2]


def pick(locations: list[str], pattern: str) -> str:
    return next(location for location in locations if re.search(pattern, location))


def main() -> None:
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is missing: run scripts/system-deps.sh")
    tmp = Path(tempfile.mkdtemp(prefix="bench-throughput-"))
    port, static_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = production_env(
        tmp, port, MIGRANTSCOUNT_2FA_EXEMPT_USERS="admin,comms,approver"
    )
    steps = [
        ("migrate", "--no-input", "-v", "0"),
        ("seed_roles",),
        ("load_reference_data", "-v", "0"),
        ("import_data", "--shipped", "-v", "0"),
        ("build_demo",),
        ("collectstatic", "--no-input", "-v", "0"),
    ]
    started = time.monotonic()
    for step in steps:
        done = manage(env, *step, timeout=1800)
        if done.returncode != 0:
            sys.exit(f"{step[0]} failed: {done.stderr[-2000:]}")
    print(f"prepared the demo site in {time.monotonic() - started:.0f} s")
    web = start(run_sh_command("web", PORT=str(port)), env, tmp / "web.log")
    nginx = None
    root: Path | None = None
    try:
        wait_for_port(port, timeout=120)
        _status, sitemap, _ms = fetch(f"{base}/sitemap.xml")
        locations = [
            re.sub(r"^https?://[^/]+", "", location)
            for location in re.findall(r"<loc>([^<]+)</loc>", sitemap.decode())
        ]
        pages = {
            "home": "/en/",
            "profile": pick(locations, r"^/en/.*colombia/?$"),
            "story": pick(locations, r"^/en/stories/[^/]+/$"),
            "news": pick(locations, r"^/en/news/[^/]+/$"),
        }
        print("pages:", pages)
        # nginx's workers run as nobody: the saved pages (public pages) go in a folder
        # of their own they may read; the demo's database and logs stay in the 0700
        # one (sessions 4-8 measured nginx answering 403 Forbidden from it).
        root = Path(tempfile.mkdtemp(prefix="bench-throughput-pages-"))
        root.chmod(0o755)
        locations_conf = ""
        for name, path in pages.items():
            status, body, _ms = fetch(base + path)
            assert status == 200, (name, path, status)
            (root / f"{name}.html").write_bytes(body)
            status, brotli, _ms = fetch(
                base + path, **{"Accept-Encoding": BROWSER_ENCODINGS}
            )
            assert status == 200 and brotli_decompress(brotli) == body, name
            (root / f"{name}.html.br").write_bytes(brotli)
            print(f"{name}: {len(body):,} bytes, {len(brotli):,} in Brotli")
            locations_conf += nginx_location(name, root, page_headers(base + path))
        log = tmp / "page-cache-purges.log"
        cold: list[float] = []
        for _ in range(COLD_RENDERS):
            with log.open("a") as purges:
                purges.write("*\n")
            # Another process's purge is seen within PURGE_CHECK_SECONDS (1 ms): a
            # request sent sooner may still be answered from memory.
            time.sleep(0.01)
            cold.append(fetch(base + pages["profile"])[2])
        conf = tmp / "nginx.conf"
        conf.write_text(
            f"""worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    default_type text/html;
    charset utf-8;
    # As a static site is served in production (Debian's nginx.conf sets the first two).
    sendfile on;
    tcp_nopush on;
    open_file_cache max=64 inactive=60s;
    open_file_cache_valid 60s;
    server {{
    listen 127.0.0.1:{static_port};
    root {root};
{locations_conf}    }}
}}
"""
        )
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        nginx = subprocess.Popen(
            [nginx_bin, "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(static_port, timeout=30)
        for name in pages:
            for kind, saved in (("identity", ".html"), ("browser", ".html.br")):
                url = f"http://127.0.0.1:{static_port}/{NGINX_PREFIX[kind]}{name}.html"
                status, sent, _ms = fetch(url, **{"Accept-Encoding": BROWSER_ENCODINGS})
                assert status == 200, (url, status, sent[:300])
                assert sent == (root / f"{name}{saved}").read_bytes(), url
        ratios: dict[str, dict[str, float]] = {kind: {} for kind in ENCODINGS}
        site_requests = 0
        for name, path in pages.items():
            for _ in range(4):
                fetch(base + path)  # kept by both workers before the load
            rounds: dict[str, list] = {kind: [] for kind in ENCODINGS}
            for number in range(ROUNDS):
                # Rotate which side goes first, so a change of the machine's load
                # during the run weighs on all alike.
                sides = [
                    (kind, url)
                    for kind in ENCODINGS
                    for url in (
                        base + path,
                        f"http://127.0.0.1:{static_port}/{NGINX_PREFIX[kind]}{name}.html",
                    )
                ]
                shift = number % len(sides)
                order = sides[shift:] + sides[:shift]
                results = {side: wrk(side[1], ENCODINGS[side[0]]) for side in order}
                for kind in ENCODINGS:
                    site, static = (results[side] for side in sides if side[0] == kind)
                    rounds[kind].append((site, static))
                    site_requests += site[2]
            for kind in ENCODINGS:
                (site_rate, site_p99, _n), (static_rate, static_p99, _m) = median_round(
                    rounds[kind]
                )
                ratios[kind][name] = site_rate / static_rate
                print(
                    f"{name} ({kind}): median of {ROUNDS} rounds: site {site_rate:.0f}/s "
                    f"p99 {site_p99:.1f} ms; nginx {static_rate:.0f}/s p99 "
                    f"{static_p99:.1f} ms; ratio {ratios[kind][name]:.3f} (rounds: "
                    + ", ".join(f"{a[0] / b[0]:.3f}" for a, b in rounds[kind])
                    + ")"
                )
        print(f"cold profile renders (ms): {', '.join(f'{ms:.0f}' for ms in cold)}")
        print(f"load average: {os.getloadavg()[0]:.2f}")
        stop(web)  # each worker writes what it still holds as it exits
        counted = manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            COUNTED_VIEWS.format(paths=list(pages.values())),
        )
        print(
            f"page views counted during the load: {counted.stdout.strip()} "
            f"of {site_requests} requests to the site"
        )
        print(
            "without Accept-Encoding: "
            + " ".join(
                f"{name}={ratio:.3f}" for name, ratio in ratios["identity"].items()
            )
        )
        print(
            " ".join(
                f"{name}_ratio={ratio:.3f}" for name, ratio in ratios["browser"].items()
            )
            + f" cold_profile_p95_ms={percentile(cold, 0.95):.0f}"
        )
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        stop(web)
        shutil.rmtree(tmp, ignore_errors=True)
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
