"""The payments pages in a real browser, checked with axe, and the demo's path through them:
a supplier claims a milestone, the council confirms and approves it, and the payout shows on
both sides."""

import pytest
from django.core.management import call_command

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
    page, login_as, assert_accessible, contracts, supplier_owner
):
    as_(page, login_as, supplier_owner)
    page.goto("/supplier/")
    assert page.get_by_role("heading", name="Payments").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Milestones and payments").click()
    assert page.get_by_role("heading", name="Payments", level=1).is_visible()
    assert page.get_by_text("Payments are not configured").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Mark delivered milestone 3").click()
    page.get_by_label("Amount to claim (£)").fill("999999")
    page.get_by_role("button", name="Claim payment").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Amount to claim (£)").input_value() == "999999"
    assert_accessible(page)


def test_council_payments_pages_have_no_axe_violations(
    page, login_as, assert_accessible, contracts, finance_approver
):
    as_(page, login_as, finance_approver)
    page.goto("/payments/council/testshire/")
    assert page.get_by_role("heading", name="Contract payments").is_visible()
    assert page.get_by_text("50%").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Food waste pilot", exact=True).click()
    assert page.get_by_role("heading", name="Food waste pilot").is_visible()
    assert_accessible(page)

    page.get_by_label("Amount (£)").fill("")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)

    page.get_by_label("Amount (£)").fill("5000")
    page.get_by_label("Bank transfer against an invoice").check()
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_text("quoting the reference").is_visible()
    assert_accessible(page)

    claim = MilestoneClaim.objects.get(status="payment_requested")
    page.goto(f"/payments/council/claims/{claim.uuid}/")
    assert page.get_by_role("heading", name="Reject the claim").is_visible()
    page.get_by_role("button", name="Reject the claim").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)

    transfer = Transfer.objects.filter(status="sent").first()
    page.goto(f"/payments/council/transfers/{transfer.uuid}/reverse/")
    assert page.get_by_role("heading", name="Reverse a payment").is_visible()
    assert_accessible(page)


@pytest.mark.stripe
def test_a_milestone_is_claimed_approved_paid_and_paid_out(
    page,
    login_as,
    assert_accessible,
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
    assert page.get_by_text("Ready to be paid").is_visible()
    page.get_by_role("link", name="Mark delivered milestone 3").click()
    page.get_by_label("What did you deliver?").fill("Final report and handover to the team.")
    page.get_by_role("button", name="Claim payment").click()
    assert page.get_by_text("Milestone 3 marked as delivered").is_visible()

    claim = MilestoneClaim.objects.get(milestone__number=3, milestone__contract=contracts[0])
    as_(page, login_as, council_officer)
    page.goto(f"/payments/council/claims/{claim.uuid}/")
    page.get_by_role("button", name="Confirm delivery and request payment").click()
    assert page.get_by_text("Delivery confirmed. A finance approver").is_visible()

    as_(page, login_as, finance_approver)
    page.goto(f"/payments/council/claims/{claim.uuid}/")
    assert page.get_by_role("heading", name="Approve payment").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve and pay").click()
    assert page.get_by_text("Payment approved.").is_visible()
    assert page.get_by_text("has been sent to Testworks Ltd").is_visible()

    call_command(
        "send_test_webhook",
        "payout.paid",
        organisation="testworks",
        url=f"{live_server.url}/payments/webhooks/stripe/",
    )

    # Milestone 1 was paid out in the demo history; milestone 3 now joins it.
    page.goto(f"/payments/council/contracts/{contracts[0].uuid}/")
    assert page.get_by_text("In the supplier’s bank").count() == 2
    as_(page, login_as, supplier_owner)
    page.goto("/payments/supplier/testworks/")
    assert page.get_by_text("In your bank").count() == 2
    assert_accessible(page)
