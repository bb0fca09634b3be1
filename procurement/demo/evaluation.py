"""Demo evaluations, built through the real services: suppliers submit sealed proposals before
the deadline, two officers open them, the panel declares and scores blind, and the chair
moderates. Each step runs with the clock shifted to when it would have happened, so dates in
the demo (receipts, audit log, standstill, contracts, payments) tell one consistent story.

Three Leeds challenges tell the story at three points:
- "Retrofit advice…": closed with sealed proposals, for a visitor to open and evaluate;
- "Digital skills…": opened and scored, one conflict declared, waiting for moderation;
- "Bus stop information…": moderated, two winners approved, standstill over, contracts made
  and a payments history on them.
"""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from challenges import proposals as proposal_services
from challenges import services as challenge_services
from challenges.lifecycle import Status
from challenges.models import ChallengePage, Proposal
from procurement import clock
from procurement.awards import services as award_services
from procurement.awards.models import Contract
from procurement.evaluation import selectors, services
from procurement.evaluation.models import Evaluation
from suppliers.models import SupplierOrganisation

from . import awards as demo_awards
from . import payments as demo_payments

User = get_user_model()

COUNCIL = "leeds"
SEALED = "Retrofit advice that owner-occupiers act on"
SCORING = "Digital skills for people leaving prison"
AWARDED = "Bus stop information people can trust"

BIDDERS = {
    SEALED: ["warmer-homes-coop", "dampsense", "sunroof-energy", "greenloop-recycling"],
    SCORING: ["get-online-camden", "friendly-neighbours", "carers-cover"],
    AWARDED: ["stopwise", "floodnet-uk", "pedal-safe"],
}

# What each bidder wrote, in a sentence or two per question, and what it asked for.
PITCHES = {
    "warmer-homes-coop": (
        "Neighbours who have insulated their own homes walk owners through the work, from "
        "quotes to snagging.",
        "Our Kirklees pilot saw 31 of 80 households act within six months.",
        1_850_000,
    ),
    "dampsense": (
        "Cheap sensors show owners where heat and damp escape, with a plan ranked by cost.",
        "Sensor reports doubled the take-up of loft insulation in a Bradford trial.",
        2_400_000,
    ),
    "sunroof-energy": (
        "A one-stop shop that surveys, finances and installs, so owners make one decision.",
        "We retrofitted 140 homes in York last year, average saving £410 a year.",
        2_950_000,
    ),
    "greenloop-recycling": (
        "Advice sessions at recycling centres, where owners already come on Saturdays.",
        "New to retrofit; our recycling outreach reaches 9,000 households a month.",
        1_200_000,
    ),
    "get-online-camden": (
        "A digital buddy meets each person at the gate and helps them set up Universal Credit, "
        "a bank account and a phone in the first week.",
        "We helped 420 people online in Camden last year; 88% still used the services after "
        "three months.",
        3_900_000,
    ),
    "friendly-neighbours": (
        "Volunteers with lived experience run weekly drop-ins in probation offices.",
        "Our drop-ins in Wakefield have run for two years with 60 regular visitors.",
        2_600_000,
    ),
    "carers-cover": (
        "Short courses in libraries, booked through probation, with a loan laptop.",
        "We run library courses for carers; this would be our first work with prison leavers.",
        2_100_000,
    ),
    "stopwise": (
        "Solar e-paper displays fed by bus GPS, with a text-message fallback at every stop.",
        "Running at 60 stops in North Yorkshire since 2025: 97% of predictions within two minutes.",
        4_000_000,
    ),
    "floodnet-uk": (
        "Our low-power radio network, built for flood sensors, carries bus arrival data to "
        "stops with no mobile signal.",
        "The network covers 300 square miles of the Calder valley with 99.2% uptime.",
        4_000_000,
    ),
    "pedal-safe": (
        "QR codes at each stop linking to live times on the passenger's own phone.",
        "Cheap to run, but we have no evidence yet from rural stops.",
        1_500_000,
    ),
}

