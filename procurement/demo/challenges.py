"""The demo challenges: full content, questions and criteria, dates that fit each stage, and a
little supplier engagement (interest, questions, an amendment) on the open ones."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from challenges import terms
from challenges.lifecycle import Status
from challenges.models import (
    Amendment,
    ChallengePage,
    Clarification,
    ContractPhase,
    EvaluationCriterion,
    Interest,
    ProposalQuestion,
)
from challenges.models.engagement import ClarificationStatus
from challenges.services import challenge_cancel
from challenges.workspaces import council_challenges_page
from procurement import clock
from procurement.buyers.models import Council

from . import data

User = get_user_model()

# CPV codes by theme, matched on words in the title.
CPV_BY_THEME = [
    (("waste", "recycling", "fly-tipping", "food"), ["90500000-2", "90511000-2"]),
    (("retrofit", "heat", "energy", "solar"), ["45321000-3", "09332000-5", "71314000-2"]),
    (("bus", "transport", "routes", "bike", "parking"), ["60100000-9", "34928000-8"]),
    (("digital", "online", "welsh-language"), ["72000000-5", "80533100-0"]),
    (
        ("loneliness", "carers", "care", "falls", "discharge", "prison"),
        ["85310000-5", "85312000-9"],
    ),
    (("flood", "coastal", "air", "verge", "hedge", "damp"), ["90700000-4", "77312000-0"]),
]
DEFAULT_CPV = ["75000000-6"]


def _cpv_for(title: str) -> list[str]:
    lowered = title.lower()
    for words, codes in CPV_BY_THEME:
        if any(word in lowered for word in words):
            return codes
    return DEFAULT_CPV


def _dates(status: Status, now, position: int) -> dict:
    """Key dates that fit the stage, spread so listings and filters vary."""
    spread = timedelta(days=position % 9)
    if status in {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED}:
        published = now + timedelta(days=7)
        deadline = published + timedelta(days=30) + spread
    elif status == Status.PUBLISHED:
        published = now - timedelta(days=7) - spread
        deadline = now + timedelta(days=12) + spread * 3
    elif status == Status.CLOSED:
        published = now - timedelta(days=40) - spread
        deadline = now - timedelta(days=2) - spread
    elif status == Status.IN_EVALUATION:
        published = now - timedelta(days=60) - spread
        deadline = now - timedelta(days=20) - spread
    elif status == Status.AWARDED:
        published = now - timedelta(days=120) - spread
        deadline = now - timedelta(days=80) - spread
    else:  # cancelled while open
        published = now - timedelta(days=30) - spread
        deadline = now + timedelta(days=5) + spread
    deadline = deadline.replace(hour=12, minute=0, second=0, microsecond=0)
    return {
        "publication_date": published,
        "clarification_deadline": deadline - timedelta(days=5),
        "submission_deadline": deadline,
        "evaluation_end": deadline + timedelta(days=21),
        "expected_award": deadline + timedelta(days=35),
    }


def _questions_and_criteria(page: ChallengePage, outcome: str) -> None:
    page.questions = [
        ProposalQuestion(
            reference="Q1",
            kind="eligibility",
            text="Do you hold, or will you hold by contract start, the insurance listed?",
            scored=False,
        ),
        ProposalQuestion(
            reference="Q2",
            kind="long_text",
            text="Describe your proposed solution and how it will work for the people affected.",
            guidance=f"Show how it leads to this outcome: {outcome}",
            word_limit=750,
        ),
        ProposalQuestion(
            reference="Q3",
            kind="long_text",
            text="What evidence do you have that this approach works?",
            guidance="Pilots, evaluations, references or data from similar places.",
            word_limit=500,
        ),
        ProposalQuestion(
            reference="Q4",
            kind="file_upload",
            text="Upload a delivery plan with milestones.",
            allowed_file_types="pdf, docx",
            max_file_size_mb=10,
        ),
        ProposalQuestion(
            reference="Q5",
            kind="declaration",
            text="I confirm we will comply with the council's safeguarding policy.",
            scored=False,
        ),
        ProposalQuestion(
            reference="Q6",
            kind="price",
            text="Total price for Phase 1, excluding VAT.",
            scored=False,
        ),
    ]
    page.criteria = [
        EvaluationCriterion(
            name="Quality of the solution",
            description="How well the proposal addresses the problem.",
            weight=40,
            question_references="Q2",
        ),
        EvaluationCriterion(
            name="Evidence and impact",
            description="How likely it is to achieve the outcome.",
            weight=35,
            question_references="Q3",
        ),
        EvaluationCriterion(
            name="Deliverability",
            description="Whether the plan is realistic and well managed.",
            weight=25,
            question_references="Q4",
        ),
    ]


def _phases(page: ChallengePage, high_pounds: int) -> None:
    feasibility = max(high_pounds // 5 // 1000 * 1000, 5_000)
    page.phases = [
        ContractPhase(
            name="Phase 1: feasibility",
            description="Test the idea with the people affected and the council's team.",
            max_awards=3,
            value_per_award_pence=feasibility * 100,
            duration_months=3,
        ),
        ContractPhase(
            name="Phase 2: pilot",
            description="Run the most promising solution for real in one area.",
            max_awards=1,
            value_per_award_pence=(high_pounds - feasibility * 3) * 100,
            duration_months=9,
        ),
    ]


def seed_challenges() -> None:
    councils = {council.slug: council for council in Council.objects.all()}
    now = clock.now()
    for position, row in enumerate(data.CHALLENGES):
        council_slug, status, title, summary, affected, outcome, low, high = row
        slug = slugify(title)[:80]
        if ChallengePage.objects.filter(slug=slug).exists():
            continue
        council = councils[council_slug]
        dates = _dates(status, now, position)
        is_public = status not in {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED}
        page = ChallengePage(
            title=title,
            slug=slug,
            council=council,
            summary=summary,
            who_is_affected=f"<p>{affected}</p>",
            desired_outcomes=f"<p>{outcome}</p>",
            constraints="<p>Any solution must meet UK GDPR and the council's accessibility "
            "standards, and work for people who do not use the internet.</p>",
            out_of_scope="<p>Capital building works and changes to statutory duties.</p>",
            eligibility_requirements="<p>Public liability insurance of at least £1m. "
            "Organisations of any size and type may apply.</p>",
            problem_statement=[
                ("rich_text", f"<p>{summary}</p>"),
                (
                    "key_statistic",
                    {
                        "figure": f"£{high:,}",
                        "label": "the most the council expects to spend across all phases",
                        "source": council.name,
                    },
                ),
                ("quote", {"quote": affected, "attribution": "From the council's own research"}),
            ],
            budget_min_pence=low * 100,
            budget_max_pence=high * 100,
            cpv_codes=_cpv_for(title),
            regions=[council.region],
            suitable_for_sme=True,
            suitable_for_vcse=position % 3 != 0,
            insurance_requirements="Public liability £1m; employer's liability £5m.",
            payment_terms_days=30 if position % 2 else 14,
            small_organisation_notes="Phase 1 awards are sized for small organisations. "
            "You do not need accounts for more than one year.",
            live=is_public,
            **dates,
        )
        _questions_and_criteria(page, outcome)
        _phases(page, high)
        council_challenges_page(council).add_child(instance=page)
        page.save_revision()
        if is_public:
            # A cancelled challenge was open until its council cancelled it (below).
            page.status = Status.PUBLISHED if status == Status.CANCELLED else status
            page.published_at = dates["publication_date"]
            page.public_terms = terms.snapshot(page)
            if status == Status.CLOSED:
                page.closed_at = dates["submission_deadline"]
        elif status == Status.IN_REVIEW:
            page.status = status
        elif status == Status.SCHEDULED:
            # Approved before its publication date: Wagtail keeps the revision until then, and
            # publish_due_challenges publishes it.
            page.go_live_at = dates["publication_date"]
            page.save_revision().publish(skip_permission_checks=True)
            page.refresh_from_db()
            page.status = status
        page.save(clean=False)
    _cancellations(now)
    _engagement(now)


CANCELLATION_REASON = "The council has decided to meet this need through an existing contract."


def _cancellations(now) -> None:
    """The council's officer cancels each challenge meant to be cancelled, three days ago,
    through the cancellation service, so it is recorded and its termination notice published
    as a real cancellation would be."""
    cancelled = [(row[0], row[2]) for row in data.CHALLENGES if row[1] == Status.CANCELLED]
    for council_slug, title in cancelled:
        page = ChallengePage.objects.filter(council__slug=council_slug, title=title).first()
        if page is None or page.status == Status.CANCELLED:
            continue
        officer = User.objects.get(email=f"officer@{council_slug}.council.example")
        with clock.shifted(-timedelta(days=3)):
            challenge_cancel(challenge=page, by=officer, reason=CANCELLATION_REASON)


def _engagement(now) -> None:
    """Interest, questions and an amendment on the first open Leeds challenge."""
    challenge = ChallengePage.objects.filter(council__slug="leeds", status=Status.PUBLISHED).first()
    if challenge is None or challenge.clarifications.exists():
        return
    users = get_user_model().objects.filter(
        email__in=[f"owner@{slug}.example" for slug, *_ in data.SUPPLIERS[:3]]
    )
    for user in users:
        Interest.objects.get_or_create(
            challenge=challenge, user=user, defaults={"registered_at": now}
        )
    asker = users.first()
    Clarification.objects.create(
        challenge=challenge,
        asked_by=asker,
        question="Can we propose working with an existing voluntary sector partner in the city?",
        asked_at=now - timedelta(days=4),
        status=ClarificationStatus.PUBLIC,
        published_question="Can suppliers work with voluntary sector partners?",
        answer="Yes. Consortia and subcontracting are welcome; name your partners in Q2.",
        answered_at=now - timedelta(days=3),
    )
    Clarification.objects.create(
        challenge=challenge,
        asked_by=asker,
        question="Is there data on readmissions by ward that we could see before bidding?",
        asked_at=now - timedelta(days=1),
    )
    if not Amendment.objects.filter(challenge=challenge).exists():
        Amendment.objects.create(
            challenge=challenge,
            number=1,
            made_at=now - timedelta(days=2),
            changes=["The clarification question deadline changed to allow two more days."],
        )
