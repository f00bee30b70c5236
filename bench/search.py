"""Story search across 50,000 live stories in four languages (SQLite by default;
set DATABASE_URL for PostgreSQL): the site's search (text unaccented and stemmed per
language, stories/search.py and search_index.py: every word, locale filter, ranked,
first page) against a plain SQL LIKE on the raw body in the same run and locale
(which misses unaccented queries). A search of more than search_index.RANK_ALL_LIMIT
(500) matches is not ranked: the stories whose title holds every word first, then
the other matches, each newest first; the worst case takes that path, `cities` (about
250 matches a query) is ranked.

BENCH_SEARCH_CORPUS picks the corpus (each needs its own database):
- `fifth` (default, the worst case): 10 words per language and 5 cities, one city
  per story, so every query term matches a fifth of the stories;
- `cities`: 3,000 words per language drawn by a Zipf law and 50 cities, so a query
  (a city) matches 2 % of the stories.

Last line: corpus=… search_p95_ms=… like_p95_ms=… search_ratio=… (search p95 over
the LIKE baseline's p95, both measured in this run; below 1 is faster)
"""

import os
import random
import statistics
import sys
import tempfile
import time
import unicodedata
import uuid
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="bench-search-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrantscount.settings.test")
if "DATABASE_URL" in os.environ:
    os.environ["TEST_DATABASE_URL"] = os.environ["DATABASE_URL"]
else:
    # BENCH_SEARCH_DB: a SQLite file kept between runs (seeded once).
    database = os.environ.get("BENCH_SEARCH_DB", str(TMP / "bench.sqlite3"))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.pop("TEST_DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from migrantscount.stories import search_index  # noqa: E402
from migrantscount.stories.models import Story  # noqa: E402

COUNT = int(os.environ.get("BENCH_SEARCH_STORIES", "50000"))
QUERIES = int(os.environ.get("BENCH_SEARCH_QUERIES", "200"))
WORDS = {
    "en": "bakery work family river school nurse farm city market dream".split(),
    "es": "panadería trabajo familia río escuela enfermera campo ciudad mercado sueño".split(),
    "fr": "boulangerie travail famille rivière école infirmière ferme ville marché rêve".split(),
    "pt": "padaria trabalho família rio escola enfermeira fazenda cidade mercado sonho".split(),
}
CITIES = ["São Paulo", "Bogotá", "Montréal", "Ciudad de México", "Port-au-Prince"]
QUERY_TERMS = ["sao paulo", "bogota", "montreal", "mexico", "port"]
CORPUS = os.environ.get("BENCH_SEARCH_CORPUS", "fifth")
if CORPUS == "cities":
    CITIES = (
        "São Paulo, Bogotá, Montréal, Ciudad de México, Port-au-Prince, Medellín, "
        "Cali, Barranquilla, Cartagena, Caracas, Maracaibo, Quito, Guayaquil, Lima, "
        "Arequipa, Cusco, La Paz, Santiago, Valparaíso, Buenos Aires, Córdoba, "
        "Rosario, Mendoza, Montevideo, Asunción, Rio de Janeiro, Brasília, Salvador, "
        "Fortaleza, Belo Horizonte, Manaus, Curitiba, Recife, Porto Alegre, Panamá, "
        "San José, Managua, Tegucigalpa, Guatemala, Monterrey, Guadalajara, Tijuana, "
        "Mérida, La Habana, Santo Domingo, Kingston, Toronto, Vancouver, Québec, Miami"
    ).split(", ")
    QUERY_TERMS = [
        unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode().lower()
        for city in CITIES
    ]
    _syllables = random.Random(3)
    WORDS = {
        language: [
            "".join(
                _syllables.choices("ba ko ri mu te sa lo ni pe da vu gi".split(), k=n)
            )
            for n in _syllables.choices([2, 3, 4], k=3000)
        ]
        for language in WORDS
    }
# Zipf: the word of rank r is drawn with weight 1/r.
CUMULATIVE = list(accumulate(1 / rank for rank in range(1, 3001)))


def seed() -> None:
    call_command("migrate", verbosity=0)
    if Story.objects.count() >= COUNT:
        return
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in WORDS
    }
    rng = random.Random(7)
    now = timezone.now()
    batch = []
    for number in range(COUNT):
        language = list(WORDS)[number % 4]
        # The worst case keeps its uniform draw (its figures since 2026-11-27).
        weights = CUMULATIVE[: len(WORDS[language])] if CORPUS == "cities" else None
        words = rng.choices(WORDS[language], cum_weights=weights, k=60)
        words.insert(rng.randrange(60), rng.choice(CITIES))
        story = Story(
            locale=locales[language],
            translation_key=uuid.uuid4(),
            title=" ".join(words[:5]),
            slug=f"story-{number}",
            quote=" ".join(words[5:15]),
            body=" ".join(words),
            origin_country="VEN",
            destination_country="COL",
            original_language=language,
            live=True,
            first_published_at=now,
        )
        story.search_text = story.build_search_text()
        batch.append(story)
        if len(batch) == 2000:
            _store(batch)
            batch = []
    _store(batch)


def _store(batch: list[Story]) -> None:
    # bulk_create sends no post_save, so the stories are indexed here, in bulk.
    Story.objects.bulk_create(batch)
    get_search_backend().add_bulk(Story, batch)
    search_index.add(batch)


def percentile_95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def time_query(run) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    seed()
    rng = random.Random(11)
    search, like = [], []
    table = Story._meta.db_table
    locale_ids = {code: Locale.objects.get(language_code=code).pk for code in WORDS}
    for _round in range(QUERIES):
        language = rng.choice(list(WORDS))
        term = rng.choice(QUERY_TERMS)
        search.append(
            time_query(
                lambda language=language, term=term: list(
                    Story.objects.public()
                    .filter(locale__language_code=language)
                    .only("pk", "title", "slug", "quote")
                    .matching(term, language=language)[:12]
                )
            )
        )

        def plain_like(language: str = language, term: str = term) -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, title, slug, quote FROM {table} "
                    "WHERE locale_id = %s AND body LIKE %s "
                    "ORDER BY first_published_at DESC, id DESC LIMIT 12",
                    [locale_ids[language], f"%{term}%"],
                )
                cursor.fetchall()

        like.append(time_query(plain_like))
    print(f"{connection.vendor}: {Story.objects.count()} stories, {QUERIES} queries")
    search_p95, like_p95 = percentile_95(search), percentile_95(like)
    print(
        f"corpus={CORPUS} search_p95_ms={search_p95:.2f} like_p95_ms={like_p95:.2f} "
        f"search_ratio={search_p95 / like_p95:.2f}"
    )


if __name__ == "__main__":
    main()
