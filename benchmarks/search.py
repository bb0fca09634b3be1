"""Search benchmark: index N synthetic notices in both backends, run a fixed mix of queries and
print one table.

    .venv/bin/python benchmarks/search.py [--n 10000] [--queries 200]

It searches the database named by DATABASE_URL (SQLite without it) and, when ELASTICSEARCH_URL is
set, Elasticsearch, but never their data: the database is a throwaway copy made for the run
(`bench_<name>` on PostgreSQL, a temporary file on SQLite) and the Elasticsearch indices have a
prefix of their own; both are removed at the end. Notices are generated a thousand at a time,
so `--n 1000000` runs in constant memory.

Targets to report against, on a 2-core machine: PostgreSQL p95 under 150 ms at 100,000 notices
and 400 ms at 1,000,000; Elasticsearch p95 under 50 ms at 1,000,000; the listing page's SQL query
count does not grow with its page size.
"""

# Synthetic data and a fixed query mix: the pseudo-random numbers only need to repeat.
# ruff: noqa: S311

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procurement.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from procurement import clock  # noqa: E402
from search import indexing  # noqa: E402
from search.backends import elasticsearch as es_backend  # noqa: E402
from search.backends.database import DatabaseBackend  # noqa: E402
from search.query import NoticeQuery, Sort  # noqa: E402
from search.records import VALUE_BANDS, NoticeRecord, NoticeStatus, NoticeType  # noqa: E402

BATCH = 1000

# (title, words for the summary, CPV codes): what councils buy, in the words they use.
THEMES = [
    ("Food waste collection", "caddies kerbside recycling flats terraced streets", "90500000-2"),
    ("Garden waste rounds", "brown bins subscription green waste composting", "90510000-5"),
    ("Household recycling centre", "reuse shop contamination skips residents", "90514000-3"),
    ("Fly-tipping enforcement", "illegal dumping cameras evidence clearance alleys", "90511000-2"),
    ("Loft and wall insulation retrofit", "damp cold homes energy efficiency grants", "45321000-3"),
    ("Solar panels on council buildings", "renewable energy carbon roofs batteries", "09332000-5"),
    ("Digital front door", "online forms accessibility residents accounts", "72000000-5"),
    ("Case management software", "social workers records cloud data migration", "48000000-8"),
    ("Street lighting maintenance", "lanterns columns LED night repairs", "50232100-1"),
    ("Highways resurfacing", "potholes roads footways patching drainage", "45233141-9"),
    ("Bus route redesign", "passengers timetables rural villages transport", "60100000-9"),
    ("Cycle lanes and bike parking", "bicycles active travel junctions safety", "34928000-8"),
    ("Carers' respite breaks", "unpaid carers short breaks wellbeing", "85312000-9"),
    ("Reducing loneliness among older residents", "befriending isolation volunteers", "85310000-5"),
    ("Hospital discharge support", "reablement home care falls prevention", "85312000-9"),
    ("Temporary accommodation", "homelessness families placements housing", "70000000-1"),
    ("Housing repairs framework", "responsive repairs voids damp mould", "50700000-2"),
    ("School meals", "nutrition kitchens free meals catering", "55524000-9"),
    ("Flood resilience", "coastal defences drainage gullies rivers", "45246000-3"),
    ("Grounds maintenance", "parks grass cutting hedges verges trees", "77310000-6"),
]
PLACES = [
    "Leeds",
    "Bristol",
    "Camden",
    "Cardiff",
    "Norfolk",
    "Kirklees",
    "Sheffield",
    "Derby",
    "Gateshead",
    "Plymouth",
    "Swansea",
    "Dundee",
    "Belfast",
    "Luton",
    "Wigan",
    "York",
    "Hackney",
    "Brent",
    "Cornwall",
    "Devon",
    "Kent",
    "Essex",
    "Surrey",
    "Cumbria",
]
REGIONS = ["TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"]
FILLER_TEXT = (
    "The council wants proposals that work for residents who do not use the internet, that "
    "can be tested in one ward first and that show how success will be measured."
)
FILLER = FILLER_TEXT.split()
QUERY_WORDS = [
    "waste",
    "recycling",
    "insulation",
    "retrofit",
    "digital",
    "software",
    "lighting",
    "roads",
    "bus",
    "bicycle",
    "carers",
    "loneliness",
    "discharge",
    "housing",
    "repairs",
    "meals",
    "flood",
    "parks",
    "food waste",
    "older residents",
    "energy efficiency",
    "street lighting",
]


