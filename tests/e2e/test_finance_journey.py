"""The finance journey in Chromium, every page checked at 1,280 px and 375 px (no sideways
scroll, nothing for axe): a supplier has claimed a delivered milestone; an officer confirms the
delivery and requests the payment, and a finance approver (a second person: four eyes) approves
it. Each starts at the sign-in page, lands on their council home and follows its links."""

import pytest
from playwright.sync_api import expect

from procurement.demo.payments import seed_payments
from procurement.payments import services
from tests.payments.conftest import WEBHOOK_SECRET, make_contract

from .conftest import sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.stripe,
]


@pytest.fixture
def claimed(council, supplier_organisation, supplier_owner, council_officer, finance_approver):
    """A funded contract whose supplier can be paid, and a claim for its third milestone."""
    contract = make_contract(
        council, supplier_organisation, title="Food waste pilot", milestones=(2_000, 3_000, 5_000)
    )
    seed_payments([contract])
    milestone = contract.milestones.get(number=3)
    return services.claim_submit(
        milestone=milestone,
        amount_pence=milestone.amount_pence,
        evidence="Final report and handover to the team.",
        by=supplier_owner,
    )


def _person(open_page, user):
    page = open_page()
    sign_in(page, user)
    expect(page.get_by_role("heading", level=1, name="Your council home")).to_be_visible()
    return page


def test_an_officer_requests_a_milestone_payment_and_finance_approves_it(
    open_page,
    settings,
    stripe_api_base,
    check_page,
    claimed,
    council_officer,
    finance_approver,
):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_ENABLED = True
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    milestone = claimed.milestone

    officer = _person(open_page, council_officer)
    check_page(officer)
    officer.get_by_role("link", name=f"Check the delivery of {milestone.title}").click()
    expect(officer.get_by_role("heading", level=1, name="Milestone 3: claim 1")).to_be_visible()
    check_page(officer)
    officer.get_by_role("button", name="Confirm delivery and request payment").click()
    expect(officer.get_by_text("Delivery confirmed. A finance approver")).to_be_visible()
    check_page(officer)

    finance = _person(open_page, finance_approver)
    check_page(finance)
    finance.get_by_role("link", name=f"Approve or reject payment for {milestone.title}").click()
    expect(finance.get_by_role("heading", name="Approve payment")).to_be_visible()
    check_page(finance)
    finance.get_by_role("button", name="Approve and pay").click()
    expect(finance.get_by_text("Payment approved.")).to_be_visible()
    check_page(finance)

    finance.get_by_role("link", name="Your council", exact=True).first.click()
    expect(finance.get_by_text(f"Approve or reject payment for {milestone.title}")).to_have_count(0)
    finance.get_by_role("link", name="Contract payments of Testshire County Council").click()
    expect(finance.get_by_role("heading", level=1, name="Contract payments")).to_be_visible()
    check_page(finance)
    finance.get_by_role("link", name="Food waste pilot", exact=True).click()
    expect(finance.get_by_role("heading", level=1, name="Food waste pilot")).to_be_visible()
    check_page(finance)
