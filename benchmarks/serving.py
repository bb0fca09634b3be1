"""HTTP benchmark: the production server (gunicorn, DJANGO_ENV=production) over loopback, driven
by wrk, with 1 and 2 web processes; beside each search page, the same data served by the naive
views of benchmarks/http_urls.py; then the overload behaviour.

    .venv/bin/python benchmarks/serving.py [--n 10000] [--seconds 3]

Everything is bounded: each wrk run lasts --seconds, connections are 1, 8 and 32 (256 for the
overload run), and only 127.0.0.1 is ever addressed. The data lives in a throwaway database
(`bench_<name>` on the PostgreSQL server of DATABASE_URL) and Elasticsearch indices with a
prefix of their own; both are removed at the end. wrk comes from Debian (scripts/wrk.sh).
"""

# Synthetic data: the pseudo-random numbers only need to repeat. Our own commands only.
# ruff: noqa: S311, S603, E402

import argparse
import base64
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procurement.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from procurement import clock
from search import indexing
from search.backends import elasticsearch as es_backend
from search.records import NoticeRecord, NoticeStatus, NoticeType
from tests.factories import ChallengeFactory

SEARCH = "/opportunities/?q=waste&status=open&region=TLE&sme=1"
API = "/api/v1/notices?q=waste&status=open&region=TLE&sme=1"
NAIVE_SEARCH = "/naive/opportunities/?q=waste&status=open&region=TLE&sme=1"
NAIVE_API = "/naive/api/notices?q=waste&status=open&region=TLE&sme=1"
CONNECTIONS = (1, 8, 32)
OVERLOAD_CONNECTIONS = 256

# Reports requests, the ones answered 503, and latency percentiles (microseconds).
WRK_SCRIPT = """
local threads = {}
busy = 0
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body) if status == 503 then busy = busy + 1 end end
function done(summary, latency, requests)
  local total_busy = 0
  for _, thread in ipairs(threads) do total_busy = total_busy + thread:get("busy") end
  io.write(string.format("RESULT %d %d %d %d %.0f %.0f %.0f %d\\n", summary.requests,
    summary.duration, total_busy, summary.errors.status, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), summary.errors.timeout))
end
"""


def healthy(url: str) -> bool:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


THEMES = [
    ("Food waste collection", "caddies kerbside recycling flats", "90500000"),
    ("Garden waste rounds", "brown bins subscription composting", "90510000"),
    ("Home insulation advice", "retrofit energy efficiency owner occupiers", "71314300"),
    ("Street lighting renewal", "LED columns roads night", "34928500"),
    ("Digital skills support", "libraries devices older residents", "80500000"),
    ("Hospital discharge support", "carers home care reablement", "85312000"),
    ("Flood warning sensors", "rivers gauges alerts", "38000000"),
    ("Bus stop information", "real time displays timetables", "34970000"),
]
PLACES = ["Leeds", "Bristol", "Camden", "Cardiff", "Norfolk", "York", "Kent", "Derby", "Wigan"]
REGIONS = ["TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"]
STATUSES = [NoticeStatus.OPEN] * 3 + [NoticeStatus.CLOSED, NoticeStatus.AWARDED]


def notices(n: int, rng: random.Random):
    now = clock.now()
    for number in range(n):
        title, words, cpv = THEMES[number % len(THEMES)]
        place = rng.choice(PLACES)
        value = int(10 ** rng.uniform(5.5, 9)) if rng.random() > 0.1 else None
        yield NoticeRecord(
            source="bench",
            key=str(number),
            notice_type=NoticeType.CHALLENGE if number % 3 else NoticeType.EXTERNAL,
            status=rng.choice(STATUSES),
            title=f"{title} in {place}",
            url=f"/bench/{number}/",
            summary=f"{place} Council wants {words} that work for every resident.",
            description=" ".join(rng.choices(words.split() * 4 + PLACES, k=60)),
            buyer=f"{place} Council",
            value_min_pence=value // 2 if value else None,
            value_max_pence=value,
            suitable_for_sme=rng.random() > 0.3,
            suitable_for_vcse=rng.random() > 0.6,
            published_at=now - timedelta(days=rng.randint(0, 700)),
            closing_at=now + timedelta(days=rng.randint(-200, 120)),
            regions=tuple(rng.sample(REGIONS, rng.choice([1, 1, 2]))),
            cpv_codes=(cpv,),
        )


