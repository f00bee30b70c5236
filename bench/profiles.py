"""Time a country profile page (Django test client) and a chart's SVG rendering.

Fresh SQLite database with the shipped files imported and the country pages built.
Cold: each request after clearing the cache (every figure queried, every chart
rendered by vl-convert). Warm: 200 requests with the cache filled (rendered SVGs and
queried profiles are cached per vintage key). chart_svg_ms: one chart rendered from
its data, median of 20.
The CPU time of warm requests and the load average are printed too: on a shared
machine they tell a slow server from a busy one.
Last line: profile_cold_p95_ms=… profile_warm_p95_ms=… chart_svg_ms=…
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="bench-profiles-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrantscount.settings.test")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ.pop("TEST_DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from migrantscount.data.management.commands.import_data import shipped_paths  # noqa: E402
from migrantscount.data.models import Country  # noqa: E402
from migrantscount.data.services.imports import import_file  # noqa: E402
from migrantscount.data.services.reference import load_reference_data  # noqa: E402
from migrantscount.pages.tests.factories import build_site_tree  # noqa: E402
from migrantscount.profiles.charts import lines, render  # noqa: E402
from migrantscount.profiles.models import CountryPage  # noqa: E402
from migrantscount.profiles.services import build_country_pages  # noqa: E402

COLD_REQUESTS = 10
WARM_REQUESTS = 200


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed_get(client: Client, url: str, cpu: list[float] | None = None) -> float:
    """Wall-clock ms; the process's CPU ms go to `cpu` (less affected by other load)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if cpu is not None:
        cpu.append((time.process_time() - start_cpu) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0, skip_checks=True)
    load_reference_data()
    for path in shipped_paths():
        import_file(path)
    build_site_tree()
    build_country_pages()
    url = CountryPage.objects.get(country__iso3="MEX", locale__language_code="es").url
    client = Client(HTTP_HOST="localhost")

    cold = []
    for _ in range(COLD_REQUESTS):
        cache.clear()
        cold.append(timed_get(client, url))
    warm_cpu: list[float] = []
    warm = [timed_get(client, url, warm_cpu) for _ in range(WARM_REQUESTS)]

    data = lines.build_chart_data(Country.objects.get(iso3="MEX"), "immigrants", "es")
    renders = []
    for _ in range(20):
        start = time.perf_counter()
        render.render_svg(data, "es")
        renders.append((time.perf_counter() - start) * 1000)

    print(f"page {url}; cold n={COLD_REQUESTS}, warm n={WARM_REQUESTS}")
    print(
        f"cold p50={percentile(cold, 0.5):.1f} ms p95={percentile(cold, 0.95):.1f} ms; "
        f"warm p50={percentile(warm, 0.5):.1f} ms p95={percentile(warm, 0.95):.1f} ms"
    )
    print(
        f"warm CPU time p50={percentile(warm_cpu, 0.5):.1f} ms "
        f"p95={percentile(warm_cpu, 0.95):.1f} ms; load average "
        + " ".join(f"{load:.2f}" for load in os.getloadavg())
        + f" on {os.cpu_count()} cores"
    )
    print(
        f"profile_cold_p95_ms={percentile(cold, 0.95):.1f} "
        f"profile_warm_p95_ms={percentile(warm, 0.95):.1f} "
        f"chart_svg_ms={statistics.median(renders):.1f}"
    )


if __name__ == "__main__":
    main()
