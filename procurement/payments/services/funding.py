"""Councils fund a contract: by invoice and bank transfer, or by Stripe Checkout."""

import secrets
from datetime import datetime

from django.db import transaction
from django.urls import reverse

from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record

from .. import gateway, ledger
from ..models import (
    Funding,
    FundingMethod,
    FundingStatus,
    LedgerKind,
)
from .common import CURRENCY, PaymentRefused, check_amount, site_url


def _reference() -> str:
    return f"CX-{secrets.token_hex(4).upper()}"


@transaction.atomic
def funding_invoice_create(*, contract, amount_pence: int, by) -> Funding:
    """An invoice the council pays by bank transfer, quoting its reference."""
    policies.require(by, "payments.finance", contract)
    check_amount(amount_pence)
    funding = Funding.objects.create(
        contract=contract,
        method=FundingMethod.BANK_TRANSFER,
        amount_pence=amount_pence,
        reference=_reference(),
        created_at=clock.now(),
        created_by=by,
    )
    record(
        AuditAction.PAYMENTS_FUNDING_INVOICED,
        actor=by,
        target=contract,
        data={"funding": funding.uuid, "amount_pence": amount_pence},
    )
    return funding


def funding_checkout_start(*, contract, amount_pence: int, by) -> tuple[Funding, str]:
    """Start paying into the contract through Stripe Checkout; returns the page to send the
    council user to. The money counts once Stripe reports the session completed."""
    policies.require(by, "payments.finance", contract)
    check_amount(amount_pence)
    client = gateway.client()
    with transaction.atomic():
        funding = Funding.objects.create(
            contract=contract,
            method=FundingMethod.CHECKOUT,
            amount_pence=amount_pence,
            reference=_reference(),
            created_at=clock.now(),
            created_by=by,
        )
        record(
            AuditAction.PAYMENTS_FUNDING_CHECKOUT_STARTED,
            actor=by,
            target=contract,
            data={"funding": funding.uuid, "amount_pence": amount_pence},
        )
    contract_url = site_url(reverse("payments:contract", args=[contract.uuid]))
    metadata = {"funding": str(funding.uuid), "contract": str(contract.uuid)}
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "client_reference_id": str(funding.uuid),
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": CURRENCY,
                        "unit_amount": amount_pence,
                        "product_data": {
                            "name": f"Milestone funding: {contract.title}"[:250],
                            "description": f"Reference {funding.reference}",
                        },
                    },
                }
            ],
            "metadata": metadata,
            "payment_intent_data": {
                "transfer_group": f"contract-{contract.uuid}",
                "metadata": metadata,
            },
            "success_url": f"{contract_url}?funding={funding.uuid}",
            "cancel_url": contract_url,
        },
        options={"idempotency_key": f"funding:{funding.uuid}:checkout"},
    )
    Funding.objects.filter(pk=funding.pk).update(stripe_checkout_session_id=session.id)
    funding.stripe_checkout_session_id = session.id
    return funding, session.url


@transaction.atomic
def funding_mark_received(*, funding: Funding, by) -> Funding:
    """A finance approver confirms that an invoiced bank transfer has arrived."""
    policies.require(by, "payments.finance", funding.contract)
    if funding.method != FundingMethod.BANK_TRANSFER:
        raise PaymentRefused("Card payments are confirmed by Stripe, not by hand.")
    return _funding_received(
        funding=funding, amount_pence=funding.amount_pence, by=by, occurred_at=clock.now()
    )


@transaction.atomic
def funding_checkout_completed(*, session: dict, occurred_at: datetime) -> Funding | None:
    """Stripe says a Checkout session finished. Returns the funding it paid, if it is ours."""
    funding = Funding.objects.filter(stripe_checkout_session_id=session["id"]).first()
    if funding is None:
        reference = (session.get("metadata") or {}).get("funding") or session.get(
            "client_reference_id"
        )
        funding = Funding.objects.filter(uuid=reference).first() if reference else None
    if funding is None or session.get("payment_status") != "paid":
        return None
    if not funding.stripe_payment_intent_id and session.get("payment_intent"):
        Funding.objects.filter(pk=funding.pk).update(
            stripe_payment_intent_id=session["payment_intent"]
        )
    amount = session.get("amount_total") or funding.amount_pence
    return _funding_received(
        funding=funding,
        amount_pence=amount,
        by=None,
        occurred_at=occurred_at,
        stripe_object_id=session.get("payment_intent") or session["id"],
    )


def _funding_received(
    *, funding: Funding, amount_pence: int, by, occurred_at, stripe_object_id: str = ""
) -> Funding:
    funding = Funding.objects.select_for_update().select_related("contract").get(pk=funding.pk)
    if funding.is_received:
        return funding
    contract = funding.contract
    holding = (
        ledger.PLATFORM_HOLDING
        if funding.method == FundingMethod.CHECKOUT
        else ledger.PLATFORM_BANK
    )
    ledger.post(
        key=f"funding:{funding.uuid}:received",
        kind=LedgerKind.FUNDING,
        contract=contract,
        description=f"Funding {funding.reference} from {contract.council} for {contract}",
        lines=[
            ledger.debit(holding, amount_pence),
            ledger.credit(ledger.council_funding(contract), amount_pence),
        ],
        occurred_at=occurred_at,
        stripe_object_id=stripe_object_id,
    )
    funding.status = FundingStatus.RECEIVED
    funding.received_at = occurred_at
    funding.received_recorded_by = by
    funding.amount_pence = amount_pence
    funding.save(update_fields=["status", "received_at", "received_recorded_by", "amount_pence"])
    record(
        AuditAction.PAYMENTS_FUNDING_RECEIVED,
        actor=by,
        target=contract,
        data={"funding": funding.uuid, "amount_pence": amount_pence, "method": funding.method},
    )
    return funding