def seed(n: int) -> str:
    """N notices in the listings (database and Elasticsearch) and one challenge; its path."""
    rng = random.Random(2026)
    batch = []
    for record in notices(n, rng):
        batch.append(record)
        if len(batch) == 1000:
            indexing.store(batch)
            batch = []
    indexing.store(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE listings_searchdocument, listings_searchdocumenttag")
    if settings.ELASTICSEARCH_URL:
        indexing.rebuild_elasticsearch()
    challenge = ChallengeFactory(published=True)
    return challenge.url


def environment(database_name: str, static_root: Path, workers: int, **extra) -> dict:
    db = connection.settings_dict
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "benchmarks.http_settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{database_name}"
        ),
        "DATABASE_CONN_MAX_AGE": "60",
        "EMAIL_URL": "consolemail://",
        "SEALED_BOX_MASTER_KEY": base64.b64encode(os.urandom(32)).decode(),
        "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL,
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
        "ELASTICSEARCH_ANALYSIS": settings.ELASTICSEARCH_ANALYSIS,
        "STATIC_ROOT": str(static_root),
        "WEB_WORKERS": str(workers),
        "WEB_ACCESS_LOG": "",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


class Server:
    def __init__(self, env: dict):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-http-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "python:procurement.gunicorn_conf",
                "procurement.wsgi",
            ],
            cwd=ROOT,
            env={**env, "WEB_BIND": f"127.0.0.1:{self.port}"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped:\n{Path(self.log.name).read_text()[-3000:]}")
            if healthy(self.url("/healthz")):
                return
            time.sleep(0.5)
        raise SystemExit("gunicorn did not answer /healthz in time")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # Still answering what the last run queued; nothing of it is needed.
            self.process.kill()
            self.process.wait(timeout=30)
        Path(self.log.name).unlink(missing_ok=True)


def wrk(wrk_bin: str, script: Path, url: str, connections: int, seconds: int) -> dict:
    completed = subprocess.run(
        [
            wrk_bin,
            "-t",
            str(min(connections, 2)),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            "-H",
            "X-Forwarded-Proto: https",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    line = next(line for line in completed.stdout.splitlines() if line.startswith("RESULT "))
    requests, duration, busy, non_ok, p50, p95, p99, timeouts = map(int, line.split()[1:])
    ok = requests - non_ok
    return {
        "ok_per_s": ok / (duration / 1e6),
        "busy": busy,
        "requests": requests,
        "other_errors": non_ok - busy,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "timeouts": timeouts,
    }


def settle(server, path: str) -> None:
    """Wait until the server has worked off what the previous run left queued (wrk stops
    sending when its time is up, but requests it sent are still being answered), so each run
    starts on an idle server."""
    deadline = time.monotonic() + 60
    request = urllib.request.Request(server.url(path), headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=30):  # noqa: S310 (loopback)
                return
        except urllib.error.HTTPError as error:
            if error.code != 503:
                return
        time.sleep(0.2)


def warm(wrk_bin, script, server, paths):
    for path in paths:
        wrk(wrk_bin, script, server.url(path), 2, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="synthetic notices (default 10000)")
    parser.add_argument("--seconds", type=int, default=3, help="seconds per wrk run (default 3)")
    args, _ = parser.parse_known_args()
    if connection.vendor != "postgresql":
        raise SystemExit("benchmarks/serving.py needs PostgreSQL: set DATABASE_URL.")
    wrk_bin = subprocess.run(
        [str(ROOT / "scripts" / "wrk.sh")], check=True, capture_output=True, text=True
    ).stdout.strip()
    workdir = Path(tempfile.mkdtemp(prefix="bench-http-"))
    script = workdir / "report.lua"
    script.write_text(WRK_SCRIPT)
    static_root = workdir / "static"
    print("Collecting static files for the production profile…", file=sys.stderr)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        check=True,
        env={
            **environment("unused", static_root, 1),
            "DJANGO_SETTINGS_MODULE": "procurement.settings",
        },
    )

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        f"bench_http_{settings.DATABASES['default']['NAME']}"
    )
    settings.ELASTICSEARCH_INDEX_PREFIX = f"bench-http-{uuid.uuid4().hex[:8]}"
    print("Creating a throwaway database and migrating it…", file=sys.stderr)
    old_config = setup_databases(verbosity=0, interactive=False)
    database_name = connection.settings_dict["NAME"]
    try:
        print(f"Listing {args.n:,} notices…", file=sys.stderr)
        challenge = seed(args.n)
        pages = [
            ("/", "/", None),
            ("search page", SEARCH, NAIVE_SEARCH),
            ("challenge page", challenge, None),
            ("API notices", API, NAIVE_API),
        ]
        rows = []
        for workers in (1, 2):
            server = Server(environment(database_name, static_root, workers))
            try:
                warm(
                    wrk_bin,
                    script,
                    server,
                    [p for _, path, naive in pages for p in (path, naive) if p],
                )
                for label, path, naive in pages:
                    for connections in CONNECTIONS:
                        print(
                            f"\r{workers} process(es): {label} at {connections} …   ",
                            end="",
                            file=sys.stderr,
                        )
                        settle(server, path)
                        ours = wrk(wrk_bin, script, server.url(path), connections, args.seconds)
                        if naive:
                            settle(server, naive)
                        peer = (
                            wrk(wrk_bin, script, server.url(naive), connections, args.seconds)
                            if naive
                            else None
                        )
                        rows.append((workers, label, connections, ours, peer))
            finally:
                server.stop()
        print(file=sys.stderr)
        print_table(rows)
        overload(wrk_bin, script, database_name, static_root, args.seconds)
    finally:
        teardown_databases(old_config, verbosity=0)
        if settings.ELASTICSEARCH_URL:
            es_backend.delete_all()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def print_table(rows) -> None:
    print()
    print("HTTP: gunicorn (DJANGO_ENV=production) over loopback, wrk; ok/s counts 2xx/3xx only;")
    print("503 = answered 'busy' by admission control; naive = ORM icontains + GROUP BY, no cache")
    print(
        f"{'procs':>5} {'page':<15} {'conns':>5} {'ok/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'503':>6} | {'naive ok/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'x faster':>8}"
    )
    for workers, label, connections, ours, peer in rows:
        line = (
            f"{workers:>5} {label:<15} {connections:>5} {ours['ok_per_s']:>8.1f} "
            f"{ours['p50']:>8.1f} {ours['p95']:>8.1f} {ours['p99']:>8.1f} {ours['busy']:>6}"
        )
        if peer:
            ratio = ours["ok_per_s"] / peer["ok_per_s"] if peer["ok_per_s"] else float("inf")
            line += (
                f" | {peer['ok_per_s']:>10.1f} {peer['p50']:>8.1f} {peer['p99']:>8.1f} "
                f"{ratio:>8.1f}"
            )
        else:
            line += " |          —"
        print(line)


def overload(wrk_bin, script, database_name, static_root, seconds) -> None:
    print()
    print(
        f"Overload: {OVERLOAD_CONNECTIONS} connections on the search page against one web "
        f"process, for {seconds * 2} s, with /healthz probed on one connection meanwhile"
    )
    print(
        f"{'admission':<32} {'ok/s':>7} {'503/s':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'timeouts':>8} | {'healthz p50':>11} {'p99 ms':>8}"
    )
    cases = [
        ("4 active, 8 queued, 0.5 s wait", {}),
        ("none (WEB_MAX_ACTIVE_REQUESTS=0)", {"WEB_MAX_ACTIVE_REQUESTS": "0"}),
    ]
    for label, extra in cases:
        server = Server(environment(database_name, static_root, 1, **extra))
        try:
            health = subprocess.Popen(
                [
                    wrk_bin,
                    "-t",
                    "1",
                    "-c",
                    "1",
                    "-d",
                    f"{seconds * 2}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(script),
                    "-H",
                    "X-Forwarded-Proto: https",
                    server.url("/healthz"),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            load = wrk(wrk_bin, script, server.url(SEARCH), OVERLOAD_CONNECTIONS, seconds * 2)
            out, _ = health.communicate(timeout=seconds * 2 + 60)
            line = next(line for line in out.splitlines() if line.startswith("RESULT "))
            _, _, _, _, h50, _, h99, _ = map(int, line.split()[1:])
            busy_per_s = load["busy"] / (seconds * 2)
            print(
                f"{label:<32} {load['ok_per_s']:>7.1f} {busy_per_s:>7.1f} {load['p50']:>8.1f} "
                f"{load['p99']:>8.1f} {load['timeouts']:>8} | "
                f"{h50 / 1000:>11.1f} {h99 / 1000:>8.1f}"
            )
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
