"""The demo's payments history: believable, balanced, shown on both dashboards, and seeded once."""

from procurement.demo.payments import seed_payments
from procurement.payments import ledger, metrics, selectors
from procurement.payments.models import ConnectedAccount, LedgerTransaction, MilestoneClaim
from tests.factories import SupplierFactory, UserFactory

from .conftest import make_contract


def test_seeding_gives_a_balanced_believable_history_once(
    client, council, supplier_organisation, supplier_owner, council_officer, finance_approver
):
    second = SupplierFactory(owner=UserFactory(), legal_name="Second Ltd")
    third = SupplierFactory(owner=UserFactory(), legal_name="Third Ltd")
    contracts = [
        make_contract(council, supplier_organisation, title="Food waste pilot"),
        make_contract(council, second, title="Loneliness pilot"),
        make_contract(council, third, title="Retrofit advice"),
    ]

    seed_payments(contracts)
    counts = (MilestoneClaim.objects.count(), LedgerTransaction.objects.count())
    seed_payments(contracts)

    assert (MilestoneClaim.objects.count(), LedgerTransaction.objects.count()) == counts
    assert ledger.unbalanced_transactions() == []
    assert not ConnectedAccount.objects.get(organisation=third).payouts_enabled
    times = metrics.council_payment_times(selectors.council_contracts(council))
    # One paid in 4 days, one 32 days after it was claimed.
    assert times.overall.share_paid_within_30_days == 0.5

    client.force_login(supplier_owner)
    supplier_page = client.get("/payments/supplier/testworks/").content.decode()
    # The embedded demo runs without Stripe: no new payments, but the history shows.
    assert "Payments are not configured" in supplier_page
    assert "In your bank" in supplier_page
    client.force_login(finance_approver)
    council_page = client.get("/payments/council/testshire/").content.decode()
    assert "50%" in council_page
    assert "Waiting for finance approval" in council_page
    assert "Loneliness pilot" in council_page
