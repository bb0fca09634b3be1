"""The webhook endpoint, fed events signed with the stripe library's own scheme: bad signatures
are refused and recorded, each event counts once, and late, repeated or out-of-order deliveries
leave the ledger right. No Stripe API call is made here, so these run on every profile."""

import time
from datetime import timedelta

import pytest

from procurement import clock
from procurement.payments import ledger, services
from procurement.payments.lifecycle import ClaimStatus
from procurement.payments.models import (
    ConnectedAccount,
    Funding,
    LedgerTransaction,
    Payout,
    RejectedWebhook,
    WebhookEvent,
)

from .conftest import event

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_keys(settings, webhook_secret):
    # Approvals need payments configured; nothing here reaches Stripe, because the transfer is
    # sent after commit and these tests never commit.
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_ENABLED = True


@pytest.fixture
def approved(
    stripe_keys,
    contract,
    milestone,
    supplier_owner,
    council_officer,
    finance_approver,
    payouts_enabled_account,
):
    funding = services.funding_invoice_create(
        contract=contract, amount_pence=1_000_000, by=finance_approver
    )
    services.funding_mark_received(funding=funding, by=finance_approver)
    claim = services.claim_submit(
        milestone=milestone, amount_pence=400_000, evidence="Delivered.", by=supplier_owner
    )
    services.claim_request_payment(claim=claim, by=council_officer)
    return services.claim_approve(claim=claim, by=finance_approver)


def stripe_transfer(transfer, *, stripe_id="tr_from_webhook", amount_reversed=0):
    return {
        "id": stripe_id,
        "object": "transfer",
        "amount": transfer.net_pence,
        "amount_reversed": amount_reversed,
        "currency": "gbp",
        "created": int(time.time()),
        "destination": transfer.connected_account.stripe_account_id,
        "metadata": {"transfer": str(transfer.uuid)},
        "reversed": amount_reversed >= transfer.net_pence,
        "reversals": {
            "object": "list",
            "data": [{"id": "trr_from_webhook", "object": "transfer_reversal"}]
            if amount_reversed
            else [],
        },
    }


def test_an_event_with_a_bad_signature_is_refused_and_recorded(deliver, contract):
    response = deliver(event("account.updated", {"id": "acct_x"}), secret="whsec_not_ours")

    assert response.status_code == 400
    rejected = RejectedWebhook.objects.get()
    assert "signature" in rejected.reason.lower()
    assert WebhookEvent.objects.count() == 0


def test_an_event_without_a_signature_is_refused(deliver):
    response = deliver(event("account.updated", {"id": "acct_x"}), header="")

    assert response.status_code == 400
    assert RejectedWebhook.objects.count() == 1


