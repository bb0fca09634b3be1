"""The chair's award form and finance's approval form. They parse what was typed; the services
decide whether it is allowed."""

from django import forms
from django.core.exceptions import ValidationError

from procurement.money import PoundsFormField

from . import milestones
from .services import WinnerChoice

PLAN_ROWS = 4


class AwardProposalForm(forms.Form):
    """Winners (checkboxes), a value for each, the reasons, and a milestone plan of up to
    PLAN_ROWS steps (blank rows are left out)."""

    winners = forms.MultipleChoiceField(
        label="Proposals to award",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one proposal to award."},
    )
    rationale = forms.CharField(
        label="Reasons for choosing these winners",
        help_text="Finance and the evaluation report will show this. Refer to the agreed scores.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons for choosing these winners."},
    )

    def __init__(self, *args, rows, default_value_pence=None, max_awards=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [row for row in rows if not row.is_excluded]
        self.max_awards = max_awards
        self.fields["winners"].choices = [
            (
                row.label,
                f"Proposal {row.label}: {row.organisation.legal_name}, {row.points} points "
                f"({row.position_label})",
            )
            for row in self.rows
        ]
        if max_awards:
            self.fields[
                "winners"
            ].help_text = f"Select up to {max_awards}. Excluded proposals cannot be awarded."
        self.value_fields = []
        for row in self.rows:
            name = f"value_{row.label}"
            self.fields[name] = PoundsFormField(
                label=f"Value of the award to proposal {row.label} (£)",
                required=False,
                initial=default_value_pence,
                help_text=f"Used only if you award {row.organisation.legal_name}.",
                widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            )
            self.value_fields.append(name)
        self.plan_fields = []
        for number in range(1, PLAN_ROWS + 1):
            step = (
                milestones.DEFAULT_PLAN[number - 1]
                if number <= len(milestones.DEFAULT_PLAN)
                else None
            )
            self.fields[f"milestone_{number}_title"] = forms.CharField(
                label=f"Milestone {number}: title",
                required=False,
                max_length=200,
                initial=step.title if step else "",
            )
            self.fields[f"milestone_{number}_share"] = forms.IntegerField(
                label=f"Milestone {number}: share of the award (%)",
                required=False,
                min_value=1,
                max_value=100,
                initial=step.share_percent if step else None,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-3"}),
            )
            self.fields[f"milestone_{number}_months"] = forms.IntegerField(
                label=f"Milestone {number}: due (months after the contract starts)",
                required=False,
                min_value=0,
                max_value=milestones.MAX_MONTHS,
                initial=step.months_after_start if step else None,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-3"}),
            )
            self.plan_fields.append(
                [
                    f"milestone_{number}_title",
                    f"milestone_{number}_share",
                    f"milestone_{number}_months",
                ]
            )

    def value_rows(self):
        return [self[name] for name in self.value_fields]

    def plan_rows(self):
        return [[self[name] for name in row] for row in self.plan_fields]

    def clean(self):
        data = super().clean()
        steps = []
        for number, (title, share, months) in enumerate(self.plan_fields, start=1):
            values = [data.get(title), data.get(share), data.get(months)]
            if all(value in (None, "") for value in values):
                continue
            if any(value in (None, "") for value in values):
                self.add_error(
                    title,
                    f"Give milestone {number} a title, a share and when it is due, or leave "
                    "all three blank.",
                )
                continue
            steps.append(milestones.PlanStep(values[0], values[1], values[2]))
        data["plan"] = steps
        return data

    def choices(self):
        return [
            WinnerChoice(label=label, value_pence=self.cleaned_data.get(f"value_{label}"))
            for label in self.cleaned_data.get("winners", [])
        ]

    def add_service_errors(self, error: ValidationError) -> None:
        for name, problems in error.message_dict.items():
            if name == "milestones":
                self.add_error("milestone_1_title", problems)
            else:
                self.add_error(name if name in self.fields else None, problems)

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in the order of the page."""
        links = [("", str(error)) for error in self.non_field_errors()]
        for field in self:
            links += [(field.auto_id, str(error)) for error in field.errors]
        return links


class ApprovalForm(forms.Form):
    APPROVE, RETURN = "approve", "return"

    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[
            (APPROVE, "Approve the award and start the standstill period"),
            (RETURN, "Return it to the panel chair"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the award or return it."},
    )
    reason = forms.CharField(
        label="Reason for returning it",
        required=False,
        help_text="Only if you return it. The panel chair will see this.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.RETURN and not data.get("reason", "").strip():
            self.add_error("reason", "Enter the reason for returning the award to the chair.")
        return data
