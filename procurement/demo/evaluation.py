"""Demo evaluations, built through the real services: suppliers submit sealed proposals before
the deadline, two officers open them, the panel declares and scores blind, and the chair
moderates. Each step runs with the clock shifted to when it would have happened, so dates in
the demo (receipts, audit log, standstill, contracts, payments) tell one consistent story.

Three Leeds challenges tell the story at three points:
- "Retrofit advice…": closed with sealed proposals, for a visitor to open and evaluate;
- "Digital skills…": opened and scored, one conflict declared, waiting for moderation;
- "Bus stop information…": moderated, two winners approved, standstill over, contracts made
  and a payments history on them.

Every other awarded demo challenge (Bristol, Camden, Norfolk) goes the same way, told more
briefly by one evaluator, so that each has its award and contracts, and so its award and contract
notices in the open data, as a council's real award would.
"""

import io
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from challenges import services as challenge_services
from challenges.lifecycle import Status
from challenges.models import ChallengePage
from procurement import clock
from procurement.awards import services as award_services
from procurement.awards.models import Contract
from procurement.evaluation import selectors, services
from procurement.evaluation.models import Evaluation
from suppliers.models import SupplierOrganisation
from tenders import services as proposal_services
from tenders.models import Proposal
from tenders.opening import opening_approve

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

Pitch = tuple[str, str, int]  # the answer to Q2, the answer to Q3, the price in pence (Q6)


@dataclass(frozen=True)
class AwardStory:
    """A challenge taken from its proposals to concluded contracts by its council's panel."""

    council: str
    title: str
    pitches: dict[str, Pitch]  # bidder slug -> its pitch
    scores: dict[str, list[list[int]]]  # bidder slug -> one row of scores per evaluator
    agreed: dict[str, list[int]]  # bidder slug -> the scores agreed in moderation
    winners: list[str]
    rationale: str


AWARD_STORIES = [
    AwardStory(
        council=COUNCIL,
        title=AWARDED,
        pitches={slug: PITCHES[slug] for slug in BIDDERS[AWARDED]},
        scores={slug: SCORES[slug] for slug in BIDDERS[AWARDED]},
        agreed=AGREED,
        winners=["stopwise", "floodnet-uk"],
        rationale="The two highest-ranked proposals: together they cover stops with and without "
        "a mobile signal.",
    ),
    AwardStory(
        council="bristol",
        title="Food waste collection in terraced streets",
        pitches={
            "caddy-collective": (
                "Lidded, weighted caddies fixed to the railings, emptied by a crew on electric "
                "cargo bikes that fit down the narrowest streets.",
                "A trial on 40 streets in Easton raised food waste capture by 38% with no split "
                "caddies reported.",
                1_750_000,
            ),
            "greenloop-recycling": (
                "Shared food waste bins at the end of each street, with doorstep reminders from "
                "local volunteers.",
                "Our shared bins in Sheffield fill well, though contamination was high at first.",
                1_400_000,
            ),
        },
        scores={"caddy-collective": [[4, 3, 3]], "greenloop-recycling": [[2, 2, 3]]},
        agreed={"caddy-collective": [4, 3, 3], "greenloop-recycling": [2, 2, 3]},
        winners=["caddy-collective"],
        rationale="The highest-ranked proposal, with evidence from streets like ours.",
    ),
    AwardStory(
        council="camden",
        title="Community energy on council rooftops",
        pitches={
            "sunroof-energy": (
                "A community share offer pays for solar on council roofs; residents own the "
                "co-operative and buy its power at a discount.",
                "Our share offers have raised £1.2m for solar on 14 roofs in south London.",
                7_800_000,
            ),
            "heatwise-wales": (
                "We design the rooftop arrays and hand them to a community group to run, with "
                "five years of maintenance.",
                "We have designed solar for 30 Welsh schools; running them would be new to us.",
                6_500_000,
            ),
        },
        scores={"sunroof-energy": [[4, 4, 3]], "heatwise-wales": [[3, 2, 3]]},
        agreed={"sunroof-energy": [4, 4, 3], "heatwise-wales": [3, 2, 3]},
        winners=["sunroof-energy"],
        rationale="The highest-ranked proposal: community ownership from the first roof.",
    ),
    AwardStory(
        council="norfolk",
        title="Hedge and verge management for biodiversity",
        pitches={
            "verge-wild": (
                "Cut and collect on a late-summer cycle, with safety strips kept short at "
                "junctions, planned verge by verge.",
                "Three years on 40 miles of Suffolk verges: twice the flowering species and no "
                "rise in collisions.",
                1_150_000,
            ),
            "lanes-alive": (
                "Volunteer verge wardens who survey, sow and report problems, beside the "
                "council's own cutting.",
                "Our back-lane greening in Cardiff has 200 volunteers; rural verges would be new.",
                900_000,
            ),
        },
        scores={"verge-wild": [[4, 4, 3]], "lanes-alive": [[2, 2, 2]]},
        agreed={"verge-wild": [4, 4, 3], "lanes-alive": [2, 2, 2]},
        winners=["verge-wild"],
        rationale="The highest-ranked proposal, with evidence from verges like ours.",
    ),
]


def _person(local_part: str, council: str = COUNCIL) -> User:
    return User.objects.get(email=f"{local_part}@{council}.council.example")


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