def test_an_event_signed_too_long_ago_is_refused(client, webhook_secret):
    import json

    import stripe

    payload = json.dumps(event("account.updated", {"id": "acct_x"}))
    header = stripe.WebhookSignature.generate_signature_header(
        payload, webhook_secret, timestamp=int(time.time()) - 3600
    )
    response = client.post(
        "/payments/webhooks/stripe/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400


def test_the_endpoint_takes_only_post(client):
    assert client.get("/payments/webhooks/stripe/").status_code == 405


def test_an_unknown_event_type_is_acknowledged_and_ignored(deliver):
    response = deliver(event("customer.created", {"id": "cus_1"}))

    assert response.status_code == 200
    assert WebhookEvent.objects.get().outcome == "ignored"


def test_account_updated_enables_payouts(deliver, supplier_organisation):
    account = ConnectedAccount.objects.create(
        organisation=supplier_organisation,
        stripe_account_id="acct_new",
        requirements_due=["external_account"],
        state_as_of=clock.now() - timedelta(hours=1),
        created_at=clock.now() - timedelta(hours=1),
    )
    body = event(
        "account.updated",
        {
            "id": "acct_new",
            "object": "account",
            "payouts_enabled": True,
            "charges_enabled": True,
            "details_submitted": True,
            "requirements": {"currently_due": [], "disabled_reason": None},
        },
    )

    assert deliver(body).status_code == 200

    account.refresh_from_db()
    assert account.payouts_enabled
    assert account.requirements_due == []


def test_an_older_account_updated_arriving_late_is_ignored(deliver, supplier_organisation):
    account = ConnectedAccount.objects.create(
        organisation=supplier_organisation,
        stripe_account_id="acct_new",
        state_as_of=clock.now() - timedelta(hours=1),
        created_at=clock.now() - timedelta(hours=1),
    )
    now = int(time.time())
    newer = event(
        "account.updated",
        {"id": "acct_new", "payouts_enabled": True, "requirements": {"currently_due": []}},
        created=now,
    )
    older = event(
        "account.updated",
        {
            "id": "acct_new",
            "payouts_enabled": False,
            "requirements": {"currently_due": ["external_account"]},
        },
        created=now - 60,
    )

    deliver(newer)
    response = deliver(older)

    assert response.status_code == 200
    account.refresh_from_db()
    assert account.payouts_enabled
    assert WebhookEvent.objects.get(stripe_event_id=older["id"]).outcome == "stale"


def test_a_replayed_event_is_processed_once(deliver, approved):
    body = event("transfer.created", stripe_transfer(approved))

    first = deliver(body)
    second = deliver(body)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == b"duplicate"
    assert WebhookEvent.objects.count() == 1
    assert LedgerTransaction.objects.filter(kind="transfer").count() == 1


def test_transfer_created_confirms_a_transfer_whose_api_response_was_lost(deliver, approved):
    deliver(event("transfer.created", stripe_transfer(approved)))

    approved.refresh_from_db()
    assert approved.is_sent
    assert approved.stripe_transfer_id == "tr_from_webhook"
    assert approved.claim.status == ClaimStatus.PAID
    assert ledger.unbalanced_transactions() == []


def test_the_same_transfer_reported_under_two_event_ids_is_recorded_once(deliver, approved):
    deliver(event("transfer.created", stripe_transfer(approved)))
    deliver(event("transfer.created", stripe_transfer(approved)))

    assert WebhookEvent.objects.count() == 2
    assert LedgerTransaction.objects.filter(kind="transfer").count() == 1


def test_transfer_reversed_before_transfer_created_leaves_the_ledger_right(deliver, approved):
    contract = approved.claim.milestone.contract
    now = int(time.time())
    reversed_ = event(
        "transfer.reversed",
        stripe_transfer(approved, amount_reversed=approved.net_pence),
        created=now,
    )
    created = event("transfer.created", stripe_transfer(approved), created=now - 5)

    deliver(reversed_)
    deliver(created)
    deliver(reversed_)

    approved.refresh_from_db()
    assert approved.is_fully_reversed
    assert approved.claim.status == ClaimStatus.REVERSED
    kinds = list(LedgerTransaction.objects.values_list("kind", flat=True))
    assert kinds.count("transfer") == 1
    assert kinds.count("reversal") == 1
    assert ledger.contract_funds_available(contract) == 1_000_000
    assert ledger.balance(ledger.PLATFORM_HOLDING) == 0
    assert ledger.unbalanced_transactions() == []


def test_partial_reversals_are_recorded_as_they_grow_and_never_shrink(deliver, approved):
    deliver(event("transfer.created", stripe_transfer(approved)))
    deliver(event("transfer.reversed", stripe_transfer(approved, amount_reversed=100_000)))
    deliver(event("transfer.reversed", stripe_transfer(approved, amount_reversed=300_000)))
    # A stale report of the first reversal, delivered again under a new id.
    deliver(event("transfer.reversed", stripe_transfer(approved, amount_reversed=100_000)))

    approved.refresh_from_db()
    assert approved.amount_reversed_pence == 300_000
    assert approved.claim.status == ClaimStatus.PAID
    assert ledger.balance(ledger.PLATFORM_HOLDING) == -100_000
    assert ledger.unbalanced_transactions() == []


def test_a_transfer_that_is_not_ours_is_ignored(deliver, approved):
    body = stripe_transfer(approved, stripe_id="tr_someone_else")
    body["metadata"] = {}

    response = deliver(event("transfer.created", body))

    assert response.content == b"ignored"
    approved.refresh_from_db()
    assert not approved.is_sent


def test_checkout_session_completed_records_the_funding_once(deliver, contract, finance_approver):
    funding = Funding.objects.create(
        contract=contract,
        method="checkout",
        amount_pence=500_000,
        reference="CX-TEST0001",
        stripe_checkout_session_id="cs_test_funding",
        created_at=clock.now(),
        created_by=finance_approver,
    )
    session = {
        "id": "cs_test_funding",
        "object": "checkout.session",
        "amount_total": 500_000,
        "payment_status": "paid",
        "payment_intent": "pi_test_1",
        "metadata": {"funding": str(funding.uuid)},
    }

    deliver(event("checkout.session.completed", session))
    deliver(event("checkout.session.completed", session))

    funding.refresh_from_db()
    assert funding.is_received
    assert funding.stripe_payment_intent_id == "pi_test_1"
    assert ledger.contract_funds_available(contract) == 500_000
    assert LedgerTransaction.objects.filter(kind="funding").count() == 1


def test_an_unpaid_checkout_session_does_not_fund_the_contract(deliver, contract, finance_approver):
    Funding.objects.create(
        contract=contract,
        method="checkout",
        amount_pence=500_000,
        reference="CX-TEST0002",
        stripe_checkout_session_id="cs_test_unpaid",
        created_at=clock.now(),
    )
    deliver(
        event(
            "checkout.session.completed",
            {"id": "cs_test_unpaid", "payment_status": "unpaid", "amount_total": 500_000},
        )
    )
    assert ledger.contract_funds_available(contract) == 0


def test_payout_paid_shows_when_the_money_reached_the_suppliers_bank(deliver, approved):
    deliver(event("transfer.created", stripe_transfer(approved)))
    arrival = int(time.time()) + 86_400
    payout = {
        "id": "po_test_1",
        "object": "payout",
        "amount": approved.net_pence,
        "arrival_date": arrival,
        "created": int(time.time()) + 5,
        "status": "paid",
    }

    deliver(event("payout.paid", payout, account=approved.connected_account.stripe_account_id))

    approved.refresh_from_db()
    assert approved.paid_out_at is not None
    assert int(approved.paid_out_at.timestamp()) == arrival
    assert Payout.objects.get().status == "paid"


def test_a_payout_that_fails_after_being_paid_takes_the_transfers_out_of_the_bank(
    deliver, approved
):
    deliver(event("transfer.created", stripe_transfer(approved)))
    now = int(time.time())
    payout = {"id": "po_test_2", "amount": approved.net_pence, "created": now + 5}
    account = approved.connected_account.stripe_account_id
    deliver(event("payout.paid", {**payout, "status": "paid"}, created=now + 10, account=account))
    deliver(
        event(
            "payout.failed",
            {**payout, "status": "failed", "failure_message": "Account closed"},
            created=now + 20,
            account=account,
        )
    )
    # The "paid" event delivered again late changes nothing.
    deliver(event("payout.paid", {**payout, "status": "paid"}, created=now + 10, account=account))

    approved.refresh_from_db()
    assert approved.paid_out_at is None
    assert Payout.objects.get().status == "failed"
