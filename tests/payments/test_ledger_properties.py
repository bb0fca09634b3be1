"""Property: whatever happens — funding, claims, approvals, retries, duplicated or out-of-order
webhooks, reversals — the ledger balances and agrees with what the payment rows say.

Hypothesis generates sequences of actions; each example runs in a savepoint that is rolled
back, so examples never see each other's rows. The webhook variant runs on every profile; the
API variant sends transfers and reversals through the stripe library to stripe-mock."""

import contextlib
import time
from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from procurement.payments import ledger, lifecycle, services, webhooks
from procurement.payments.lifecycle import ClaimStatus, ClaimTransitionRefused
from procurement.payments.models import (
    Funding,
    LedgerEntry,
    LedgerTransaction,
    MilestoneClaim,
    Transfer,
)

from .conftest import event

REFUSALS = (services.PaymentRefused, ClaimTransitionRefused)

FUND = st.tuples(
    st.just("fund"), st.one_of(st.sampled_from([500_000, 1_000_000]), st.integers(1, 1_200_000))
)
# Claim a share of what is left of a milestone (over 100%: more than is left), and whether a
# council officer confirms the delivery straight away.
CLAIM = st.tuples(st.just("claim"), st.integers(0, 1), st.integers(1, 110), st.booleans())
REQUEST = st.tuples(st.just("request"), st.integers(0, 5))
APPROVE = st.tuples(st.just("approve"), st.integers(0, 5), st.integers(1, 100))
REJECT = st.tuples(st.just("reject"), st.integers(0, 5))
SEND = st.tuples(st.just("send"), st.integers(0, 5))
REVERSE = st.tuples(st.just("reverse"), st.integers(0, 5), st.integers(1, 100))
REPLAY = st.tuples(st.just("replay"), st.integers(0, 20))

# Weighted towards the steps that move a claim on, so most sequences get as far as paying
# and reversing; the council always starts with some funding.
actions = st.tuples(
    FUND,
    st.lists(
        st.one_of(
            FUND,
            CLAIM,
            CLAIM,
            REQUEST,
            REQUEST,
            APPROVE,
            APPROVE,
            APPROVE,
            REJECT,
            SEND,
            SEND,
            REVERSE,
            REVERSE,
            REPLAY,
        ),
        min_size=5,
        max_size=40,
    ),
).map(lambda first_and_rest: [first_and_rest[0], *first_and_rest[1]])

# A sequence that reaches every step, so each run covers the whole path at least once.
FULL_PATH = [
    ("fund", 1_000_000),
    ("claim", 0, 100, False),
    ("request", 0),
    ("approve", 0, 60),
    ("send", 0),
    ("send", 0),
    ("claim", 0, 100, True),
    ("approve", 1, 100),
    ("reverse", 1, 40),
    ("send", 1),
    ("reverse", 1, 100),
    ("replay", 3),
    ("replay", 1),
    ("claim", 1, 100, False),
    ("reject", 2),
]


def _pick(items, index):
    return items[index % len(items)] if items else None


