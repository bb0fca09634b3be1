"""The panel's pages in a real browser, checked with axe: an evaluator declares and scores, the
chair assigns and moderates."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from challenges.models import ChallengePage
from procurement import clock
from tenders.opening import opening_approve
from tests.evaluation.conftest import evaluators, three_bids  # noqa: F401
from tests.evaluation.panel import agree, assign_everyone, assignment_of, declare_none, score
from tests.tenders.conftest import _sealed_files_in_tmp, challenge, proposal  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def evaluation(challenge, three_bids, council_officer, second_officer):  # noqa: F811
    # The deadline moved into the past in the database, rather than the clock moved forward,
    # so the browser's session and sign-in codes keep real time.
    ChallengePage.objects.filter(pk=challenge.pk).update(
        submission_deadline=clock.now() - timedelta(minutes=1)
    )
    challenge.refresh_from_db()
    opening_approve(challenge=challenge, by=council_officer)
    opening_approve(challenge=challenge, by=second_officer)
    challenge.refresh_from_db()
    return challenge.evaluation


def test_declaring_and_scoring_blind_in_the_browser(
    page,
    login_as,
    check_page,
    evaluation,
    evaluators,  # noqa: F811
    panel_chair,
):
    assign_everyone(evaluation, panel_chair, evaluators[:1])
    login_as(page, evaluators[0])
    page.goto("/council/evaluation/")
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Declare conflicts of interest").first.click()
    page.get_by_role("button", name="Make declaration").click()
    expect(page.get_by_text("Say whether you have a conflict of interest").first).to_be_visible()
    check_page(page)
    page.get_by_label("No").check()
    page.get_by_role("button", name="Make declaration").click()
    expect(page.get_by_text("Declaration recorded")).to_be_visible()

    page.get_by_role("link", name="Score proposal A").click()
    expect(page.get_by_role("heading", name="Proposal A")).to_be_visible()
    expect(page.get_by_text("Rival Solutions Ltd")).to_have_count(0)
    page.get_by_label("3: Good").first.check()
    page.get_by_label("Justification for your Approach score").fill("Evidence from two pilots.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#running-total")).to_have_text("45.00")
    page.get_by_role("button", name="Submit all scores").click()
    expect(page.get_by_text("Score Plan.").first).to_be_visible()
    check_page(page)


def test_the_chairs_panel_and_moderation_pages(
    page,
    login_as,
    check_page,
    evaluation,
    evaluators,  # noqa: F811
    panel_chair,
):
    assign_everyone(evaluation, panel_chair, evaluators)
    declare_none(evaluation, *evaluators)
    for label, rows in {"A": [[4, 3], [2, 3], [3, 3]], "B": [[2, 2], [2, 1], [3, 2]]}.items():
        for person, values in zip(evaluators, rows, strict=True):
            score(assignment_of(evaluation, person, label), person, values)
    agree(evaluation.proposals.get(label="B"), panel_chair, [2, 2])
    login_as(page, panel_chair)

    page.goto(f"/council/evaluation/{evaluation.challenge.pk}/")
    expect(page.get_by_role("heading", name="Evaluation panel")).to_be_visible()
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Choose the evaluator to assign.").first).to_be_visible()
    check_page(page)

    page.goto(f"/council/evaluation/{evaluation.challenge.pk}/moderation/")
    expect(page.get_by_text("Wide spread: 2 points")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Record agreed scores for proposal A").click()
    # A score without its rationale is refused, with the score kept.
    page.locator("input[name^=agreed_][value='3']").first.check()
    page.get_by_role("button", name="Save agreed scores").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.locator("input[name^=agreed_][value='3']").first.is_checked()
    check_page(page)
