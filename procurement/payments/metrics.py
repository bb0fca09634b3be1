"""How quickly a council pays: the figures for its payments compliance notice.

The Procurement Act 2023 (s.68) requires payment within 30 days of a valid invoice, and s.69
has contracting authorities publish how many payments they made within that time. Here a
supplier's milestone claim is the invoice, and it is paid when the transfer to the supplier's
Stripe account is made (the payout). A claim unpaid after 30 days counts as late already.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from procurement import clock

from .lifecycle import ClaimStatus

PAYMENT_TERMS = timedelta(days=30)
SECONDS_PER_DAY = 86_400


def _days(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / SECONDS_PER_DAY


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class ClaimTiming:
    claim: object
    days_to_approval: float | None
    days_to_payout: float | None
    # None while it is too early to tell: unpaid and not yet 30 days old.
    paid_on_time: bool | None


def claim_timing(claim, *, now: datetime) -> ClaimTiming:
    transfer = getattr(claim, "transfer", None)
    paid_at = transfer.sent_at if transfer is not None and transfer.is_sent else None
    if paid_at is not None:
        on_time = paid_at - claim.submitted_at <= PAYMENT_TERMS
    elif claim.status == ClaimStatus.REJECTED:
        # A rejected claim was not a valid invoice; it is neither on time nor late.
        on_time = None
    else:
        on_time = False if now - claim.submitted_at > PAYMENT_TERMS else None
    return ClaimTiming(
        claim=claim,
        days_to_approval=_days(claim.submitted_at, claim.approved_at),
        days_to_payout=_days(claim.approved_at, paid_at),
        paid_on_time=on_time,
    )


@dataclass
class PaymentTimes:
    """Averages over a set of claims."""

    timings: list[ClaimTiming] = field(default_factory=list)

    @property
    def average_days_to_approval(self) -> float | None:
        return _mean([t.days_to_approval for t in self.timings if t.days_to_approval is not None])

    @property
    def average_days_to_payout(self) -> float | None:
        return _mean([t.days_to_payout for t in self.timings if t.days_to_payout is not None])

    @property
    def counted(self) -> int:
        """Claims that are paid, or unpaid past 30 days."""
        return sum(1 for t in self.timings if t.paid_on_time is not None)

    @property
    def paid_on_time(self) -> int:
        return sum(1 for t in self.timings if t.paid_on_time)

    @property
    def share_paid_within_30_days(self) -> float | None:
        return self.paid_on_time / self.counted if self.counted else None


@dataclass(frozen=True)
class ContractTimes:
    contract: object
    times: PaymentTimes


@dataclass(frozen=True)
class CouncilTimes:
    contracts: list[ContractTimes]
    overall: PaymentTimes


def council_payment_times(contracts, *, now: datetime | None = None) -> CouncilTimes:
    """Per contract and overall, from contracts with their milestones' claims and transfers
    already fetched (selectors.council_contracts)."""
    now = now or clock.now()
    rows, overall = [], PaymentTimes()
    for contract in contracts:
        times = PaymentTimes()
        for milestone in contract.milestones.all():
            for claim in milestone.payment_claims.all():
                times.timings.append(claim_timing(claim, now=now))
        overall.timings.extend(times.timings)
        rows.append(ContractTimes(contract=contract, times=times))
    return CouncilTimes(contracts=rows, overall=overall)
