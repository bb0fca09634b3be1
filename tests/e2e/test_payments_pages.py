"""The payments pages in a real browser, checked with axe, and the demo's path through them:
a supplier claims a milestone, the council confirms and approves it, and the payout shows on
both sides."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from procurement.demo.payments import seed_payments
from procurement.payments.models import MilestoneClaim, Transfer
from tests.factories import SupplierFactory, UserFactory
from tests.payments.conftest import WEBHOOK_SECRET, make_contract

# serialized_rollback restores the page tree the migrations made, which flushing after earlier
# browser tests removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def contracts(council, supplier_organisation, supplier_owner, council_officer, finance_approver):
    late = SupplierFactory(owner=UserFactory(), legal_name="Second Ltd", slug="second")
    made = [
        make_contract(
            council,
            supplier_organisation,
            title="Food waste pilot",
            milestones=(200_000, 300_000, 500_000),
        ),
        make_contract(council, late, title="Loneliness pilot"),
    ]
    seed_payments(made)
    return made


def as_(page, login_as, user):
    page.context.clear_cookies()
    login_as(page, user)


def test_supplier_payments_pages_have_no_axe_violations(
    page, login_as, check_page, contracts, supplier_owner
):
    as_(page, login_as, supplier_owner)
    page.goto("/supplier/")
    expect(page.get_by_role("heading", name="Payments")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Milestones and payments").click()
    expect(page.get_by_role("heading", name="Payments", level=1)).to_be_visible()
    expect(page.get_by_text("Payments are not configured")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Mark delivered milestone 3").click()
    page.get_by_label("Amount to claim (£)").fill("999999")
    page.get_by_role("button", name="Claim payment").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.get_by_label("Amount to claim (£)").input_value() == "999999"
    check_page(page)


def test_council_payments_pages_have_no_axe_violations(
    page, login_as, check_page, contracts, finance_approver
):
    as_(page, login_as, finance_approver)
    page.goto("/payments/council/testshire/")
    expect(page.get_by_role("heading", name="Contract payments")).to_be_visible()
    expect(page.get_by_text("50%")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Food waste pilot", exact=True).click()
    expect(page.get_by_role("heading", name="Food waste pilot")).to_be_visible()
    check_page(page)

    page.get_by_label("Amount (£)").fill("")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_page(page)

    page.get_by_label("Amount (£)").fill("5000")
    page.get_by_label("Bank transfer against an invoice").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("quoting the reference")).to_be_visible()
    check_page(page)

    claim = MilestoneClaim.objects.get(status="payment_requested")
    page.goto(f"/payments/council/claims/{claim.uuid}/")
    expect(page.get_by_role("heading", name="Reject the claim")).to_be_visible()
    page.get_by_role("button", name="Reject the claim").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_page(page)

    transfer = Transfer.objects.filter(status="sent").first()
    page.goto(f"/payments/council/transfers/{transfer.uuid}/reverse/")
    expect(page.get_by_role("heading", name="Reverse a payment")).to_be_visible()
    check_page(page)


@pytest.mark.stripe
def test_a_milestone_is_claimed_approved_paid_and_paid_out(
    page,
    login_as,
    check_page,
    live_server,
    settings,
    stripe_api_base,
    contracts,
    supplier_owner,
    council_officer,
    finance_approver,
):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_ENABLED = True
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET

    as_(page, login_as, supplier_owner)
    page.goto("/payments/supplier/testworks/")
    expect(page.get_by_text("Ready to be paid")).to_be_visible()
    page.get_by_role("link", name="Mark delivered milestone 3").click()
    page.get_by_label("What did you deliver?").fill("Final report and handover to the team.")
    page.get_by_role("button", name="Claim payment").click()
    expect(page.get_by_text("Milestone 3 marked as delivered")).to_be_visible()

    claim = MilestoneClaim.objects.get(milestone__number=3, milestone__contract=contracts[0])
    as_(page, login_as, council_officer)
    page.goto(f"/payments/council/claims/{claim.uuid}/")
    page.get_by_role("button", name="Confirm delivery and request payment").click()
    expect(page.get_by_text("Delivery confirmed. A finance approver")).to_be_visible()

    as_(page, login_as, finance_approver)
    page.goto(f"/payments/council/claims/{claim.uuid}/")
    expect(page.get_by_role("heading", name="Approve payment")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Approve and pay").click()
    expect(page.get_by_text("Payment approved.")).to_be_visible()
    expect(page.get_by_text("has been sent to Testworks Ltd")).to_be_visible()

    call_command(
        "send_test_webhook",
        "payout.paid",
        organisation="testworks",
        url=f"{live_server.url}/payments/webhooks/stripe/",
    )

    # Milestone 1 was paid out in the demo history; milestone 3 now joins it.
    page.goto(f"/payments/council/contracts/{contracts[0].uuid}/")
    expect(page.get_by_text("In the supplier’s bank")).to_have_count(2)
    as_(page, login_as, supplier_owner)
    page.goto("/payments/supplier/testworks/")
    expect(page.get_by_text("In your bank")).to_have_count(2)
    check_page(page)
