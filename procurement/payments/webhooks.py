"""Stripe's events, received at one endpoint.

Each event is checked against the endpoint secret with the stripe library's own verification,
stored by its id (a repeat delivery is acknowledged and not processed again), and handed to the
service that records what it reports. Events may arrive late, twice or out of order: the
services compare Stripe's `created` times and only ever move state forward, and every ledger
posting has a unique key.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from procurement import clock

from . import services
from .models import RejectedWebhook, Transfer, WebhookEvent

log = logging.getLogger(__name__)


class WebhookRejected(Exception):
    """The request did not come from Stripe, as far as we can tell."""


@dataclass(frozen=True)
class Receipt:
    event_id: str
    outcome: str  # "processed", "ignored", "stale" or "duplicate"


def verify(payload: bytes, signature: str | None) -> dict:
    """The event in a request, if its Stripe-Signature header is valid for our secret."""
    try:
        stripe.WebhookSignature.verify_header(
            payload,
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=stripe.Webhook.DEFAULT_TOLERANCE,
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise WebhookRejected(str(error).splitlines()[0][:255]) from error
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise WebhookRejected("The payload is not a Stripe event.")
    return event


def reject(*, payload: bytes, reason: str, remote_addr: str = "") -> None:
    log.warning("Refused a Stripe webhook from %s: %s", remote_addr or "unknown", reason)
    RejectedWebhook.objects.create(
        received_at=clock.now(),
        reason=reason[:255],
        remote_addr=remote_addr[:64],
        body_sha256=hashlib.sha256(payload).hexdigest(),
    )


def receive(event: dict) -> Receipt:
    """Store and process a verified event, exactly once."""
    created = datetime.fromtimestamp(int(event.get("created") or 0), tz=UTC)
    try:
        with transaction.atomic():
            stored = WebhookEvent.objects.create(
                stripe_event_id=event["id"],
                type=event["type"],
                created=created,
                received_at=clock.now(),
                payload=event,
            )
            outcome = _process(event, created=created)
            WebhookEvent.objects.filter(pk=stored.pk).update(
                processed_at=clock.now(), outcome=outcome
            )
    except IntegrityError:
        if WebhookEvent.objects.filter(stripe_event_id=event["id"]).exists():
            return Receipt(event["id"], "duplicate")
        raise
    return Receipt(event["id"], outcome)


def _process(event: dict, *, created: datetime) -> str:
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return "ignored"
    obj = (event.get("data") or {}).get("object") or {}
    return handler(event, obj, created)


def _checkout_session_completed(event, session, created) -> str:
    funding = services.funding_checkout_completed(session=session, occurred_at=created)
    return "processed" if funding else "ignored"


def _account_updated(event, account, created) -> str:
    updated = services.connected_account_update(account=account, as_of=created)
    return "processed" if updated else "stale"


def _our_transfer(stripe_transfer: dict) -> Transfer | None:
    transfer = Transfer.objects.filter(stripe_transfer_id=stripe_transfer.get("id")).first()
    if transfer is None:
        ours = (stripe_transfer.get("metadata") or {}).get("transfer")
        if ours:
            transfer = Transfer.objects.filter(uuid=ours).first()
    return transfer


def _transfer_created(event, stripe_transfer, created) -> str:
    transfer = _our_transfer(stripe_transfer)
    if transfer is None:
        return "ignored"
    services.transfer_confirmed(
        transfer=transfer,
        stripe_transfer_id=stripe_transfer["id"],
        occurred_at=datetime.fromtimestamp(stripe_transfer["created"], tz=UTC)
        if stripe_transfer.get("created")
        else created,
    )
    return "processed"


def _transfer_reversed(event, stripe_transfer, created) -> str:
    transfer = _our_transfer(stripe_transfer)
    if transfer is None:
        return "ignored"
    # Arriving before `transfer.created` (or before our API call returned): the event carries
    # the whole transfer, so it confirms the transfer first and the ledger stays in order.
    services.transfer_confirmed(
        transfer=transfer, stripe_transfer_id=stripe_transfer["id"], occurred_at=created
    )
    reversals = ((stripe_transfer.get("reversals") or {}).get("data")) or []
    services.transfer_reversal_reported(
        stripe_transfer=stripe_transfer,
        occurred_at=created,
        stripe_object_id=reversals[0]["id"] if reversals else "",
    )
    return "processed"


def _payout(event, payout, created) -> str:
    recorded = services.payout_reported(
        payout=payout, stripe_account_id=event.get("account") or "", as_of=created
    )
    return "processed" if recorded else "ignored"


HANDLERS = {
    "checkout.session.completed": _checkout_session_completed,
    "account.updated": _account_updated,
    "transfer.created": _transfer_created,
    "transfer.reversed": _transfer_reversed,
    "payout.paid": _payout,
    "payout.failed": _payout,
}
