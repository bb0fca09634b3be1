from django import forms

from procurement.money import PoundsFormField

from .models import FundingMethod


class ClaimForm(forms.Form):
    amount_pence = PoundsFormField(
        label="Amount to claim (£)",
        error_messages={"required": "Enter the amount you are claiming."},
    )
    evidence = forms.CharField(
        label="What did you deliver?",
        help_text="Describe the work, and where the council can see or check it.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Describe what you delivered."},
    )
    evidence_url = forms.URLField(
        label="Link to the evidence (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://example.org/report."},
    )


class FundingForm(forms.Form):
    amount_pence = PoundsFormField(
        label="Amount (£)", error_messages={"required": "Enter the amount to fund."}
    )
    method = forms.ChoiceField(
        label="How will the council pay?",
        choices=FundingMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the council will pay."},
    )

    def __init__(self, *args, checkout_available: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not checkout_available:
            self.fields["method"].choices = [
                (value, label)
                for value, label in FundingMethod.choices
                if value != FundingMethod.CHECKOUT
            ]


class ApproveForm(forms.Form):
    amount_pence = PoundsFormField(
        label="Amount to pay (£)",
        help_text="Pay less than the claim for a partial payment; the supplier can claim the "
        "rest later.",
        error_messages={"required": "Enter the amount to pay."},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a reason."},
    )
