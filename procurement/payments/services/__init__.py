"""Every change to payments: onboarding, funding, claims, approvals, transfers, reversals, one
module per stage; callers use the names re-exported here.

Money moves in two steps. A service records the intent — a `Transfer` or `Reversal` row with an
idempotency key derived from the milestone — in the same transaction as the decision, and asks
Stripe after commit (tasks.py). Whatever reports the outcome first (the API response, a webhook,
a retry) confirms it through one function, which posts the ledger under a unique key, so a
retry, a double click or a duplicated webhook never pays or records anything twice.
"""

from .claims import (
    claim_approve,
    claim_reject,
    claim_request_payment,
    claim_submit,
    finance_approver_count,
    milestone_claimable_pence,
    transfer_idempotency_key,
)
from .common import CURRENCY, PaymentRefused, platform_fee
from .funding import (
    funding_checkout_completed,
    funding_checkout_start,
    funding_invoice_create,
    funding_mark_received,
)
from .onboarding import (
    connected_account_onboarding_link,
    connected_account_refresh,
    connected_account_update,
)
from .payouts import payout_reported
from .transfers import (
    reversal_send,
    transfer_confirmed,
    transfer_retry,
    transfer_reversal_reported,
    transfer_reverse,
    transfer_send,
)

__all__ = [
    "CURRENCY",
    "PaymentRefused",
    "claim_approve",
    "claim_reject",
    "claim_request_payment",
    "claim_submit",
    "connected_account_onboarding_link",
    "connected_account_refresh",
    "connected_account_update",
    "finance_approver_count",
    "funding_checkout_completed",
    "funding_checkout_start",
    "funding_invoice_create",
    "funding_mark_received",
    "milestone_claimable_pence",
    "payout_reported",
    "platform_fee",
    "reversal_send",
    "transfer_confirmed",
    "transfer_idempotency_key",
    "transfer_retry",
    "transfer_reversal_reported",
    "transfer_reverse",
    "transfer_send",
]
