"""Events as Stripe would send them, built from our own records, so the demo and local
development can play Stripe's side — an account becoming able to receive payouts, a payout
reaching a supplier's bank — with no Stripe account. Used by `manage.py send_test_webhook`."""

import json
import secrets
import time

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError

from .models import ConnectedAccount, Funding, Transfer, TransferStatus

SUPPORTED = (
    "account.updated",
    "payout.paid",
    "payout.failed",
    "transfer.created",
    "transfer.reversed",
    "checkout.session.completed",
)


class NothingToSimulate(Exception):
    pass


def _event(type_: str, obj: dict, *, account: str | None = None) -> dict:
    body = {
        "id": f"evt_test_{secrets.token_hex(12)}",
        "object": "event",
        "api_version": stripe.api_version,
        "created": int(time.time()),
        "livemode": False,
        "type": type_,
        "data": {"object": obj},
    }
    if account:
        body["account"] = account
    return body


def _account(organisation_slug: str) -> ConnectedAccount:
    account = (
        ConnectedAccount.objects.select_related("organisation")
        .filter(organisation__slug=organisation_slug)
        .first()
    )
    if account is None:
        raise NothingToSimulate(
            f"{organisation_slug} has no Stripe account yet: connect one from its payments page."
        )
    return account


def account_ready(organisation_slug: str) -> dict:
    """`account.updated`: onboarding finished, payouts enabled, nothing more due."""
    account = _account(organisation_slug)
    return _event(
        "account.updated",
        {
            "id": account.stripe_account_id,
            "object": "account",
            "type": "express",
            "country": "GB",
            "default_currency": "gbp",
            "charges_enabled": True,
            "payouts_enabled": True,
            "details_submitted": True,
            "requirements": {
                "currently_due": [],
                "eventually_due": [],
                "past_due": [],
                "disabled_reason": None,
            },
        },
    )


def payout(organisation_slug: str, *, paid: bool = True) -> dict:
    """`payout.paid` (or `payout.failed`) for everything sent to the supplier and not yet in
    their bank."""
    account = _account(organisation_slug)
    waiting = Transfer.objects.filter(
        connected_account=account, status=TransferStatus.SENT, payout__isnull=True
    )
    amount = sum(t.net_pence - t.amount_reversed_pence for t in waiting)
    if paid and not amount:
        raise NothingToSimulate(f"Nothing has been sent to {organisation_slug} to pay out.")
    now = int(time.time())
    obj = {
        "id": f"po_test_{secrets.token_hex(12)}",
        "object": "payout",
        "amount": amount,
        "currency": "gbp",
        "arrival_date": now,
        "created": now,
        "method": "standard",
        "status": "paid" if paid else "failed",
        "failure_message": None if paid else "The bank account has been closed.",
    }
    return _event(
        "payout.paid" if paid else "payout.failed", obj, account=account.stripe_account_id
    )


def _transfer(transfer_ref: str) -> Transfer:
    transfer = (
        Transfer.objects.select_related("connected_account")
        .filter(stripe_transfer_id=transfer_ref)
        .first()
    )
    if transfer is None:
        try:
            transfer = Transfer.objects.select_related("connected_account").get(uuid=transfer_ref)
        except (Transfer.DoesNotExist, ValidationError) as missing:
            raise NothingToSimulate(f"No transfer {transfer_ref}.") from missing
    return transfer


def transfer(transfer_ref: str, *, reversed_: bool = False) -> dict:
    """`transfer.created`, or `transfer.reversed` in full, for one of our transfers."""
    found = _transfer(transfer_ref)
    stripe_id = found.stripe_transfer_id or f"tr_test_{secrets.token_hex(12)}"
    reversed_amount = found.net_pence if reversed_ else found.amount_reversed_pence
    return _event(
        "transfer.reversed" if reversed_ else "transfer.created",
        {
            "id": stripe_id,
            "object": "transfer",
            "amount": found.net_pence,
            "amount_reversed": reversed_amount,
            "currency": "gbp",
            "created": int(time.time()),
            "destination": found.connected_account.stripe_account_id,
            "metadata": {"transfer": str(found.uuid)},
            "reversed": reversed_,
            "reversals": {
                "object": "list",
                "data": [{"id": f"trr_test_{secrets.token_hex(12)}"}] if reversed_ else [],
            },
        },
    )


def checkout_completed(funding_ref: str) -> dict:
    """`checkout.session.completed`, paid, for a council's Checkout funding."""
    funding = Funding.objects.filter(reference=funding_ref).first()
    if funding is None or not funding.stripe_checkout_session_id:
        raise NothingToSimulate(f"No Checkout funding with reference {funding_ref}.")
    return _event(
        "checkout.session.completed",
        {
            "id": funding.stripe_checkout_session_id,
            "object": "checkout.session",
            "mode": "payment",
            "amount_total": funding.amount_pence,
            "currency": "gbp",
            "payment_status": "paid",
            "status": "complete",
            "payment_intent": f"pi_test_{secrets.token_hex(12)}",
            "client_reference_id": str(funding.uuid),
            "metadata": {"funding": str(funding.uuid), "contract": str(funding.contract.uuid)},
        },
    )


def signed(event: dict, secret: str | None = None) -> tuple[bytes, str]:
    """The body and Stripe-Signature header, signed as Stripe signs them."""
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(
        payload, secret or settings.STRIPE_WEBHOOK_SECRET
    )
    return payload.encode(), header
