"""`send_test_webhook` plays Stripe's side for the demo; `reconcile_payments` compares the
ledger with Stripe's balance transactions."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from procurement import clock
from procurement.payments import ledger, reconciliation, services
from procurement.payments.models import ConnectedAccount, WebhookEvent

ENDPOINT = "/payments/webhooks/stripe/"


@pytest.fixture
def account(supplier_organisation):
    return ConnectedAccount.objects.create(
        organisation=supplier_organisation,
        stripe_account_id="acct_demo",
        requirements_due=["external_account"],
        state_as_of=clock.now() - timedelta(minutes=5),
        created_at=clock.now() - timedelta(minutes=5),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_send_test_webhook_makes_an_account_ready_through_the_endpoint(
    live_server, webhook_secret, account, capsys
):
    call_command(
        "send_test_webhook",
        "account.updated",
        organisation="testworks",
        url=f"{live_server.url}{ENDPOINT}",
    )

    account.refresh_from_db()
    assert account.payouts_enabled
    assert account.requirements_due == []
    assert WebhookEvent.objects.get().type == "account.updated"
    assert "processed" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_webhook_signed_with_another_secret_is_refused(live_server, settings, account):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_the_portals"
    from procurement.payments import simulation

    event = simulation.account_ready("testworks")
    body, signature = simulation.signed(event, secret="whsec_someone_elses")
    import urllib.error
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 - the live test server
        f"{live_server.url}{ENDPOINT}",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Stripe-Signature": signature},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.code == 400
    refused.value.close()
    account.refresh_from_db()
    assert not account.payouts_enabled


def test_send_test_webhook_refuses_to_run_in_production(settings, webhook_secret):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never runs in production"):
        call_command("send_test_webhook", "account.updated", organisation="testworks")


@pytest.mark.django_db
def test_send_test_webhook_explains_what_it_needs(webhook_secret):
    with pytest.raises(CommandError, match="needs --organisation"):
        call_command("send_test_webhook", "payout.paid")


@pytest.mark.django_db
def test_send_test_webhook_needs_an_account_to_update(webhook_secret, supplier_organisation):
    with pytest.raises(CommandError, match="has no Stripe account yet"):
        call_command("send_test_webhook", "account.updated", organisation="testworks")


def test_compare_reports_every_kind_of_difference():
    ledger_side = {"tr_match": -1000, "tr_differs": -500, "tr_ours_only": -200, "pi_1": 3000}
    stripe_side = [
        reconciliation.StripeMovement("tr_match", -1000, 0, "transfer"),
        reconciliation.StripeMovement("tr_differs", -499, 0, "transfer"),
        reconciliation.StripeMovement("ch_1", 3000, 70, "charge", aliases=("pi_1",)),
        reconciliation.StripeMovement("tr_theirs_only", -50, 0, "transfer"),
        reconciliation.StripeMovement("po_1", -9000, 0, "payout"),
    ]

    result = reconciliation.compare(ledger_side, stripe_side)

    assert sorted(result.matched) == [("pi_1", 3000), ("tr_match", -1000)]
    assert result.amounts_differ == [("tr_differs", -500, -499)]
    assert result.in_ledger_only == [("tr_ours_only", -200)]
    assert result.at_stripe_only == [("tr_theirs_only", -50, "transfer")]
    assert result.stripe_fees_pence == 70
    assert result.differences == 3


def test_partial_reversals_of_one_transfer_are_added_up():
    result = reconciliation.compare(
        {"trr_1": 300},
        [
            reconciliation.StripeMovement("trr_1", 100, 0, "transfer_refund"),
            reconciliation.StripeMovement("trr_1", 200, 0, "transfer_refund"),
        ],
    )
    assert result.matched == [("trr_1", 300)]


@pytest.mark.stripe
@pytest.mark.django_db
def test_reconcile_payments_lists_stripe_and_ledger_differences(
    stripe_on,
    contract,
    milestone,
    supplier_owner,
    council_officer,
    finance_approver,
    payouts_enabled_account,
    django_capture_on_commit_callbacks,
    capsys,
):
    funding = services.funding_invoice_create(
        contract=contract, amount_pence=400_000, by=finance_approver
    )
    services.funding_mark_received(funding=funding, by=finance_approver)
    claim = services.claim_submit(
        milestone=milestone, amount_pence=400_000, evidence="Done.", by=supplier_owner
    )
    services.claim_request_payment(claim=claim, by=council_officer)
    with django_capture_on_commit_callbacks(execute=True):
        transfer = services.claim_approve(claim=claim, by=finance_approver)
    transfer.refresh_from_db()
    assert ledger.balance(ledger.PLATFORM_HOLDING) == -400_000

    # stripe-mock answers with its own fixture balance transactions, which know nothing of
    # our transfer: the command must name both sides' differences and fail.
    with pytest.raises(CommandError, match="difference"):
        call_command("reconcile_payments")

    out = capsys.readouterr().out
    assert f"In the ledger but not at Stripe: {transfer.stripe_transfer_id} (-£4,000)" in out
    assert "At Stripe but not in the ledger" in out


def test_reconcile_payments_needs_stripe(settings):
    settings.STRIPE_ENABLED = False
    with pytest.raises(CommandError, match="not configured"):
        call_command("reconcile_payments")
