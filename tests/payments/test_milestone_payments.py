"""Claims, approval and transfers against stripe-mock: one payment per approval, however often
it is approved or retried, and reversal of a payment made in error."""

import pytest

from procurement.audit.models import AuditEvent
from procurement.payments import ledger, services
from procurement.payments.lifecycle import ClaimStatus, ClaimTransitionRefused
from procurement.payments.models import LedgerTransaction, Reversal, Transfer

pytestmark = pytest.mark.stripe


@pytest.fixture
def funded(contract, finance_approver):
    funding = services.funding_invoice_create(
        contract=contract, amount_pence=1_000_000, by=finance_approver
    )
    services.funding_mark_received(funding=funding, by=finance_approver)
    return contract


@pytest.fixture
def requested_claim(funded, milestone, supplier_owner, council_officer):
    claim = services.claim_submit(
        milestone=milestone,
        amount_pence=400_000,
        evidence="Workshops held in all six libraries; report attached.",
        evidence_url="https://example.org/report.pdf",
        by=supplier_owner,
    )
    return services.claim_request_payment(claim=claim, by=council_officer)


def approve(claim, by, capture, **kwargs):
    """Approve, running the after-commit Stripe call as the task backend would."""
    with capture(execute=True):
        transfer = services.claim_approve(claim=claim, by=by, **kwargs)
    transfer.refresh_from_db()
    return transfer


def test_approval_creates_a_stripe_transfer_to_the_suppliers_account(
    stripe_on,
    requested_claim,
    finance_approver,
    payouts_enabled_account,
    django_capture_on_commit_callbacks,
):
    transfer = approve(requested_claim, finance_approver, django_capture_on_commit_callbacks)

    assert transfer.is_sent
    assert transfer.stripe_transfer_id.startswith("tr_")
    assert transfer.amount_pence == 400_000
    requested_claim.refresh_from_db()
    assert requested_claim.status == ClaimStatus.PAID
    # Council funded 10,000; 4,000 approved and sent; the supplier is owed nothing more.
    assert ledger.contract_funds_available(requested_claim.milestone.contract) == 600_000
    assert ledger.balance(ledger.supplier(payouts_enabled_account.organisation_id)) == 0
    assert ledger.balance(ledger.PLATFORM_HOLDING) == -400_000
    assert ledger.unbalanced_transactions() == []
    assert AuditEvent.objects.filter(action="payments.transfer_sent").count() == 1


def test_the_idempotency_key_is_derived_from_the_milestone(
    stripe_on, requested_claim, finance_approver, payouts_enabled_account
):
    transfer = services.claim_approve(claim=requested_claim, by=finance_approver)
    assert transfer.idempotency_key == (
        f"milestone:{requested_claim.milestone.uuid}:claim:1:transfer"
    )


def test_a_double_click_on_approve_pays_once(
    stripe_on,
    requested_claim,
    finance_approver,
    payouts_enabled_account,
    django_capture_on_commit_callbacks,
):
    first = approve(requested_claim, finance_approver, django_capture_on_commit_callbacks)
    second = approve(requested_claim, finance_approver, django_capture_on_commit_callbacks)

    assert first.pk == second.pk
    assert Transfer.objects.count() == 1
    assert LedgerTransaction.objects.filter(kind="transfer").count() == 1
    assert LedgerTransaction.objects.filter(kind="approval").count() == 1


def test_a_retried_send_reuses_the_key_and_records_nothing_twice(
    stripe_on,
    requested_claim,
    finance_approver,
    payouts_enabled_account,
    django_capture_on_commit_callbacks,
):
    transfer = approve(requested_claim, finance_approver, django_capture_on_commit_callbacks)

    again = services.transfer_retry(transfer=transfer, by=finance_approver)

    assert again.stripe_transfer_id == transfer.stripe_transfer_id
    assert LedgerTransaction.objects.filter(kind="transfer").count() == 1
    assert ledger.contract_funds_available(requested_claim.milestone.contract) == 600_000


