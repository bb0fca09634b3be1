"""The supplier's pages in a real browser, with axe checking each against WCAG 2.2 AA: sign-up,
creating an organisation (with and without errors), its profile, the dashboard and the account
page."""

import pytest
from playwright.sync_api import expect

from challenges import services as challenge_services
from procurement.reference.cpv import load_cpv_codes
from suppliers.models import SupplierOrganisation
from tests.factories import ChallengeFactory, UserFactory

# Browser tests need committed data; serialized_rollback restores the pages that migrations
# create, which a transactional test would otherwise flush for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sign_up_page_has_no_axe_violations(page, check_page):
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_label("Email").first).to_be_visible()
    check_page(page)


def test_creating_an_organisation_with_errors_then_without(page, login_as, check_page):
    load_cpv_codes()
    login_as(page, UserFactory(email="founder@example.org"))

    page.goto("/supplier/")
    expect(page.get_by_role("heading", level=1, name="Create your organisation")).to_be_visible()
    check_page(page)

    page.get_by_label("Legal name").fill("Riverside Repair Ltd")
    page.get_by_label("Company", exact=True).check()
    page.get_by_label("Companies House number").fill("12345")
    page.get_by_role("button", name="Create organisation").click()

    summary = page.locator(".govuk-error-summary")
    expect(
        summary.get_by_role("link", name="Enter a Companies House number in the correct format")
    ).to_be_visible()
    expect(summary.get_by_role("link", name="Enter how many staff you employ")).to_be_visible()
    assert page.get_by_label("Legal name").input_value() == "Riverside Repair Ltd"
    check_page(page)

    page.get_by_label("Companies House number").fill("12345678")
    page.get_by_label("How many staff do you employ?").fill("6")
    page.get_by_label("Annual turnover (£)").fill("240000")
    page.get_by_label("Balance sheet total (£)").fill("80000")
    page.get_by_label("North West (England)").check()
    page.get_by_label("Repair and maintenance services").check()
    page.get_by_label("What does your organisation do?").fill("We fix things so they last.")
    page.get_by_role("button", name="Create organisation").click()

    expect(page.get_by_role("heading", level=1, name="Riverside Repair Ltd")).to_be_visible()
    expect(page.get_by_text("Repair and maintenance services")).to_be_visible()
    assert SupplierOrganisation.objects.get().is_sme
    check_page(page)


def test_dashboard_has_no_axe_violations(
    page, login_as, check_page, council, council_officer, supplier_owner
):
    challenge = ChallengeFactory(published=True, council=council, title="Quieter streets")
    challenge_services.interest_register(challenge=challenge, by=supplier_owner)
    question = challenge_services.clarification_ask(
        challenge=challenge, by=supplier_owner, question="Can we use existing sensors?"
    )
    challenge_services.clarification_answer_privately(
        clarification=question, by=council_officer, answer="Yes.", reason="Specific."
    )
    login_as(page, supplier_owner)

    page.goto("/supplier/")

    expect(page.get_by_role("heading", level=1, name="Your dashboard")).to_be_visible()
    expect(page.get_by_role("link", name="Quieter streets").first).to_be_visible()
    expect(page.get_by_text("Can we use existing sensors?")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Team of Testworks Ltd").click()
    expect(page.get_by_role("heading", level=1, name="Team")).to_be_visible()
    check_page(page)


def test_account_page_has_no_axe_violations(page, login_as, check_page, supplier_owner):
    login_as(page, supplier_owner)

    page.goto("/")
    page.get_by_role("link", name="Your account").click()

    expect(page.get_by_role("heading", level=1, name="Your account")).to_be_visible()
    expect(page.get_by_role("link", name="Manage e-mail addresses")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Delete your account").click()
    page.get_by_role("button", name="Delete your account").click()
    expect(page.get_by_role("link", name="Enter your password")).to_be_visible()
    check_page(page)
