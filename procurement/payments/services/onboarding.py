"""Suppliers' Stripe Connect accounts: onboarding links and their state from Stripe."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse

from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record

from .. import gateway
from ..models import (
    ConnectedAccount,
)
from .common import CURRENCY, site_url


def connected_account_onboarding_link(*, organisation, by) -> str:
    """The Stripe-hosted page where `organisation` sets up (or finishes setting up) its Express
    account. Creates the account on first use."""
    policies.require(by, "payments.manage_account", organisation)
    client = gateway.client()
    account = ConnectedAccount.objects.filter(organisation=organisation).first()
    if account is None:
        account = _create_connected_account(client, organisation=organisation, by=by)
    slug = organisation.slug
    link = client.v1.account_links.create(
        params={
            "account": account.stripe_account_id,
            "type": "account_onboarding",
            "return_url": site_url(reverse("payments:connect_return", args=[slug])),
            "refresh_url": site_url(reverse("payments:connect_refresh", args=[slug])),
        }
    )
    return link.url


def _create_connected_account(client, *, organisation, by) -> ConnectedAccount:
    created = client.v1.accounts.create(
        params={
            "type": "express",
            "country": "GB",
            "default_currency": CURRENCY,
            "business_profile": {"name": organisation.legal_name[:100]},
            "capabilities": {"transfers": {"requested": True}},
            "metadata": {"organisation_id": str(organisation.pk)},
        },
        # Two clicks on "Connect" must not make two accounts at Stripe.
        options={"idempotency_key": f"organisation:{organisation.pk}:connected-account"},
    )
    try:
        with transaction.atomic():
            account = ConnectedAccount.objects.create(
                organisation=organisation,
                stripe_account_id=created.id,
                created_at=clock.now(),
                created_by=by,
                **_account_state(created.to_dict(), as_of=clock.now()),
            )
            record(
                AuditAction.PAYMENTS_ACCOUNT_CONNECTED,
                actor=by,
                target=organisation,
                data={"stripe_account_id": created.id},
            )
    except IntegrityError:
        # A colleague's click got there first; theirs is the organisation's account.
        return ConnectedAccount.objects.get(organisation=organisation)
    return account


def _account_state(account: dict, *, as_of: datetime) -> dict:
    requirements = account.get("requirements") or {}
    return {
        "payouts_enabled": bool(account.get("payouts_enabled")),
        "charges_enabled": bool(account.get("charges_enabled")),
        "details_submitted": bool(account.get("details_submitted")),
        "requirements_due": list(requirements.get("currently_due") or []),
        "disabled_reason": requirements.get("disabled_reason") or "",
        "state_as_of": as_of,
    }


@transaction.atomic
def connected_account_update(*, account: dict, as_of: datetime) -> ConnectedAccount | None:
    """Apply what Stripe says about an account (from `account.updated` or a fresh read),
    unless we already hold something newer. Returns the account if it changed."""
    connected = (
        ConnectedAccount.objects.select_for_update().filter(stripe_account_id=account["id"]).first()
    )
    if connected is None or as_of < connected.state_as_of:
        return None
    was_enabled = connected.payouts_enabled
    for field, value in _account_state(account, as_of=as_of).items():
        setattr(connected, field, value)
    connected.save()
    if connected.payouts_enabled != was_enabled:
        record(
            AuditAction.PAYMENTS_ACCOUNT_PAYOUTS_ENABLED
            if connected.payouts_enabled
            else AuditAction.PAYMENTS_ACCOUNT_PAYOUTS_DISABLED,
            target=connected.organisation,
            data={"stripe_account_id": connected.stripe_account_id},
        )
    return connected


def connected_account_refresh(*, organisation, by) -> ConnectedAccount | None:
    """Read the account back from Stripe, as when the supplier returns from onboarding."""
    policies.require(by, "payments.manage_account", organisation)
    connected = ConnectedAccount.objects.filter(organisation=organisation).first()
    if connected is None:
        return None
    fetched = gateway.client().v1.accounts.retrieve(connected.stripe_account_id)
    return connected_account_update(account=fetched.to_dict(), as_of=clock.now()) or connected
