import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from procurement.payments import simulation

DEFAULT_URL = "http://127.0.0.1:8000/payments/webhooks/stripe/"


class Command(BaseCommand):
    help = (
        "Development only: send a correctly signed Stripe event to the portal's webhook "
        "endpoint, playing Stripe's side of the demo. For example: "
        "`send_test_webhook account.updated --organisation bright-futures-cic` makes the "
        "supplier's Stripe account ready to be paid; `send_test_webhook payout.paid "
        "--organisation bright-futures-cic` pays what it has been sent into its bank."
    )

    def add_arguments(self, parser):
        parser.add_argument("type", choices=simulation.SUPPORTED)
        parser.add_argument("--organisation", help="Supplier organisation slug (account, payout).")
        parser.add_argument("--transfer", help="Transfer: our UUID or Stripe's tr_ id.")
        parser.add_argument("--funding", help="Checkout funding reference, e.g. CX-1A2B3C4D.")
        parser.add_argument("--url", default=DEFAULT_URL, help=f"Endpoint (default {DEFAULT_URL}).")

    def handle(self, *args, type, organisation, transfer, funding, url, **options):
        if settings.PRODUCTION:
            raise CommandError("send_test_webhook is for development; it never runs in production.")
        if not settings.STRIPE_WEBHOOK_SECRET:
            raise CommandError(
                "Set STRIPE_WEBHOOK_SECRET (the portal must be run with the same one)."
            )
        if urlsplit(url).scheme not in {"http", "https"}:
            raise CommandError("The endpoint must be an http or https URL.")
        try:
            event = self._event(type, organisation=organisation, transfer=transfer, funding=funding)
        except simulation.NothingToSimulate as nothing:
            raise CommandError(str(nothing)) from nothing
        body, signature = simulation.signed(event)
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                outcome = response.read().decode()
        except urllib.error.HTTPError as error:
            raise CommandError(
                f"The endpoint answered {error.code}: {error.read().decode()}"
            ) from error
        except urllib.error.URLError as error:
            raise CommandError(f"Could not reach {url}: {error.reason}") from error
        self.stdout.write(f"Sent {type} ({event['id']}): {outcome}.")

    @staticmethod
    def _event(type, *, organisation, transfer, funding) -> dict:
        def need(value, option):
            if not value:
                raise simulation.NothingToSimulate(f"{type} needs --{option}.")
            return value

        if type == "account.updated":
            return simulation.account_ready(need(organisation, "organisation"))
        if type in {"payout.paid", "payout.failed"}:
            return simulation.payout(need(organisation, "organisation"), paid=type == "payout.paid")
        if type in {"transfer.created", "transfer.reversed"}:
            return simulation.transfer(
                need(transfer, "transfer"), reversed_=type == "transfer.reversed"
            )
        return simulation.checkout_completed(need(funding, "funding"))