def _submit(challenge: ChallengePage, organisation: SupplierOrganisation, pitch: Pitch) -> None:
    if Proposal.objects.filter(challenge=challenge, organisation=organisation).exists():
        return
    owner = User.objects.get(email=f"owner@{organisation.slug}.example")
    solution, evidence, price = pitch
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


def _challenge(title: str, council: str = COUNCIL) -> ChallengePage | None:
    return ChallengePage.objects.filter(council__slug=council, title=title).first()


def _bids(challenge: ChallengePage, pitches: dict[str, Pitch]) -> dict[str, SupplierOrganisation]:
    organisations = {o.slug: o for o in SupplierOrganisation.objects.filter(slug__in=pitches)}
    if not challenge.proposals.exists():
        # Seeded at the stage the story ends in; it was open when these proposals came in,
        # and moves on from there through the lifecycle.
        ChallengePage.objects.filter(pk=challenge.pk).update(status=Status.PUBLISHED)
        challenge.status = Status.PUBLISHED
    for slug, pitch in pitches.items():
        _submit(challenge, organisations[slug], pitch)
    with _at(challenge.submission_deadline + timedelta(minutes=5)):
        challenge_services.challenge_close_if_due(challenge=challenge)
    return organisations


def _open(challenge: ChallengePage) -> Evaluation:
    evaluation = selectors.evaluation_of(challenge)
    if evaluation is None:
        for officer in ("officer", "officer2"):
            opening_approve(challenge=challenge, by=_person(officer, challenge.council.slug))
        evaluation = selectors.evaluation_of(challenge)
    return evaluation


def _score_everything(
    evaluation: Evaluation, organisations: dict, scores: dict, *, conflict=None
) -> None:
    """Every evaluator on every proposal, `scores` holding one row per evaluator for each
    bidder; `conflict` is (evaluator, organisation slug)."""
    council = evaluation.challenge.council.slug
    chair = _person("chair", council)
    panel_size = len(next(iter(scores.values())))
    evaluators = [_person(f"evaluator{n}", council) for n in range(1, panel_size + 1)]
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
        rows = scores[item.proposal.organisation.slug]
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


def _moderate(evaluation: Evaluation, agreed: dict) -> None:
    if evaluation.is_moderated:
        return
    chair = _person("chair", evaluation.challenge.council.slug)
    criteria = selectors.criteria_of(evaluation.challenge)
    for item in evaluation.proposals.select_related("proposal__organisation"):
        services.moderation_record(
            evaluated=item,
            agreed={
                c.pk: (value, f"Agreed after discussion. {_justification(c.name, value)}")
                for c, value in zip(criteria, agreed[item.proposal.organisation.slug], strict=True)
            },
            exclusion_reason="",
            by=chair,
        )
    services.moderation_complete(evaluation=evaluation, by=chair)


def _award(story: AwardStory) -> ChallengePage | None:
    """Proposals in before the deadline, opened the next day, scored, moderated, the winners
    approved ten days after the deadline, and the award concluded the day after its standstill
    ends, as a council's panel would do it."""
    challenge = _challenge(story.title, story.council)
    if challenge is None:
        return None
    organisations = _bids(challenge, story.pitches)
    deadline = challenge.submission_deadline
    with _at(deadline + timedelta(days=1)):
        evaluation = _open(challenge)
    with _at(deadline + timedelta(days=5)):
        _score_everything(evaluation, organisations, story.scores)
    with _at(deadline + timedelta(days=8)):
        _moderate(evaluation, story.agreed)
    with _at(deadline + timedelta(days=10)):
        decision = demo_awards.seed_award(
            challenge,
            chair=_person("chair", story.council),
            finance=_person("finance", story.council),
            winners=[organisations[slug] for slug in story.winners],
            rationale=story.rationale,
        )
        if not decision.report_sha256:
            # Inside seed_demo's transaction the documents task has not run yet.
            award_services.award_documents_prepare(decision=decision)
    # The standstill runs its course; the award concludes the day after it ends.
    if decision.standstill_ends_at is not None:
        with _at(decision.standstill_ends_at + timedelta(days=1)):
            award_services.award_conclude(decision=decision)
    return challenge


def seed_evaluations() -> None:
    sealed = _challenge(SEALED)
    if sealed is not None:
        _bids(sealed, {slug: PITCHES[slug] for slug in BIDDERS[SEALED]})

    scoring = _challenge(SCORING)
    if scoring is not None:
        organisations = _bids(scoring, {slug: PITCHES[slug] for slug in BIDDERS[SCORING]})
        with _at(scoring.submission_deadline + timedelta(days=1)):
            evaluation = _open(scoring)
        with _at(scoring.submission_deadline + timedelta(days=4)):
            _score_everything(
                evaluation,
                organisations,
                {slug: SCORES[slug] for slug in BIDDERS[SCORING]},
                conflict=(_person("evaluator3"), "friendly-neighbours"),
            )

    for story in AWARD_STORIES:
        awarded = _award(story)
        if awarded is not None and story.title == AWARDED:
            # Leeds' contracts also have a history of milestones claimed and paid.
            demo_payments.seed_payments(
                list(Contract.objects.filter(challenge=awarded).order_by("pk"))
            )
