"""Comparing the ledger with Stripe's balance transactions, so a finance team can see that
every movement of the platform's Stripe balance is in the ledger and nothing else is.

Each ledger transaction that moved `platform_holding` names the Stripe object behind it (a
transfer, a reversal, a Checkout payment). Stripe's balance transactions name theirs as their
`source`. The two are matched by that id and their amounts compared.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from . import gateway, ledger
from .models import Direction, LedgerEntry

# Balance transactions that are not contract money: the platform's own payouts to its bank,
# Stripe's invoices for its services, and so on.
NOT_CONTRACT_MONEY = frozenset({"payout", "payout_cancel", "payout_failure", "stripe_fee"})


@dataclass(frozen=True)
class StripeMovement:
    source: str
    amount_pence: int
    fee_pence: int
    type: str
    # Other ids the same money is known by (a charge's PaymentIntent).
    aliases: tuple[str, ...] = ()


@dataclass
class Reconciliation:
    matched: list[tuple[str, int]] = field(default_factory=list)
    # (Stripe object, ledger amount, Stripe amount)
    amounts_differ: list[tuple[str, int, int]] = field(default_factory=list)
    in_ledger_only: list[tuple[str, int]] = field(default_factory=list)
    at_stripe_only: list[tuple[str, int, str]] = field(default_factory=list)
    stripe_fees_pence: int = 0

    @property
    def differences(self) -> int:
        return len(self.amounts_differ) + len(self.in_ledger_only) + len(self.at_stripe_only)


def ledger_movements(*, since: datetime | None = None) -> dict[str, int]:
    """The ledger's net movement of the platform's Stripe balance, by Stripe object id."""
    entries = LedgerEntry.objects.filter(account=ledger.PLATFORM_HOLDING).exclude(
        transaction__stripe_object_id=""
    )
    if since is not None:
        entries = entries.filter(transaction__occurred_at__gte=since)
    movements: dict[str, int] = defaultdict(int)
    for object_id, direction, amount in entries.values_list(
        "transaction__stripe_object_id", "direction", "amount_pence"
    ):
        movements[object_id] += amount if direction == Direction.DEBIT else -amount
    return dict(movements)


def stripe_movements(*, since: datetime | None = None) -> list[StripeMovement]:
    """Stripe's balance transactions for the platform account, through the API."""
    params: dict = {"limit": 100, "expand": ["data.source"]}
    if since is not None:
        params["created"] = {"gte": int(since.timestamp())}
    found = []
    listing = gateway.client().v1.balance_transactions.list(params=params)
    for item in listing.auto_paging_iter():
        transaction = item.to_dict()
        source = transaction.get("source")
        source_id = source if isinstance(source, str) else (source or {}).get("id", "")
        aliases = ()
        if not isinstance(source, str) and source and source.get("payment_intent"):
            payment_intent = source["payment_intent"]
            aliases = (payment_intent if isinstance(payment_intent, str) else payment_intent["id"],)
        found.append(
            StripeMovement(
                source=source_id or transaction["id"],
                amount_pence=int(transaction["amount"]),
                fee_pence=int(transaction.get("fee") or 0),
                type=transaction.get("type", ""),
                aliases=aliases,
            )
        )
    return found


def compare(ledger_side: dict[str, int], stripe_side: list[StripeMovement]) -> Reconciliation:
    """Match the two sides by Stripe object id and report every difference."""
    result = Reconciliation()
    grouped: dict[str, StripeMovement] = {}
    for movement in stripe_side:
        if movement.type in NOT_CONTRACT_MONEY:
            continue
        result.stripe_fees_pence += movement.fee_pence
        earlier = grouped.get(movement.source)
        grouped[movement.source] = (
            movement
            if earlier is None
            else StripeMovement(
                source=movement.source,
                amount_pence=earlier.amount_pence + movement.amount_pence,
                fee_pence=earlier.fee_pence + movement.fee_pence,
                type=earlier.type,
                aliases=earlier.aliases + movement.aliases,
            )
        )
    remaining = dict(ledger_side)
    for movement in grouped.values():
        key = next((k for k in (movement.source, *movement.aliases) if k in remaining), None)
        if key is None:
            result.at_stripe_only.append((movement.source, movement.amount_pence, movement.type))
            continue
        ours = remaining.pop(key)
        if ours == movement.amount_pence:
            result.matched.append((key, ours))
        else:
            result.amounts_differ.append((key, ours, movement.amount_pence))
    result.in_ledger_only = sorted(remaining.items())
    return result


def reconcile(*, since: datetime | None = None) -> Reconciliation:
    return compare(ledger_movements(since=since), stripe_movements(since=since))
