"""The panel's journey in Chromium, every page checked at 1,280 px and 375 px (no sideways
scroll, nothing for axe): after the deadline an officer and the panel chair each approve the
opening (two people), the chair assigns the panel, an evaluator declares a conflict with one
supplier and scores another's proposal, and the chair moderates and proposes the winner.

Everyone starts at the sign-in page, lands on their council home and follows its links."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from challenges.models import ChallengePage
from procurement import clock
from procurement.awards.models import AwardDecision, DecisionStatus
from procurement.evaluation.models import EvaluatedProposal
from tests.evaluation.conftest import evaluators, three_bids  # noqa: F401
from tests.evaluation.panel import assignment_of, declare_none, score
from tests.tenders.conftest import _sealed_files_in_tmp, challenge, proposal  # noqa: F401

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _person(open_page, user):
    page = open_page()
    sign_in(page, user)
    expect(page.get_by_role("heading", level=1, name="Your council home")).to_be_visible()
    return page


def _home(page):
    page.get_by_role("link", name="Your council", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Your council home")).to_be_visible()


def _label_of(challenge_page, organisation):
    return EvaluatedProposal.objects.get(
        evaluation__challenge=challenge_page, proposal__organisation__legal_name=organisation
    ).label


def test_the_chair_and_evaluator_journey(
    open_page,
    check_page,
    challenge,  # noqa: F811
    three_bids,  # noqa: F811
    evaluators,  # noqa: F811
    council_officer,
    panel_chair,
):
    # The deadline moved into the past in the database, rather than the clock moved forward,
    # so the browser's sessions and sign-in codes keep real time.
    ChallengePage.objects.filter(pk=challenge.pk).update(
        submission_deadline=clock.now() - timedelta(minutes=1)
    )
    title = challenge.title
    evaluator, colleague = evaluators[:2]

    # Two people open the box: an officer first, then the chair.
    officer = _person(open_page, council_officer)
    check_page(officer)
    officer.get_by_role("link", name=f"Approve opening of {title}").click()
    expect(officer.get_by_role("heading", level=1, name="Open proposals")).to_be_visible()
    check_page(officer)
    officer.get_by_role("button", name="Approve opening").click()
    expect(officer.get_by_text("Approval recorded.")).to_be_visible()
    check_page(officer)

    chair = _person(open_page, panel_chair)
    check_page(chair)
    chair.get_by_role("link", name=f"Approve opening of {title}").click()
    chair.get_by_role("button", name="Approve opening").click()
    expect(chair.get_by_text("Proposals opened.")).to_be_visible()
    check_page(chair)

    chair.get_by_role("link", name="Go to the evaluation panel").click()
    expect(chair.get_by_role("heading", level=1, name="Evaluation panel")).to_be_visible()
    check_page(chair)
    for person in (evaluator, colleague):
        chair.get_by_label("Evaluator", exact=True).select_option(label=person.email)
        for label in "ABC":
            chair.get_by_label(f"Proposal {label}", exact=True).check()
        chair.get_by_role("button", name="Assign", exact=True).click()
        expect(chair.get_by_text(f"Assigned to {person.email}.")).to_be_visible()
    check_page(chair)

    # The evaluator works for Rival Solutions at weekends, and scores Testworks' proposal.
    rival, testworks = (
        _label_of(challenge, "Rival Solutions Ltd"),
        _label_of(challenge, "Testworks Ltd"),
    )
    desk = _person(open_page, evaluator)
    check_page(desk)
    desk.get_by_role("link", name=re.compile("^Declare conflicts of interest")).first.click()
    expect(
        desk.get_by_role("heading", level=1, name="Declare conflicts of interest")
    ).to_be_visible()
    check_page(desk)
    desk.get_by_label("Yes", exact=True).check()
    desk.get_by_label("Rival Solutions Ltd").check()
    desk.get_by_label("Describe the conflict").fill("I volunteer with them at weekends.")
    check_page(desk)
    desk.get_by_role("button", name="Make declaration").click()
    expect(desk.get_by_text("Declaration recorded.")).to_be_visible()
    check_page(desk)

    _home(desk)
    expect(desk.get_by_role("link", name=re.compile(f"^Score proposal {rival}\\b"))).to_have_count(
        0
    )
    check_page(desk)
    desk.get_by_role("link", name=re.compile(f"^Score proposal {testworks}\\b")).click()
    expect(desk.get_by_role("heading", level=1, name=f"Proposal {testworks}")).to_be_visible()
    expect(desk.get_by_text("Testworks Ltd")).to_have_count(0)
    check_page(desk)
    for criterion, value in (("Approach", "3: Good"), ("Plan", "4")):
        desk.get_by_role("group", name=f"Score for {criterion}").get_by_label(
            re.compile(f"^{value}")
        ).check()
        desk.get_by_label(f"Justification for your {criterion} score").fill(
            f"The {criterion.lower()} is backed by evidence from two pilots."
        )
    desk.get_by_role("button", name="Submit all scores").click()
    expect(desk.get_by_text(f"Scores for proposal {testworks} submitted.")).to_be_visible()
    check_page(desk)

    # The rest of the panel's scores, as the other evaluators would submit them.
    evaluation = challenge.evaluation
    third = next(label for label in "ABC" if label not in (rival, testworks))
    score(assignment_of(evaluation, evaluator, third), evaluator, [1, 1])
    declare_none(evaluation, colleague)
    for label, values in ((testworks, [3, 3]), (rival, [2, 2]), (third, [1, 2])):
        score(assignment_of(evaluation, colleague, label), colleague, values)

    # The chair agrees a score for each proposal, completes moderation and proposes the winner.
    _home(chair)
    check_page(chair)
    chair.get_by_role("link", name=f"moderation for {title}").click()
    expect(chair.get_by_role("heading", level=1, name="Moderation")).to_be_visible()
    check_page(chair)
    # Agreed scores (Approach, Plan) that rank Testworks first, with no tie.
    agreed = {testworks: ("3: Good", "4"), rival: ("2", "2"), third: ("1", "1")}
    for index, label in enumerate(sorted(agreed)):
        chair.get_by_role("link", name=f"Record agreed scores for proposal {label}").click()
        expect(
            chair.get_by_role("heading", level=1, name=f"Agree scores for proposal {label}")
        ).to_be_visible()
        if index == 0:
            check_page(chair)
        for criterion, value in zip(("Approach", "Plan"), agreed[label], strict=True):
            chair.get_by_role("group", name=f"Agreed score for {criterion}").get_by_label(
                re.compile(f"^{value}")
            ).check()
            chair.get_by_label(f"Rationale for the agreed {criterion} score").fill(
                f"The panel agreed {value} on {criterion.lower()} after discussing the evidence."
            )
        chair.get_by_role("button", name="Save agreed scores").click()
        expect(chair.get_by_text(f"Agreed scores for proposal {label} saved.")).to_be_visible()
    check_page(chair)
    chair.get_by_role("button", name="Complete moderation").click()
    expect(chair.get_by_text("Moderation complete.")).to_be_visible()
    check_page(chair)

    chair.get_by_role("link", name="Propose winners").click()
    expect(chair.get_by_role("heading", level=1, name="Award")).to_be_visible()
    check_page(chair)
    chair.get_by_label(re.compile(f"^Proposal {testworks}: Testworks Ltd")).check()
    chair.get_by_label(f"Value of the award to proposal {testworks} (£)").fill("20000")
    chair.get_by_label("Reasons for choosing these winners").fill(
        "Testworks scored highest on both criteria."
    )
    chair.get_by_role("button", name="Propose these winners").click()
    expect(chair.get_by_role("heading", level=1, name="Award decision")).to_be_visible()
    expect(chair.get_by_text("Winners proposed.")).to_be_visible()
    check_page(chair)

    assert assignment_of(evaluation, evaluator, rival).has_conflict
    decision = AwardDecision.objects.get(challenge=challenge)
    assert decision.status == DecisionStatus.PROPOSED
    assert [award.organisation.legal_name for award in decision.awards.all()] == ["Testworks Ltd"]