def test_a_transfer_that_failed_to_send_is_retried_with_the_same_key(
    settings,
    stripe_on,
    stripe_api_base,
    requested_claim,
    finance_approver,
    payouts_enabled_account,
    django_capture_on_commit_callbacks,
):
    # Stripe is unreachable when the approval is committed.
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    transfer = approve(requested_claim, finance_approver, django_capture_on_commit_callbacks)
    assert not transfer.is_sent
    assert transfer.last_error
    assert LedgerTransaction.objects.filter(kind="transfer").count() == 0

    settings.STRIPE_API_BASE = stripe_api_base
    sent = services.transfer_retry(transfer=transfer, by=finance_approver)

    assert sent.is_sent
    assert sent.idempotency_key == transfer.idempotency_key
    assert sent.attempts == 2
    assert Transfer.objects.count() == 1
    requested_claim.refresh_from_db()
    assert requested_claim.status == ClaimStatus.PAID


def test_a_partial_payment_leaves_the_rest_of_the_milestone_to_claim(
    stripe_on,
    requested_claim,
    finance_approver,
    supplier_owner,
    council_officer,
    payouts_enabled_account,
    django_capture_on_commit_callbacks,
):
    transfer = approve(
        requested_claim, finance_approver, django_capture_on_commit_callbacks, amount_pence=250_000
    )

    requested_claim.refresh_from_db()
    assert transfer.amount_pence == 250_000
    assert requested_claim.status == ClaimStatus.PARTIALLY_PAID
    milestone = requested_claim.milestone
    assert services.milestone_claimable_pence(milestone) == 150_000
    rest = services.claim_submit(
        milestone=milestone,
        amount_pence=150_000,
        evidence="The remaining sessions.",
        by=supplier_owner,
    )
    assert rest.sequence == 2
    services.claim_request_payment(claim=rest, by=council_officer)
    second = approve(rest, finance_approver, django_capture_on_commit_callbacks)
    assert second.idempotency_key.endswith(":claim:2:transfer")
    assert services.milestone_claimable_pence(milestone) == 0


def test_approving_more_than_the_contracts_funds_is_refused(
    stripe_on,
    contract,
    milestone,
    supplier_owner,
    council_officer,
    finance_approver,
    payouts_enabled_account,
):
    claim = services.claim_submit(
        milestone=milestone, amount_pence=400_000, evidence="Done.", by=supplier_owner
    )
    services.claim_request_payment(claim=claim, by=council_officer)

    with pytest.raises(services.PaymentRefused, match="Fund the contract"):
        services.claim_approve(claim=claim, by=finance_approver)
    assert Transfer.objects.count() == 0


def test_a_supplier_without_payouts_enabled_cannot_be_paid(
    stripe_on, requested_claim, finance_approver
):
    with pytest.raises(services.PaymentRefused, match="Stripe account"):
        services.claim_approve(claim=requested_claim, by=finance_approver)


def test_whoever_requested_payment_may_not_approve_it_when_the_council_has_another_approver(
    stripe_on,
    funded,
    milestone,
    supplier_owner,
    finance_approver,
    second_finance_approver,
    payouts_enabled_account,
):
    claim = services.claim_submit(
        milestone=milestone, amount_pence=400_000, evidence="Done.", by=supplier_owner
    )
    services.claim_request_payment(claim=claim, by=finance_approver)

    with pytest.raises(services.PaymentRefused, match="another finance approver"):
        services.claim_approve(claim=claim, by=finance_approver)
    assert services.claim_approve(claim=claim, by=second_finance_approver).amount_pence == 400_000


def test_an_officer_without_the_finance_role_cannot_approve(
    stripe_on, requested_claim, second_officer, payouts_enabled_account
):
    from procurement.accounts.policies import NotPermitted

    with pytest.raises(NotPermitted):
        services.claim_approve(claim=requested_claim, by=second_officer)


