"""The one place the portal talks to Stripe: a `StripeClient` configured from the environment.

With no STRIPE_SECRET_KEY, payments are "not configured" and nothing here is called.
STRIPE_API_BASE points the official library at stripe-mock for tests and demos."""

from functools import cache

import stripe
from django.conf import settings


class PaymentsNotConfigured(Exception):
    pass


def configured() -> bool:
    return settings.STRIPE_ENABLED


@cache
def _client_for(secret_key: str, api_base: str) -> stripe.StripeClient:
    base_addresses = {"api": api_base, "connect": api_base, "files": api_base} if api_base else {}
    return stripe.StripeClient(secret_key, base_addresses=base_addresses, max_network_retries=2)


def client() -> stripe.StripeClient:
    if not configured():
        raise PaymentsNotConfigured("Stripe is not configured: set STRIPE_SECRET_KEY.")
    return _client_for(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)
