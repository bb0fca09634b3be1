"""A signed contract with milestones for the payments tests, and Stripe's side of things:
stripe-mock for the API, and events signed the way Stripe signs them."""

import json
import time
import uuid
from datetime import date, timedelta

import pytest
import stripe

from procurement import clock
from procurement.awards.models import Award, AwardDecision, Contract, Milestone
from procurement.buyers.roles import Role
from procurement.payments.models import ConnectedAccount
from tenders.models import Proposal
from tests.factories import ChallengeFactory, MembershipFactory, UserFactory, with_totp

WEBHOOK_SECRET = "whsec_test_payments"


def make_contract(council, organisation, *, milestones=(400_000, 600_000), title=None):
    """A contract as procurement.awards creates it when standstill ends, built from rows."""
    challenge = ChallengeFactory(council=council, published=True)
    now = clock.now()
    proposal = Proposal.objects.create(
        challenge=challenge,
        organisation=organisation,
        status="submitted",
        created_at=now,
        updated_at=now,
    )
    decision = AwardDecision.objects.create(
        challenge=challenge,
        status="concluded",
        rationale="Best value.",
        proposed_at=now - timedelta(days=20),
        concluded_at=now - timedelta(days=1),
    )
    award = Award.objects.create(
        decision=decision,
        proposal=proposal,
        organisation=organisation,
        value_pence=sum(milestones),
        rank=1,
    )
    contract = Contract.objects.create(
        award=award,
        challenge=challenge,
        council=council,
        organisation=organisation,
        title=title or f"Contract for {challenge.title}",
        value_pence=sum(milestones),
        signed_at=now - timedelta(days=1),
    )
    for number, amount in enumerate(milestones, start=1):
        Milestone.objects.create(
            contract=contract,
            number=number,
            title=f"Milestone {number}",
            amount_pence=amount,
            due_date=date.today() + timedelta(days=30 * number),
        )
    return contract


@pytest.fixture
def contract(council, supplier_organisation, supplier_owner):
    return make_contract(council, supplier_organisation)


@pytest.fixture
def milestone(contract):
    return contract.milestones.get(number=1)


@pytest.fixture
def second_finance_approver(council):
    user = with_totp(UserFactory(email="finance2@testshire.example"))
    MembershipFactory(council=council, user=user, role=Role.FINANCE_APPROVER)
    return user


@pytest.fixture
def stripe_on(settings, stripe_api_base):
    """The portal configured for Stripe, talking to stripe-mock."""
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_ENABLED = True
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return WEBHOOK_SECRET


@pytest.fixture
def payouts_enabled_account(supplier_organisation):
    """The supplier's Stripe account, onboarded and able to receive payouts."""
    return ConnectedAccount.objects.create(
        organisation=supplier_organisation,
        stripe_account_id="acct_testworks",
        payouts_enabled=True,
        charges_enabled=True,
        details_submitted=True,
        state_as_of=clock.now() - timedelta(days=1),
        created_at=clock.now() - timedelta(days=1),
    )


def event(type_: str, obj: dict, *, created: int | None = None, account: str | None = None):
    """A Stripe event as the API would send it."""
    body = {
        "id": f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": stripe.api_version,
        "created": created if created is not None else int(time.time()),
        "livemode": False,
        "type": type_,
        "data": {"object": obj},
    }
    if account:
        body["account"] = account
    return body


def signed(body: dict, secret: str = WEBHOOK_SECRET) -> tuple[str, str]:
    """The payload and Stripe-Signature header, computed by the stripe library itself."""
    payload = json.dumps(body)
    return payload, stripe.WebhookSignature.generate_signature_header(payload, secret)


@pytest.fixture
def deliver(client, webhook_secret):
    """POST an event to the endpoint, signed as Stripe signs it."""

    def post(body: dict, *, secret: str = WEBHOOK_SECRET, header: str | None = None):
        payload, signature = signed(body, secret)
        headers = {} if header == "" else {"HTTP_STRIPE_SIGNATURE": header or signature}
        return client.post(
            "/payments/webhooks/stripe/", payload, content_type="application/json", **headers
        )

    return post