class Run:
    """Plays a sequence of actions against the services, as people and Stripe would."""

    def __init__(self, *, contract, supplier, officer, finance, use_api):
        self.contract, self.supplier, self.officer, self.finance = (
            contract,
            supplier,
            officer,
            finance,
        )
        self.use_api = use_api
        self.milestones = list(contract.milestones.order_by("number"))
        self.delivered: list[dict] = []
        self.clock = int(time.time())

    def claims(self):
        return list(MilestoneClaim.objects.filter(milestone__contract=self.contract).order_by("pk"))

    def transfers(self):
        return list(Transfer.objects.order_by("pk"))

    def deliver(self, body):
        self.delivered.append(body)
        webhooks.receive(body)

    def next_created(self) -> int:
        self.clock += 1
        return self.clock

    def play(self, action):
        name, *args = action
        # Refusals are part of the game: the services must refuse what the rules forbid.
        with contextlib.suppress(*REFUSALS):
            getattr(self, name)(*args)

    def fund(self, amount):
        funding = services.funding_invoice_create(
            contract=self.contract, amount_pence=amount, by=self.finance
        )
        services.funding_mark_received(funding=funding, by=self.finance)

    def claim(self, milestone_index, percent, confirmed):
        milestone = self.milestones[milestone_index]
        claim = services.claim_submit(
            milestone=milestone,
            amount_pence=max(services.milestone_claimable_pence(milestone) * percent // 100, 1),
            evidence="Delivered.",
            by=self.supplier,
        )
        if confirmed:
            services.claim_request_payment(claim=claim, by=self.officer)

    def claims_in(self, *statuses):
        return [claim for claim in self.claims() if claim.status in statuses]

    def request(self, index):
        if claim := _pick(self.claims_in(ClaimStatus.SUBMITTED), index):
            services.claim_request_payment(claim=claim, by=self.officer)

    def approve(self, index, percent):
        # Includes claims already approved or paid: a double click, or a resubmitted form.
        candidates = self.claims_in(
            ClaimStatus.PAYMENT_REQUESTED, ClaimStatus.APPROVED, ClaimStatus.PAID
        )
        if claim := _pick(candidates, index):
            amount = max(claim.amount_pence * percent // 100, 1)
            services.claim_approve(claim=claim, by=self.finance, amount_pence=amount)

    def reject(self, index):
        if claim := _pick(self.claims(), index):
            services.claim_reject(claim=claim, by=self.officer, reason="Not delivered.")

    def _stripe_transfer(self, transfer, *, amount_reversed=0):
        return {
            "id": f"tr_prop_{transfer.pk}",
            "object": "transfer",
            "amount": transfer.net_pence,
            "amount_reversed": amount_reversed,
            "created": self.next_created(),
            "metadata": {"transfer": str(transfer.uuid)},
        }

    def send(self, index):
        transfer = _pick(self.transfers(), index)
        if transfer is None:
            return
        if self.use_api:
            services.transfer_send(transfer=transfer)
        else:
            self.deliver(
                event(
                    "transfer.created",
                    self._stripe_transfer(transfer),
                    created=self.next_created(),
                )
            )

    def reverse(self, index, percent):
        transfer = _pick(self.transfers(), index)
        if transfer is None:
            return
        if self.use_api:
            reversal = services.transfer_reverse(
                transfer=transfer, by=self.finance, reason="Paid in error."
            )
            services.reversal_send(reversal=reversal)
        else:
            # Stripe reports the transfer with its reversed amount so far; the event may come
            # before the transfer is confirmed at all.
            reversed_amount = transfer.net_pence * percent // 100
            self.deliver(
                event(
                    "transfer.reversed",
                    self._stripe_transfer(transfer, amount_reversed=reversed_amount),
                    created=self.next_created(),
                )
            )

    def replay(self, index):
        if body := _pick(self.delivered, index):
            webhooks.receive(body)


def assert_ledger_agrees_with_the_payments(contract):
    # Every transaction has at least two lines and its debits equal its credits.
    assert ledger.unbalanced_transactions() == []
    assert sum(ledger.balances().values()) == 0
    assert not LedgerEntry.objects.filter(amount_pence__lte=0).exists()

    transfers = list(Transfer.objects.select_related("claim"))
    funded = sum(f.amount_pence for f in Funding.objects.all() if f.is_received)
    returned = sum(
        t.amount_reversed_pence + (t.platform_fee_pence if t.is_fully_reversed else 0)
        for t in transfers
    )
    committed = sum(t.amount_pence for t in transfers)
    available = ledger.contract_funds_available(contract)
    assert available == funded - committed + returned
    assert available >= 0

    sent = [t for t in transfers if t.is_sent]
    assert ledger.balance(ledger.PLATFORM_HOLDING) == (
        -sum(t.net_pence for t in sent) + sum(t.amount_reversed_pence for t in sent)
    )
    # The supplier is owed exactly the approved transfers not yet made.
    assert ledger.balance(ledger.supplier(contract.organisation_id)) == -sum(
        t.net_pence for t in transfers if not t.is_sent
    )
    # One approval posting per transfer, one transfer posting per sent transfer.
    kinds = defaultdict(int)
    for kind in LedgerTransaction.objects.values_list("kind", flat=True):
        kinds[kind] += 1
    assert kinds["approval"] == len(transfers)
    assert kinds["transfer"] == len(sent)

    # No milestone is paid or promised beyond its amount.
    for milestone in contract.milestones.all():
        claims = MilestoneClaim.objects.filter(milestone=milestone)
        assert lifecycle.committed_pence(claims) <= milestone.amount_pence
        for claim in claims:
            transfer = next((t for t in transfers if t.claim_id == claim.pk), None)
            if lifecycle.is_paid(claim.status):
                assert transfer is not None and transfer.is_sent
            if claim.status == lifecycle.ClaimStatus.REVERSED:
                assert transfer.is_fully_reversed


def _play(actions, **people):
    with transaction.atomic():
        run = Run(**people)
        for action in actions:
            run.play(action)
        assert_ledger_agrees_with_the_payments(people["contract"])
        transaction.set_rollback(True)


@pytest.fixture
def people(
    settings, contract, supplier_owner, council_officer, finance_approver, payouts_enabled_account
):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_ENABLED = True
    return {
        "contract": contract,
        "supplier": supplier_owner,
        "officer": council_officer,
        "finance": finance_approver,
    }


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=actions)
@example(actions=FULL_PATH)
def test_the_ledger_balances_whatever_order_webhooks_arrive_in(people, actions):
    _play(actions, use_api=False, **people)


@pytest.mark.stripe
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=actions)
@example(actions=FULL_PATH)
def test_the_ledger_balances_through_stripe_api_calls_and_retries(people, stripe_api_base, actions):
    _play(actions, use_api=True, **people)
