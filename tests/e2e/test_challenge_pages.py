"""The public challenge page, the clarification form and the council's answer page, in a real
browser, with axe checking each against WCAG 2.2 AA."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from challenges import services
from tests.factories import ChallengeFactory

# Browser tests need committed data; serialized_rollback restores the pages and workflow that
# migrations create, which a transactional test would otherwise flush for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def challenge(council):
    challenge = ChallengeFactory(
        published=True, council=council, title="Cutting contamination in recycling"
    )
    return challenge


def test_public_challenge_page_has_no_axe_violations(page, challenge, assert_accessible):
    page.goto(challenge.url)
    assert page.get_by_role("heading", level=1, name="Cutting contamination in recycling")
    expect(page.get_by_role("heading", name="Questions and answers")).to_be_visible()
    expect(page.get_by_text("(UK time)").first).to_be_visible()
    assert_accessible(page)


def test_question_form_with_an_error_has_no_axe_violations(
    page, challenge, supplier_owner, login_as, assert_accessible
):
    login_as(page, supplier_owner)
    page.goto(challenge.url)
    page.get_by_role("link", name="Ask a question").click()
    expect(page.get_by_role("heading", name="Ask a question")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your question").fill("Can we work with a charity partner?")
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_text("Question sent")).to_be_visible()
    assert_accessible(page)


def test_council_answer_page_has_no_axe_violations(
    page, challenge, supplier_owner, council_officer, login_as, assert_accessible
):
    clarification = services.clarification_ask(
        challenge=challenge, by=supplier_owner, question="Is there data by ward?"
    )
    login_as(page, council_officer)
    page.goto(reverse("challenges:council_challenge", args=[challenge.pk]))
    assert_accessible(page)
    page.goto(reverse("challenges:answer_question", args=[challenge.pk, clarification.uuid]))
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    # The reason for a private answer shows only under that choice.
    reveal = page.locator("#conditional-id_visibility_1")
    page.get_by_role("radio", name="Everyone", exact=False).check()
    assert reveal.is_hidden()
    page.get_by_role("radio", name="Only the supplier who asked").check()
    expect(reveal).to_be_visible()
    assert_accessible(page)
