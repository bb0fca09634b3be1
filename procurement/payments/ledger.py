"""The payments ledger: append-only, double-entry, in pence.

Every money movement is one `LedgerTransaction` of two or more entries whose debits equal its
credits, posted through `post()`. A transaction's key names the business event, so reporting the
same event twice (an API response and then its webhook, a retry, a duplicate delivery) posts it
once. Rows are never changed or deleted: the models refuse, and on PostgreSQL so does a trigger.

Accounts, from the platform's point of view:

- `platform_holding`: money in the platform's Stripe balance (an asset: debits add to it);
- `platform_bank`: money councils paid into the platform's bank account against an invoice;
- `council_funding:<contract uuid>`: money held for a contract (owed to the council until it is
  paid out: credits add to it);
- `supplier:<organisation id>`: approved payments owed to a supplier, credited on approval and
  debited when the transfer is made, so its credit balance is "approved, not yet sent";
- `platform_fees`: the platform's fee on each transfer, if PAYMENTS_PLATFORM_FEE_BPS is set.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum

from procurement import clock

from .models import Direction, LedgerEntry, LedgerKind, LedgerTransaction

PLATFORM_HOLDING = "platform_holding"
PLATFORM_BANK = "platform_bank"
PLATFORM_FEES = "platform_fees"


def council_funding(contract) -> str:
    return f"council_funding:{contract.uuid}"


def supplier(organisation_id: int) -> str:
    return f"supplier:{organisation_id}"


@dataclass(frozen=True)
class Line:
    account: str
    direction: Direction
    amount_pence: int


def debit(account: str, amount_pence: int) -> Line:
    return Line(account, Direction.DEBIT, amount_pence)


def credit(account: str, amount_pence: int) -> Line:
    return Line(account, Direction.CREDIT, amount_pence)


class UnbalancedTransaction(ValueError):
    pass


def post(
    *,
    key: str,
    kind: LedgerKind,
    contract,
    description: str,
    lines: Iterable[Line],
    occurred_at: datetime | None = None,
    stripe_object_id: str = "",
) -> LedgerTransaction | None:
    """Post one balanced transaction, or nothing if `key` has been posted before.

    Returns the new transaction, or None when the key was already there. Lines of zero are
    left out (a fee of nothing is no movement)."""
    lines = [line for line in lines if line.amount_pence]
    _check_balanced(lines)
    now = clock.now()
    try:
        # A savepoint, so a duplicate key leaves the caller's transaction usable.
        with transaction.atomic():
            posted = LedgerTransaction(
                key=key,
                kind=kind,
                contract=contract,
                description=description[:255],
                stripe_object_id=stripe_object_id,
                occurred_at=occurred_at or now,
                recorded_at=now,
            )
            posted.save()
            LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    transaction=posted,
                    account=line.account,
                    direction=line.direction,
                    amount_pence=line.amount_pence,
                )
                for line in lines
            )
    except IntegrityError:
        if LedgerTransaction.objects.filter(key=key).exists():
            return None
        raise
    return posted


def is_posted(key: str) -> bool:
    return LedgerTransaction.objects.filter(key=key).exists()


def _check_balanced(lines: list[Line]) -> None:
    if len(lines) < 2:
        raise UnbalancedTransaction("A ledger transaction needs at least two entries.")
    if any(line.amount_pence < 0 for line in lines):
        raise UnbalancedTransaction("Ledger amounts are positive; the direction gives the sign.")
    debits = sum(line.amount_pence for line in lines if line.direction == Direction.DEBIT)
    credits = sum(line.amount_pence for line in lines if line.direction == Direction.CREDIT)
    if debits != credits:
        raise UnbalancedTransaction(
            f"Debits ({debits}p) and credits ({credits}p) of a ledger transaction must be equal."
        )


# --- reading the ledger -------------------------------------------------------------------------


def balance(account: str) -> int:
    """Debits minus credits on `account`, in pence."""
    totals = LedgerEntry.objects.filter(account=account).aggregate(
        debits=Sum("amount_pence", filter=Q(direction=Direction.DEBIT), default=0),
        credits=Sum("amount_pence", filter=Q(direction=Direction.CREDIT), default=0),
    )
    return totals["debits"] - totals["credits"]


def contract_funds_available(contract) -> int:
    """Money held for `contract` and not yet committed to an approved payment."""
    return -balance(council_funding(contract))


def balances() -> dict[str, int]:
    """Every account's debits minus credits."""
    result: dict[str, int] = defaultdict(int)
    for account, direction, amount in LedgerEntry.objects.values_list(
        "account", "direction", "amount_pence"
    ):
        result[account] += amount if direction == Direction.DEBIT else -amount
    return dict(result)


def unbalanced_transactions() -> list[str]:
    """Keys of any transactions whose debits and credits differ (there should be none)."""
    totals: dict[int, int] = defaultdict(int)
    counts: dict[int, int] = defaultdict(int)
    for transaction_id, direction, amount in LedgerEntry.objects.values_list(
        "transaction_id", "direction", "amount_pence"
    ):
        totals[transaction_id] += amount if direction == Direction.DEBIT else -amount
        counts[transaction_id] += 1
    bad = {pk for pk, total in totals.items() if total != 0 or counts[pk] < 2}
    bad |= set(LedgerTransaction.objects.exclude(pk__in=counts.keys()).values_list("pk", flat=True))
    return list(LedgerTransaction.objects.filter(pk__in=bad).values_list("key", flat=True))


def entries_for_contract(contract):
    return (
        LedgerEntry.objects.filter(transaction__contract=contract)
        .select_related("transaction")
        .order_by("transaction__recorded_at", "transaction__pk", "pk")
    )