def notices(n: int, rng: random.Random):
    """N synthetic notices, generated a batch at a time."""
    now = clock.now()
    statuses = (
        [NoticeStatus.OPEN] * 6
        + [NoticeStatus.CLOSED] * 2
        + [
            NoticeStatus.AWARDED,
            NoticeStatus.CANCELLED,
        ]
    )
    for number in range(n):
        title, words, cpv = THEMES[number % len(THEMES)]
        place = rng.choice(PLACES)
        summary_words = words.split() + rng.sample(FILLER, 12)
        rng.shuffle(summary_words)
        value = int(10 ** rng.uniform(5.5, 9.5)) if rng.random() > 0.1 else None
        yield NoticeRecord(
            source="bench",
            key=str(number),
            notice_type=NoticeType.CHALLENGE if number % 3 else NoticeType.EXTERNAL,
            status=rng.choice(statuses),
            title=f"{title} in {place}",
            url=f"/bench/{number}/",
            summary=" ".join(summary_words).capitalize() + ".",
            description=" ".join(rng.choices(FILLER + words.split(), k=60)),
            buyer=f"{place} Council"
            if rng.random() > 0.3
            else f"{place} {rng.randint(1, 40)} Trust",
            value_min_pence=value // 2 if value else None,
            value_max_pence=value,
            suitable_for_sme=rng.random() > 0.3,
            suitable_for_vcse=rng.random() > 0.6,
            published_at=now - timedelta(days=rng.randint(0, 700)),
            closing_at=now + timedelta(days=rng.randint(-200, 120)),
            regions=tuple(rng.sample(REGIONS, rng.choice([1, 1, 1, 2]))),
            cpv_codes=(cpv,),
        )


def query_mix(count: int, rng: random.Random) -> list[NoticeQuery]:
    """A fixed mix: words alone, words with filters, filters alone, every sort, a few pages."""
    queries = []
    for number in range(count):
        keywords = rng.choice(QUERY_WORDS) if number % 5 else ""
        changes = {}
        kind = number % 4
        if kind == 1:
            changes["regions"] = (rng.choice(REGIONS),)
        elif kind == 2:
            changes["statuses"] = ("open",)
            changes["sme"] = True
        elif kind == 3:
            changes["value_bands"] = (rng.choice(VALUE_BANDS).slug,)
            changes["cpv_divisions"] = (rng.choice(THEMES)[2][:2],)
        sort = [Sort.RELEVANCE, Sort.RELEVANCE, Sort.CLOSING, Sort.NEWEST, Sort.VALUE][number % 5]
        queries.append(
            NoticeQuery(keywords=keywords, sort=sort, page=1 + (number % 7 == 0), **changes)
        )
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_queries(backend, queries: list[NoticeQuery]) -> list[float]:
    # One untimed pass first: a running site's caches (PostgreSQL's buffers, Elasticsearch's
    # filter cache and global ordinals) are warm.
    for query in queries:
        backend.search(query)
    took = []
    for query in queries:
        started = time.perf_counter()
        backend.search(query)
        took.append((time.perf_counter() - started) * 1000)
    return took


def database_size() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('listings_searchdocument') "
                "+ pg_total_relation_size('listings_searchdocumenttag')"
            )
        else:
            cursor.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'listings_searchdocument%' "
                "OR name LIKE 'sqlite_autoindex_listings_searchdocument%'"
            )
        return int(cursor.fetchone()[0] or 0)


