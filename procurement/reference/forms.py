import re

from django import forms
from django.core.exceptions import ValidationError

from procurement.reference.cpv import EXAMPLE_CODE, normalise_cpv_codes

_SEPARATORS = re.compile(r"[\s,;]+")


class CpvCodeListField(forms.CharField):
    """A box for typing CPV 2008 codes; cleans to a list of full codes in the order typed."""

    widget = forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"})
    default_error_messages = {
        "required": "Enter at least one CPV code.",
        "too_many": "Enter %(limit)s CPV codes or fewer. You entered %(count)s.",
    }

    def __init__(self, *, max_codes: int = 20, **kwargs):
        self.max_codes = max_codes
        kwargs.setdefault("label", "CPV codes")
        kwargs.setdefault(
            "help_text",
            f"Enter up to {max_codes} codes, separated by commas, spaces or new lines. "
            f"Each code is 8 digits, with or without the check digit after the dash, "
            f"for example {EXAMPLE_CODE} or {EXAMPLE_CODE[:8]}.",
        )
        super().__init__(**kwargs)

    @staticmethod
    def split(text: str) -> list[str]:
        return [token for token in _SEPARATORS.split(text or "") if token]

    def clean(self, value) -> list[str]:
        text = super().clean(value)
        tokens = self.split(text)
        if not tokens:
            # Text made only of separators is as empty as a blank box.
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        count = len(dict.fromkeys(tokens))
        # Checked before any lookup so a pasted spreadsheet column costs no query.
        if count > self.max_codes:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": self.max_codes, "count": count},
            )
        return normalise_cpv_codes(tokens)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def has_changed(self, initial, data) -> bool:
        if self.disabled:
            return False
        return self.split(self.prepare_value(initial)) != self.split(data)
