"""Evaluation benchmark: the chair's moderation page for a large panel, and the moderated result
that awards read, at several panel sizes.

    .venv/bin/python benchmarks/evaluation.py [--proposals 10,40,100] [--evaluators 5] [--runs 20]

It works in a throwaway copy of the database named by DATABASE_URL (SQLite without it), built
with the factories the tests use; proposals are recorded as submitted without sealing any
content, since moderation never decrypts anything.

What to report: time per moderation page and per `moderation_outcome()`, and that the page's
SQL query count does not grow with the number of proposals or evaluators.
"""

# Synthetic scores: the pseudo-random numbers only need to repeat.
# ruff: noqa: S311

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procurement.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from challenges.models import EvaluationCriterion  # noqa: E402
from procurement import clock  # noqa: E402
from procurement.buyers.roles import Role  # noqa: E402
from procurement.evaluation import selectors  # noqa: E402
from procurement.evaluation.models import (  # noqa: E402
    AgreedScore,
    Assignment,
    EvaluatedProposal,
    Evaluation,
    Score,
)
from tenders.models import Proposal, Submission  # noqa: E402
from tests.clients import SignedInClient  # noqa: E402
from tests.factories import (  # noqa: E402
    ChallengeFactory,
    CouncilFactory,
    MembershipFactory,
    SupplierFactory,
    UserFactory,
    with_totp,
)

CRITERIA = 6


def _label(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@transaction.atomic
def build_panel(proposals: int, evaluators: int, rng: random.Random):
    """A moderated-so-far evaluation: every evaluator scored every proposal on every criterion,
    and the chair agreed a score for each."""
    council = CouncilFactory()
    chair = with_totp(UserFactory())
    MembershipFactory(council=council, user=chair, role=Role.PANEL_CHAIR)
    people = []
    for _ in range(evaluators):
        person = UserFactory()
        MembershipFactory(council=council, user=person, role=Role.EVALUATOR)
        people.append(person)
    challenge = ChallengeFactory(published=True, council=council)
    challenge.criteria.all().delete()
    criteria = [
        EvaluationCriterion.objects.create(
            challenge=challenge,
            name=f"Criterion {n + 1}",
            weight=[20, 20, 20, 15, 15, 10][n],
            question_references="Q1",
            sort_order=n,
        )
        for n in range(CRITERIA)
    ]
    now = clock.now()
    evaluation = Evaluation.objects.create(challenge=challenge, blind=True, started_at=now)
    for n in range(proposals):
        organisation = SupplierFactory()
        proposal = Proposal.objects.create(
            challenge=challenge,
            organisation=organisation,
            status="submitted",
            created_at=now,
            updated_at=now,
        )
        submission = Submission.objects.create(
            proposal=proposal,
            receipt_number=f"BENCH-{challenge.pk}-{n}",
            submitted_at=now,
            sealed_answers=b"",
            digest="0" * 64,
        )
        item = EvaluatedProposal.objects.create(
            evaluation=evaluation, proposal=proposal, submission=submission, label=_label(n)
        )
        for person in people:
            assignment = Assignment.objects.create(
                evaluated=item,
                evaluator=person,
                assigned_at=now,
                assigned_by=chair,
                conflict_declared_at=now,
                has_conflict=False,
                submitted_at=now,
            )
            Score.objects.bulk_create(
                Score(
                    assignment=assignment,
                    criterion=c,
                    score=rng.randint(0, 4),
                    justification="Benchmark justification.",
                    updated_at=now,
                )
                for c in criteria
            )
        AgreedScore.objects.bulk_create(
            AgreedScore(
                evaluated=item,
                criterion=c,
                score=rng.randint(0, 4),
                rationale="Benchmark rationale.",
                recorded_at=now,
                recorded_by=chair,
            )
            for c in criteria
        )
    return challenge, evaluation, chair


def timed(function, runs: int) -> list[float]:
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        took.append((time.perf_counter() - started) * 1000)
    return took


def measure(proposals: int, evaluators: int, runs: int) -> dict:
    challenge, _evaluation, chair = build_panel(proposals, evaluators, random.Random(proposals))
    # The chair signs in with password and authenticator code, as council roles must.
    client = SignedInClient()
    client.force_login(chair)
    url = f"/council/evaluation/{challenge.pk}/moderation/"

    def page():
        response = client.get(url)
        assert response.status_code == 200, (response.status_code, response.get("Location"))

    page()
    # Each request empties the query log as it starts; begin from an empty one so the count
    # is of this request alone.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        page()
    # Read now: the count is worked out from the connection's log, which later requests empty.
    queries = len(captured)
    return {
        "proposals": proposals,
        "evaluators": evaluators,
        "scores": proposals * evaluators * CRITERIA,
        "page": timed(page, runs),
        "outcome": timed(lambda: selectors.moderation_outcome(challenge), runs),
        "queries": queries,
    }


def run(sizes: list[int], evaluators: int, runs: int) -> None:
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    workdir = tempfile.mkdtemp(prefix="bench-evaluation-")
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        str(Path(workdir) / "bench.sqlite3")
        if vendor == "sqlite3"
        else f"bench_evaluation_{settings.DATABASES['default']['NAME']}"
    )
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    # Nothing here is searched; keep the benchmark off the search service.
    settings.ELASTICSEARCH_URL = ""
    print(f"Creating a throwaway {vendor} database and migrating it…", file=sys.stderr)
    old_config = setup_databases(verbosity=0, interactive=False)
    rows = []
    try:
        for size in sizes:
            print(f"Panel of {size} proposals × {evaluators} evaluators…", file=sys.stderr)
            rows.append(measure(size, evaluators, runs))
    finally:
        teardown_databases(old_config, verbosity=0)

    print()
    print(f"Evaluation benchmark ({vendor}): {CRITERIA} criteria, {runs} runs each, median ms")
    header = (
        f"{'proposals':>9} {'evaluators':>10} {'scores':>7} {'page ms':>8} {'page p95':>9} "
        f"{'outcome ms':>11} {'page SQL':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        page = sorted(row["page"])
        print(
            f"{row['proposals']:>9} {row['evaluators']:>10} {row['scores']:>7} "
            f"{statistics.median(page):>8.1f} {page[int(0.95 * (len(page) - 1))]:>9.1f} "
            f"{statistics.median(row['outcome']):>11.1f} {row['queries']:>9}"
        )
    counts = {row["queries"] for row in rows}
    print()
    print("Moderation page SQL queries " + ("do not grow" if len(counts) == 1 else "GROW"))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", default="10,40,100", help="panel sizes, comma-separated")
    parser.add_argument("--evaluators", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    arguments, _ = parser.parse_known_args(argv)
    sizes = [int(size) for size in arguments.proposals.split(",")]
    run(sizes, arguments.evaluators, arguments.runs)


if __name__ == "__main__":
    main()