def listing_query_counts(word: str) -> dict[int, int]:
    client = Client()
    # Once, untimed: the first request fills caches (the site's root page) every later one uses.
    client.get("/opportunities/")
    counts = {}
    for size in (10, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/opportunities/", {"q": word, "page_size": size})
        assert response.status_code == 200, response.status_code
        counts[size] = len(queries)
    return counts


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def run(n: int, query_count: int) -> None:
    elasticsearch_url = settings.ELASTICSEARCH_URL
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    workdir = tempfile.mkdtemp(prefix="bench-search-")
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    test_settings["NAME"] = (
        str(Path(workdir) / "bench.sqlite3")
        if vendor == "sqlite3"
        else f"bench_{settings.DATABASES['default']['NAME']}"
    )
    setup_test_environment()
    print(f"Creating a throwaway {vendor} database and migrating it…", file=sys.stderr)
    old_config = setup_databases(verbosity=0, interactive=False)
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"bench-{uuid.uuid4().hex[:8]}"
    rows = []
    try:
        rng = random.Random(2026)
        settings.ELASTICSEARCH_URL = ""
        started = time.perf_counter()
        batch = []
        for record in notices(n, rng):
            batch.append(record)
            if len(batch) == BATCH:
                indexing.store(batch)
                batch = []
                print(f"\rDatabase: {record.key}/{n}", end="", file=sys.stderr)
        indexing.store(batch)
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE listings_searchdocument, listings_searchdocumenttag")
        database_seconds = time.perf_counter() - started
        print(file=sys.stderr)
        queries = query_mix(query_count, random.Random(7))
        database_took = time_queries(DatabaseBackend(), queries)
        rows.append((f"database ({vendor})", database_took, n / database_seconds, database_size()))
        database_counts = listing_query_counts("waste")

        elasticsearch_counts = None
        if elasticsearch_url:
            settings.ELASTICSEARCH_URL = elasticsearch_url
            started = time.perf_counter()
            indexing.rebuild_elasticsearch(
                progress=lambda _label, done, total: print(
                    f"\rElasticsearch: {done}/{total}", end="", file=sys.stderr
                )
            )
            elasticsearch_seconds = time.perf_counter() - started
            print(file=sys.stderr)
            elasticsearch_took = time_queries(es_backend.ElasticsearchBackend(), queries)
            rows.append(
                (
                    f"elasticsearch ({settings.ELASTICSEARCH_ANALYSIS})",
                    elasticsearch_took,
                    n / elasticsearch_seconds,
                    es_backend.size_in_bytes(),
                )
            )
            elasticsearch_counts = listing_query_counts("waste")
    finally:
        if elasticsearch_url:
            settings.ELASTICSEARCH_URL = elasticsearch_url
            es_backend.delete_all()
        teardown_databases(old_config, verbosity=0)

    print()
    print(f"Search benchmark: {n:,} notices, {query_count} queries (words, filters, facets, sorts)")
    header = (
        f"{'backend':<26} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'index docs/s':>13} {'index size':>11}"
    )
    print(header)
    print("-" * len(header))
    for name, took, throughput, size in rows:
        print(
            f"{name:<26} {statistics.median(took):>8.1f} {percentile(took, 0.95):>8.1f} "
            f"{percentile(took, 0.99):>8.1f} {throughput:>13,.0f} {megabytes(size):>11}"
        )
    print()
    print(
        "Listing page SQL queries, database backend: "
        f"{database_counts[10]} at 10 a page, {database_counts[100]} at 100 a page"
        + (" (flat)" if database_counts[10] == database_counts[100] else " (GROWS)")
    )
    if elasticsearch_counts:
        print(
            "Listing page SQL queries, Elasticsearch backend: "
            f"{elasticsearch_counts[10]} at 10 a page, {elasticsearch_counts[100]} at 100 a page"
        )
    if not elasticsearch_url:
        print("Elasticsearch not measured: set ELASTICSEARCH_URL (make bench does).")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="notices to index (default 10,000)")
    parser.add_argument("--queries", type=int, default=200, help="queries to time (default 200)")
    arguments = parser.parse_args(argv)
    run(arguments.n, arguments.queries)


if __name__ == "__main__":
    main()