# Evaluators' scores per bidder on the three criteria (quality, evidence, deliverability),
# one row per evaluator; some disagree enough for moderation to flag it.
SCORES = {
    "get-online-camden": [[4, 3, 3], [3, 3, 3], [4, 4, 3]],
    "friendly-neighbours": [[3, 2, 2], [3, 3, 2], [1, 2, 2]],
    "carers-cover": [[2, 2, 3], [2, 1, 3], [2, 2, 2]],
    "stopwise": [[4, 4, 3], [3, 4, 3], [4, 3, 3]],
    "floodnet-uk": [[3, 3, 3], [3, 3, 4], [3, 2, 3]],
    "pedal-safe": [[2, 1, 2], [2, 1, 3], [1, 1, 2]],
}
AGREED = {"stopwise": [4, 4, 3], "floodnet-uk": [3, 3, 3], "pedal-safe": [2, 1, 2]}


def _person(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@{COUNCIL}.council.example")


def _plan_pdf(organisation: SupplierOrganisation) -> bytes:
    """A delivery plan whose metadata names its author, as exported files do: what blind
    evaluation strips before an evaluator downloads it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata(
        {"/Author": organisation.legal_name, "/Title": f"{organisation.legal_name} plan"}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _at(moment):
    """Run a block as though it were `moment`."""
    return clock.shifted(moment - clock.now())


def _submit(challenge: ChallengePage, organisation: SupplierOrganisation) -> None:
    if Proposal.objects.filter(challenge=challenge, organisation=organisation).exists():
        return
    owner = User.objects.get(email=f"owner@{organisation.slug}.example")
    solution, evidence, price = PITCHES[organisation.slug]
    # Three days before the deadline, when they really would have submitted.
    with _at(challenge.submission_deadline - timedelta(days=3)):
        proposal = proposal_services.proposal_start(
            challenge=challenge, organisation=organisation, by=owner
        )
        proposal = proposal_services.proposal_save_draft(
            proposal=proposal,
            answers={"Q1": "yes", "Q2": solution, "Q3": evidence, "Q5": "yes", "Q6": price},
            expected_version=proposal.version,
            by=owner,
        )
        proposal_services.attachment_add(
            proposal=proposal,
            question_reference="Q4",
            uploaded_file=SimpleUploadedFile(
                "delivery-plan.pdf", _plan_pdf(organisation), content_type="application/pdf"
            ),
            by=owner,
        )
        proposal_services.proposal_submit(proposal=proposal, by=owner)


def _challenge(title: str) -> ChallengePage | None:
    return ChallengePage.objects.filter(council__slug=COUNCIL, title=title).first()


def _bids(challenge: ChallengePage, title: str) -> dict[str, SupplierOrganisation]:
    organisations = {
        o.slug: o for o in SupplierOrganisation.objects.filter(slug__in=BIDDERS[title])
    }
    if not challenge.proposals.exists():
        # Seeded at the stage the story ends in; it was open when these proposals came in,
        # and moves on from there through the lifecycle.
        ChallengePage.objects.filter(pk=challenge.pk).update(status=Status.PUBLISHED)
        challenge.status = Status.PUBLISHED
    for slug in BIDDERS[title]:
        _submit(challenge, organisations[slug])
    with _at(challenge.submission_deadline + timedelta(minutes=5)):
        challenge_services.challenge_close_if_due(challenge=challenge)
    return organisations


def _open(challenge: ChallengePage) -> Evaluation:
    evaluation = selectors.evaluation_of(challenge)
    if evaluation is None:
        for officer in ("officer", "officer2"):
            services.opening_approve(challenge=challenge, by=_person(officer))
        evaluation = selectors.evaluation_of(challenge)
    return evaluation


def _score_everything(evaluation: Evaluation, organisations: dict, *, conflict=None) -> None:
    """Every evaluator on every proposal; `conflict` is (evaluator, organisation slug)."""
    chair = _person("chair")
    evaluators = [_person(f"evaluator{n}") for n in (1, 2, 3)]
    if not evaluation.proposals.filter(assignments__isnull=False).exists():
        for evaluator in evaluators:
            services.assign(
                evaluation=evaluation,
                evaluator=evaluator,
                evaluated=list(evaluation.proposals.all()),
                criteria=[],
                by=chair,
            )
    for evaluator in evaluators:
        if selectors.declaration_of(evaluation, evaluator) is None:
            conflicted = (
                [organisations[conflict[1]]] if conflict and conflict[0] == evaluator else []
            )
            services.declare_conflicts(
                evaluation=evaluation,
                conflicted_with=conflicted,
                details="I was a trustee of this charity until last year." if conflicted else "",
                by=evaluator,
            )
    criteria = selectors.criteria_of(evaluation.challenge)
    for item in evaluation.proposals.select_related("proposal__organisation"):
        rows = SCORES[item.proposal.organisation.slug]
        for evaluator, values in zip(evaluators, rows, strict=True):
            assignment = item.assignments.get(evaluator=evaluator)
            if not assignment.is_active or assignment.is_submitted:
                continue
            services.scores_save(
                assignment=assignment,
                scores={
                    c.pk: (value, _justification(c.name, value))
                    for c, value in zip(criteria, values, strict=True)
                },
                marks={"Q1": (True, "Insurance certificates confirmed in the answer.")},
                by=evaluator,
            )
            services.scores_submit(assignment=assignment, by=evaluator)


def _justification(criterion: str, score: int) -> str:
    return {
        0: f"{criterion}: not addressed.",
        1: f"{criterion}: significant gaps; the answer asserts more than it shows.",
        2: f"{criterion}: meets the need with some weaknesses.",
        3: f"{criterion}: meets the need, with evidence from similar places.",
        4: f"{criterion}: exceeds the need, with strong independent evidence.",
    }[score]


def _moderate(evaluation: Evaluation) -> None:
    if evaluation.is_moderated:
        return
    chair = _person("chair")
    criteria = selectors.criteria_of(evaluation.challenge)
    for item in evaluation.proposals.select_related("proposal__organisation"):
        services.moderation_record(
            evaluated=item,
            agreed={
                c.pk: (value, f"Agreed after discussion. {_justification(c.name, value)}")
                for c, value in zip(criteria, AGREED[item.proposal.organisation.slug], strict=True)
            },
            exclusion_reason="",
            by=chair,
        )
    services.moderation_complete(evaluation=evaluation, by=chair)


def seed_evaluations() -> None:
    sealed = _challenge(SEALED)
    if sealed is not None:
        _bids(sealed, SEALED)

    scoring = _challenge(SCORING)
    if scoring is not None:
        organisations = _bids(scoring, SCORING)
        with _at(scoring.submission_deadline + timedelta(days=1)):
            evaluation = _open(scoring)
        with _at(scoring.submission_deadline + timedelta(days=4)):
            _score_everything(
                evaluation, organisations, conflict=(_person("evaluator3"), "friendly-neighbours")
            )

    awarded = _challenge(AWARDED)
    if awarded is not None:
        organisations = _bids(awarded, AWARDED)
        deadline = awarded.submission_deadline
        with _at(deadline + timedelta(days=1)):
            evaluation = _open(awarded)
        with _at(deadline + timedelta(days=5)):
            _score_everything(evaluation, organisations)
        with _at(deadline + timedelta(days=8)):
            _moderate(evaluation)
        with _at(deadline + timedelta(days=10)):
            decision = demo_awards.seed_award(
                awarded,
                chair=_person("chair"),
                finance=_person("finance"),
                winners=[organisations["stopwise"], organisations["floodnet-uk"]],
                rationale="The two highest-ranked proposals: together they cover stops with "
                "and without a mobile signal.",
            )
            if not decision.report_sha256:
                # Inside seed_demo's transaction the documents task has not run yet.
                award_services.award_documents_prepare(decision=decision)
        # The standstill runs its course; the award concludes the day after it ends.
        if decision.standstill_ends_at is not None:
            with _at(decision.standstill_ends_at + timedelta(days=1)):
                award_services.award_conclude(decision=decision)
        demo_payments.seed_payments(list(Contract.objects.filter(challenge=awarded).order_by("pk")))
