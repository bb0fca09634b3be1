"""What every payment module shares: the currency, the refusal, Stripe's times and the fee."""

from datetime import UTC, datetime

from django.conf import settings

CURRENCY = "gbp"


class PaymentRefused(Exception):
    """A payment action that cannot happen; the message is for the person who tried."""


def stripe_time(timestamp: int | None) -> datetime | None:
    return None if timestamp is None else datetime.fromtimestamp(int(timestamp), tz=UTC)


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def platform_fee(amount_pence: int) -> int:
    """The platform's cut of a milestone payment, rounded down to the penny."""
    return amount_pence * settings.PAYMENTS_PLATFORM_FEE_BPS // 10_000


def check_amount(amount_pence: int) -> None:
    if not amount_pence or amount_pence <= 0:
        raise PaymentRefused("Enter an amount more than £0.")
