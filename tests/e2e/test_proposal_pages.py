"""The proposal editor, check-answers and receipt pages in a real browser: usable, enhanced by
JavaScript (live word count, autosave) and free of axe violations."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tenders import services
from tenders.models import Submission
from tenders.selectors import draft_answers
from tests.factories import ChallengeFactory, CouncilFactory, SupplierFactory, UserFactory
from tests.tenders.conftest import PDF_BYTES

# serialized_rollback restores the page tree the migrations made (challenges live under it).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _sealed_files_in_tmp(settings, tmp_path):
    settings.SEALED_STORAGE_ROOT = tmp_path / "sealed"


@pytest.fixture
def owner():
    return UserFactory(email="owner@homeward.example", first_name="Sam", last_name="Patel")


@pytest.fixture
def proposal(owner):
    challenge = ChallengeFactory(published=True, council=CouncilFactory())
    organisation = SupplierFactory(legal_name="Homeward Health CIC", owner=owner)
    return services.proposal_start(challenge=challenge, organisation=organisation, by=owner)


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_the_editor_counts_words_live_and_has_no_axe_violations(
    page, live_server, owner, proposal, assert_accessible
):
    _sign_in(page, live_server, owner)
    page.goto(f"/proposals/{proposal.uuid}/")
    expect(page.get_by_role("heading", name="Your proposal", level=1)).to_be_visible()
    answer = page.get_by_label("Q1: Your approach")
    answer.fill("Door to door advice on every estate")
    status = page.get_by_text("You have 493 words remaining")
    status.wait_for()
    assert_accessible(page)


def test_autosave_saves_the_draft_without_a_click(page, live_server, owner, proposal):
    page.clock.install()
    _sign_in(page, live_server, owner)
    page.goto(f"/proposals/{proposal.uuid}/")
    page.get_by_label("Q1: Your approach").fill("Saved while I was still typing")
    page.clock.run_for(21_000)
    page.get_by_text("Draft saved automatically").wait_for()
    proposal.refresh_from_db()
    assert draft_answers(proposal, by=owner) == {"Q1": "Saved while I was still typing"}
    # The page now holds the new version, so saving by hand is not taken for a stale copy.
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()


def test_editor_errors_are_summarised_and_accessible(
    page, live_server, owner, proposal, assert_accessible
):
    _sign_in(page, live_server, owner)
    page.goto(f"/proposals/{proposal.uuid}/")
    page.get_by_label("Q1: Your approach").fill("word " * 501)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text("It must be 500 words or fewer")
    expect(page.get_by_text("You have 1 word too many")).to_be_visible()
    assert_accessible(page)


def test_check_answers_submit_and_receipt_have_no_axe_violations(
    page, live_server, owner, proposal, assert_accessible, tmp_path
):
    plan = tmp_path / "delivery-plan.pdf"
    plan.write_bytes(PDF_BYTES)
    _sign_in(page, live_server, owner)
    page.goto(f"/proposals/{proposal.uuid}/")
    page.get_by_label("Q1: Your approach").fill("Door to door advice on every estate.")
    page.get_by_label("Q2: Your plan").set_input_files(str(plan))
    page.get_by_label("Q3: Price").fill("45000")
    page.get_by_role("button", name="Review and submit").click()

    expect(
        page.get_by_role("heading", name="Check your proposal before you submit it")
    ).to_be_visible()
    expect(page.get_by_text("£45,000")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_role("heading", name="Proposal submitted")).to_be_visible()
    submission = Submission.objects.get()
    expect(page.get_by_text(submission.digest).first).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download receipt (PDF)").click()
    assert download.value.suggested_filename == f"receipt-{submission.receipt_number}.pdf"
