"""A supplier changes a proposal already submitted, in a real browser: from the receipt to the
editor, then a check of the changes and a new receipt that replaces the first, with axe on each
page."""

import re

import pytest
from playwright.sync_api import expect

from tenders import services
from tests.factories import ChallengeFactory, CouncilFactory, SupplierFactory, UserFactory
from tests.tenders.conftest import complete

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _sealed_files_in_tmp(settings, tmp_path):
    settings.SEALED_STORAGE_ROOT = tmp_path / "sealed"


@pytest.fixture
def owner():
    return UserFactory(email="owner@homeward.example")


@pytest.fixture
def submitted(owner):
    challenge = ChallengeFactory(published=True, council=CouncilFactory())
    organisation = SupplierFactory(legal_name="Homeward Health CIC", owner=owner)
    proposal = services.proposal_start(challenge=challenge, organisation=organisation, by=owner)
    proposal = complete(proposal, owner)
    return services.proposal_submit(proposal=proposal, by=owner)


def test_a_supplier_changes_a_submitted_proposal_and_submits_it_again(
    page, login_as, owner, submitted, assert_accessible
):
    login_as(page, owner)
    page.goto(f"/proposals/{submitted.proposal.uuid}/receipt/")
    expect(page.get_by_text(submitted.receipt_number).first).to_be_visible()

    page.get_by_role("link", name="change your proposal").click()
    expect(page.get_by_text("that submission still counts")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Q1: Your approach").fill("Door-to-door advice, now with evening visits.")
    page.get_by_role("button", name="Review and submit").click()

    expect(
        page.get_by_role("heading", name="Check your changes before you submit them")
    ).to_be_visible()
    expect(page.get_by_text("still counts until you submit these changes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit changes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("receipt|submitted", re.I))
    expect(page.get_by_text(submitted.receipt_number)).to_be_visible()
    expect(page.get_by_text("Replaced by a later submission")).to_be_visible()
    assert_accessible(page)
