"""A challenge evaluated and moderated, ready for the award.

Four organisations submit; moderation (built directly with the ORM, as the evaluation app would
leave it) agrees these scores on the factory's criteria, Approach (60%) and Plan (40%), each out
of 4:

    A  Testworks Ltd          Approach 3, Plan 4  -> 45 + 40 = 85.00  1st
    B  Rival Solutions Ltd    Approach 4, Plan 2  -> 60 + 20 = 80.00  2nd
    C  Northwind Co-operative Approach 2, Plan 2  -> 30 + 20 = 50.00  3rd
    D  Excluded Ventures Ltd  excluded: failed the insurance requirement

Time is frozen: the challenge is published on Tuesday 1 December 2026, its deadline is 21
December, and moderation is complete on Tuesday 22 December 2026 at 9am.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from challenges.models import ContractPhase
from procurement import clock
from procurement.awards import milestones, services
from procurement.evaluation.models import (
    AgreedScore,
    Assignment,
    EvaluatedProposal,
    Evaluation,
)
from tenders import services as proposal_services
from tenders.models import TenderOpening
from tenders.selectors import current_submission
from tests.factories import ChallengeFactory, SupplierFactory, UserFactory
from tests.tenders.conftest import complete

PUBLISHED = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
MODERATED = datetime(2026, 12, 22, 9, 0, tzinfo=UTC)

RATIONALES = {
    ("A", "Approach"): "A sound door-to-door approach with trained volunteers.",
    ("A", "Plan"): "A detailed plan with monthly checkpoints and named leads.",
    ("B", "Approach"): "An outstanding approach built on resident co-design.",
    ("B", "Plan"): "The plan lacks milestones after the first month.",
    ("C", "Approach"): "The approach relies on leaflets alone.",
    ("C", "Plan"): "The plan gives no timescales.",
}
SCORES = {"A": (3, 4), "B": (4, 2), "C": (2, 2)}
EXCLUSION = "Did not hold the public liability insurance the challenge requires."


@pytest.fixture(autouse=True)
def _sealed_files_in_tmp(settings, tmp_path):
    settings.SEALED_STORAGE_ROOT = tmp_path / "sealed"


@pytest.fixture
def database_search(settings):
    """The listings on the database alone, as in the embedded profile."""
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(PUBLISHED, tick=False)
    return time_machine


@pytest.fixture
def challenge(frozen, council):
    page = ChallengeFactory(published=True, council=council, title="Cutting food waste")
    ContractPhase.objects.create(
        challenge=page,
        sort_order=0,
        name="Phase 1 feasibility",
        max_awards=2,
        value_per_award_pence=2_000_000,
    )
    return page


@pytest.fixture
def northwind_owner(db):
    owner = UserFactory(email="owner@northwind.example")
    SupplierFactory(legal_name="Northwind Co-operative", slug="northwind", owner=owner)
    return owner


@pytest.fixture
def excluded_owner(db):
    owner = UserFactory(email="owner@excluded.example")
    SupplierFactory(legal_name="Excluded Ventures Ltd", slug="excluded", owner=owner)
    return owner


def _submit(challenge, user):
    organisation = user.supplier_memberships.get().organisation
    proposal = proposal_services.proposal_start(
        challenge=challenge, organisation=organisation, by=user
    )
    proposal_services.proposal_submit(proposal=complete(proposal, user), by=user)
    proposal.refresh_from_db()
    return proposal


@dataclass
class Moderated:
    challenge: object
    evaluation: Evaluation
    # label -> EvaluatedProposal
    evaluated: dict

    def proposal(self, label):
        return self.evaluated[label].proposal


@pytest.fixture
def submitted(challenge, supplier_owner, rival_supplier, northwind_owner, excluded_owner):
    return {
        "A": _submit(challenge, supplier_owner),
        "B": _submit(challenge, rival_supplier),
        "C": _submit(challenge, northwind_owner),
        "D": _submit(challenge, excluded_owner),
    }


@pytest.fixture
def evaluated(frozen, challenge, submitted, panel_chair, evaluator):
    """Scored and agreed, but moderation not yet marked complete."""
    frozen.move_to(MODERATED, tick=False)
    TenderOpening.objects.create(challenge=challenge, opened_at=MODERATED - timedelta(hours=20))
    evaluation = Evaluation.objects.create(
        challenge=challenge, started_at=MODERATED - timedelta(hours=19)
    )
    criteria = list(challenge.criteria.order_by("sort_order", "pk"))
    result = {}
    for label, proposal in submitted.items():
        item = EvaluatedProposal.objects.create(
            evaluation=evaluation,
            proposal=proposal,
            submission=current_submission(proposal),
            label=label,
        )
        if label == "D":
            item.excluded_reason, item.excluded_at = EXCLUSION, clock.now()
            item.save()
        else:
            for criterion, score in zip(criteria, SCORES[label], strict=True):
                AgreedScore.objects.create(
                    evaluated=item,
                    criterion=criterion,
                    score=score,
                    rationale=RATIONALES[(label, criterion.name)],
                    recorded_at=clock.now(),
                    recorded_by=panel_chair,
                )
        result[label] = item
    Assignment.objects.create(
        evaluated=result["C"],
        evaluator=evaluator,
        assigned_at=clock.now(),
        assigned_by=panel_chair,
        conflict_declared_at=clock.now(),
        has_conflict=True,
        conflict_details="Volunteers with Northwind at weekends.",
    )
    return Moderated(challenge=challenge, evaluation=evaluation, evaluated=result)


@pytest.fixture
def moderated(evaluated, panel_chair):
    evaluated.evaluation.moderated_at = clock.now()
    evaluated.evaluation.moderated_by = panel_chair
    evaluated.evaluation.save()
    return evaluated


def propose(challenge, chair, *, winners=(("A", 2_000_000),), plan=milestones.DEFAULT_PLAN):
    return services.award_propose(
        challenge=challenge,
        winners=[services.WinnerChoice(label, value) for label, value in winners],
        rationale="Proposal A scored highest, with the strongest delivery plan.",
        milestone_plan=list(plan),
        by=chair,
    )


@pytest.fixture
def proposed(moderated, panel_chair):
    return propose(moderated.challenge, panel_chair)


@pytest.fixture
def approved(proposed, finance_approver, django_capture_on_commit_callbacks):
    """Approved, with the documents made and the letters sent (the tasks run after commit)."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.award_approve(decision=proposed, by=finance_approver)
    decision.refresh_from_db()
    return decision
