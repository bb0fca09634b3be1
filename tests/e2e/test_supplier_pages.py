"""The supplier's pages in a real browser, with axe checking each against WCAG 2.2 AA: sign-up,
creating an organisation (with and without errors), its profile, the dashboard and the account
page."""

import pytest

from challenges import services as challenge_services
from procurement.reference.cpv import load_cpv_codes
from suppliers.models import SupplierOrganisation
from tests.factories import ChallengeFactory, UserFactory

# Browser tests need committed data; serialized_rollback restores the pages that migrations
# create, which a transactional test would otherwise flush for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sign_up_page_has_no_axe_violations(page, assert_accessible):
    page.goto("/accounts/signup/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_label("Email").first.is_visible()
    assert_accessible(page)


def test_creating_an_organisation_with_errors_then_without(page, login_as, assert_accessible):
    load_cpv_codes()
    login_as(page, UserFactory(email="founder@example.org"))

    page.goto("/supplier/")
    assert page.get_by_role("heading", level=1, name="Create your organisation").is_visible()
    assert_accessible(page)

    page.get_by_label("Legal name").fill("Riverside Repair Ltd")
    page.get_by_label("Company", exact=True).check()
    page.get_by_label("Companies House number").fill("12345")
    page.get_by_role("button", name="Create organisation").click()

    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role(
        "link", name="Enter a Companies House number in the correct format"
    ).is_visible()
    assert summary.get_by_role("link", name="Enter how many staff you employ").is_visible()
    assert page.get_by_label("Legal name").input_value() == "Riverside Repair Ltd"
    assert_accessible(page)

    page.get_by_label("Companies House number").fill("12345678")
    page.get_by_label("How many staff do you employ?").fill("6")
    page.get_by_label("Annual turnover (£)").fill("240000")
    page.get_by_label("Balance sheet total (£)").fill("80000")
    page.get_by_label("North West (England)").check()
    page.get_by_label("Repair and maintenance services").check()
    page.get_by_label("What does your organisation do?").fill("We fix things so they last.")
    page.get_by_role("button", name="Create organisation").click()

    assert page.get_by_role("heading", level=1, name="Riverside Repair Ltd").is_visible()
    assert page.get_by_text("Repair and maintenance services").is_visible()
    assert SupplierOrganisation.objects.get().is_sme
    assert_accessible(page)


def test_dashboard_has_no_axe_violations(
    page, login_as, assert_accessible, council, council_officer, supplier_owner
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

    assert page.get_by_role("heading", level=1, name="Your dashboard").is_visible()
    assert page.get_by_role("link", name="Quieter streets").first.is_visible()
    assert page.get_by_text("Can we use existing sensors?").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Team of Testworks Ltd").click()
    assert page.get_by_role("heading", level=1, name="Team").is_visible()
    assert_accessible(page)


def test_account_page_has_no_axe_violations(page, login_as, assert_accessible, supplier_owner):
    login_as(page, supplier_owner)

    page.goto("/")
    page.get_by_role("link", name="Your account").click()

    assert page.get_by_role("heading", level=1, name="Your account").is_visible()
    assert page.get_by_role("link", name="Manage e-mail addresses").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Delete your account").click()
    page.get_by_role("button", name="Delete your account").click()
    assert page.get_by_role("link", name="Enter your password").is_visible()
    assert_accessible(page)
