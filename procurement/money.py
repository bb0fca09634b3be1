"""Money is stored as whole pence (integers) with a currency; people type and read pounds."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

PENCE_PER_POUND = 100


def format_pounds(pence: int | None) -> str:
    """5000000 -> "£50,000"; 1234 -> "£12.34"."""
    if pence is None or pence == "":
        return ""
    whole, part = divmod(int(pence), PENCE_PER_POUND)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


MAX_POUNDS = 10**12


def pounds_to_pence(text) -> int:
    cleaned = str(text).strip().replace(",", "").removeprefix("£").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(
            "Enter an amount in pounds, like 50000 or 49999.99.", code="invalid"
        ) from None
    if not amount.is_finite():
        raise ValidationError(
            "Enter an amount in pounds, like 50000 or 49999.99.", code="invalid"
        ) from None
    if amount < 0:
        raise ValidationError("Enter an amount of £0 or more.", code="negative")
    if amount >= MAX_POUNDS:
        # Beyond any contract, and beyond what exact arithmetic in pence is kept for.
        raise ValidationError(f"Enter an amount less than £{MAX_POUNDS:,}.", code="too_large")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError("Enter an amount with no more than 2 decimal places.", code="pence")
    return int((amount * PENCE_PER_POUND).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class PoundsFormField(forms.CharField):
    """Shows and accepts pounds; cleans to whole pence."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        kwargs.pop("step_size", None)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        if isinstance(value, int):
            whole, part = divmod(value, PENCE_PER_POUND)
            return str(whole) if part == 0 else f"{whole}.{part:02d}"
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return pounds_to_pence(value)


class PenceField(models.PositiveBigIntegerField):
    """An amount in pence; its form field takes pounds."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PoundsFormField, **kwargs})