def test_a_rejected_claim_keeps_its_reason_and_frees_the_milestone(
    requested_claim, finance_approver, supplier_owner
):
    services.claim_reject(
        claim=requested_claim, by=finance_approver, reason="The report is missing."
    )

    requested_claim.refresh_from_db()
    assert requested_claim.status == ClaimStatus.REJECTED
    assert requested_claim.rejection_reason == "The report is missing."
    assert services.milestone_claimable_pence(requested_claim.milestone) == 400_000
    with pytest.raises(ClaimTransitionRefused):
        services.claim_request_payment(claim=requested_claim, by=finance_approver)


def test_a_second_claim_cannot_be_made_while_one_is_waiting(requested_claim, supplier_owner):
    with pytest.raises(services.PaymentRefused, match="already has a claim"):
        services.claim_submit(
            milestone=requested_claim.milestone,
            amount_pence=1,
            evidence="More.",
            by=supplier_owner,
        )


def test_a_supplier_cannot_claim_more_than_the_milestone(milestone, supplier_owner):
    with pytest.raises(services.PaymentRefused, match="up to £4,000"):
        services.claim_submit(
            milestone=milestone, amount_pence=400_001, evidence="All of it.", by=supplier_owner
        )


def test_a_rival_cannot_claim_someone_elses_milestone(milestone, rival_supplier):
    from procurement.accounts.policies import NotPermitted

    with pytest.raises(NotPermitted):
        services.claim_submit(
            milestone=milestone, amount_pence=100, evidence="Ours.", by=rival_supplier
        )


def test_reversing_a_transfer_returns_the_money_to_the_contract(
    stripe_on,
    requested_claim,
    finance_approver,
    payouts_enabled_account,
    django_capture_on_commit_callbacks,
):
    transfer = approve(requested_claim, finance_approver, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        reversal = services.transfer_reverse(
            transfer=transfer, by=finance_approver, reason="Paid to the wrong milestone."
        )
    reversal.refresh_from_db()
    transfer.refresh_from_db()
    requested_claim.refresh_from_db()

    assert reversal.stripe_reversal_id.startswith("trr_")
    assert transfer.amount_reversed_pence == 400_000
    assert requested_claim.status == ClaimStatus.REVERSED
    assert ledger.contract_funds_available(requested_claim.milestone.contract) == 1_000_000
    assert ledger.balance(ledger.PLATFORM_HOLDING) == 0
    assert services.milestone_claimable_pence(requested_claim.milestone) == 400_000
    assert ledger.unbalanced_transactions() == []


def test_reversing_twice_makes_one_reversal(
    stripe_on,
    requested_claim,
    finance_approver,
    payouts_enabled_account,
    django_capture_on_commit_callbacks,
):
    transfer = approve(requested_claim, finance_approver, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.transfer_reverse(transfer=transfer, by=finance_approver, reason="Error.")
        second = services.transfer_reverse(transfer=transfer, by=finance_approver, reason="Error.")
    services.reversal_send(reversal=first)

    assert first.pk == second.pk
    assert Reversal.objects.count() == 1
    assert LedgerTransaction.objects.filter(kind="reversal").count() == 1


def test_a_platform_fee_is_kept_and_returned_on_reversal(
    settings,
    stripe_on,
    requested_claim,
    finance_approver,
    payouts_enabled_account,
    django_capture_on_commit_callbacks,
):
    settings.PAYMENTS_PLATFORM_FEE_BPS = 150  # 1.5%
    transfer = approve(requested_claim, finance_approver, django_capture_on_commit_callbacks)
    assert transfer.platform_fee_pence == 6_000
    assert transfer.net_pence == 394_000
    assert ledger.balance(ledger.PLATFORM_FEES) == -6_000
    assert ledger.balance(ledger.PLATFORM_HOLDING) == -394_000

    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_reverse(transfer=transfer, by=finance_approver, reason="Error.")

    assert ledger.balance(ledger.PLATFORM_FEES) == 0
    assert ledger.contract_funds_available(requested_claim.milestone.contract) == 1_000_000
