from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError

from procurement.money import format_pounds
from procurement.payments import gateway
from procurement.payments.reconciliation import reconcile


def _signed_pounds(pence: int) -> str:
    return f"-{format_pounds(-pence)}" if pence < 0 else format_pounds(pence)


class Command(BaseCommand):
    help = (
        "Compare the payments ledger with Stripe's balance transactions and report every "
        "difference. Exits non-zero if there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=lambda text: datetime.fromisoformat(text).replace(tzinfo=UTC),
            help="Only movements on or after this date (YYYY-MM-DD), on both sides.",
        )

    def handle(self, *args, since=None, **options):
        if not gateway.configured():
            raise CommandError("Stripe is not configured: set STRIPE_SECRET_KEY.")
        result = reconcile(since=since)
        self.stdout.write(f"Matched: {len(result.matched)} Stripe objects.")
        for object_id, ours, theirs in result.amounts_differ:
            self.stdout.write(
                f"Amounts differ for {object_id}: ledger {_signed_pounds(ours)}, "
                f"Stripe {_signed_pounds(theirs)}."
            )
        for object_id, ours in result.in_ledger_only:
            self.stdout.write(
                f"In the ledger but not at Stripe: {object_id} ({_signed_pounds(ours)})."
            )
        for object_id, theirs, kind in result.at_stripe_only:
            self.stdout.write(
                f"At Stripe but not in the ledger: {object_id} ({kind}, {_signed_pounds(theirs)})."
            )
        if result.stripe_fees_pence:
            self.stdout.write(
                f"Stripe fees on these movements: {format_pounds(result.stripe_fees_pence)}."
            )
        if result.differences:
            raise CommandError(f"{result.differences} difference(s) between ledger and Stripe.")
        self.stdout.write("The ledger agrees with Stripe.")
