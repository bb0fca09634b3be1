"""Forms for the panel. Each names its fields so that errors link to them from the summary."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections

from procurement.buyers.roles import Role

YES_NO = [("yes", "Yes"), ("no", "No")]


class ChoicesField(forms.ModelMultipleChoiceField):
    """Refuses a key no row could have before asking the database. Django keeps an out-of-range
    number out of an `exact` lookup but not out of the `in` lookup this field runs, and SQLite's
    driver raises on it instead of matching nothing."""

    default_error_messages = {
        "invalid_choice": "Select only from the options shown.",
        "invalid_pk_value": "Select only from the options shown.",
    }

    def _check_values(self, value):
        key = self.queryset.model._meta.pk
        if self.to_field_name:
            key = self.queryset.model._meta.get_field(self.to_field_name)
        ops = connections[self.queryset.db].ops
        if key.get_internal_type() in ops.integer_field_ranges:
            low, high = ops.integer_field_range(key.get_internal_type())
            for typed in value:
                try:
                    number = int(typed)
                except (TypeError, ValueError):
                    continue  # the parent refuses it with its own message
                if not low <= number <= high:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": typed},
                    )
        return super()._check_values(value)


class BlindForm(forms.Form):
    blind = forms.TypedChoiceField(
        label="Should evaluators see who submitted each proposal?",
        choices=[("yes", "No, evaluate blind"), ("no", "Yes, show supplier names")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether evaluators see supplier names."},
    )


class AssignForm(forms.Form):
    evaluator = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label="Evaluator",
        empty_label="Choose an evaluator",
        error_messages={"required": "Choose the evaluator to assign."},
    )
    proposals = ChoicesField(
        queryset=None,
        label="Proposals",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one proposal to assign."},
    )
    criteria = ChoicesField(
        queryset=None,
        label="Criteria",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every criterion.",
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        challenge = evaluation.challenge
        self.fields["evaluator"].queryset = (
            get_user_model()
            .objects.filter(
                council_memberships__council=challenge.council,
                council_memberships__role=Role.EVALUATOR,
                is_active=True,
            )
            .distinct()
            .order_by("email")
        )
        self.fields["evaluator"].label_from_instance = lambda user: user.email
        self.fields["proposals"].queryset = evaluation.proposals.order_by("label")
        self.fields["proposals"].label_from_instance = lambda item: f"Proposal {item.label}"
        self.fields["criteria"].queryset = challenge.criteria.order_by("sort_order", "pk")
        self.fields["criteria"].label_from_instance = lambda c: f"{c.name} ({c.weight}%)"


class DeclarationForm(forms.Form):
    has_conflict = forms.ChoiceField(
        label="Do you have a conflict of interest with any of these organisations?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="For example: you work or worked for it, you own shares in it, or a close "
        "friend or relative works there.",
        error_messages={"required": "Say whether you have a conflict of interest."},
    )
    conflicted_with = ChoicesField(
        queryset=None,
        label="Which organisations?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    details = forms.CharField(
        label="Describe the conflict",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    conditional_fields = {"has_conflict": {"yes": ["conflicted_with", "details"]}}

    def __init__(self, *args, bidders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicted_with"].queryset = bidders
        self.fields["conflicted_with"].label_from_instance = lambda org: org.legal_name

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") == "yes":
            if not data.get("conflicted_with"):
                self.add_error(
                    "conflicted_with", "Select the organisations you have a conflict with."
                )
            if not data.get("details", "").strip():
                self.add_error("details", "Describe the conflict, so the chair can judge it.")
        elif data.get("has_conflict") == "no":
            data["conflicted_with"] = []
            data["details"] = ""
        return data


def _score_choices(scale_max: int, descriptors: dict) -> list:
    return [("", "Not scored yet")] + [
        (str(n), descriptors.get(n, str(n))) for n in range(scale_max + 1)
    ]


def descriptors_of(criterion) -> dict[int, str]:
    """ "3: Good – …" lines as {3: "3: Good – …"}; lines without a number are ignored."""
    found = {}
    for line in criterion.descriptors.splitlines():
        head, _, _ = line.partition(":")
        if head.strip().isdigit():
            found[int(head.strip())] = line.strip()
    return found


class ScoresForm(forms.Form):
    """One score and justification per criterion, one mark and reason per pass/fail question."""

    def __init__(self, *args, progress, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion_rows = []
        for item in progress.scores:
            c = item.criterion
            score = forms.TypedChoiceField(
                label=f"Score for {c.name}",
                choices=_score_choices(c.scale_max, descriptors_of(c)),
                coerce=int,
                empty_value=None,
                required=False,
                initial="" if item.score is None else str(item.score),
                widget=forms.RadioSelect,
            )
            justification = forms.CharField(
                label=f"Justification for your {c.name} score",
                required=False,
                initial=item.justification,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
            self.fields[f"score_{c.pk}"] = score
            self.fields[f"justification_{c.pk}"] = justification
            self.criterion_rows.append((c, f"score_{c.pk}", f"justification_{c.pk}"))
        self.mark_rows = []
        for mark in progress.marks:
            q = mark.question
            self.fields[f"mark_{q.reference}"] = forms.TypedChoiceField(
                label=f"{q.reference}: {q.text}",
                choices=[("", "Not marked yet"), ("pass", "Pass"), ("fail", "Fail")],
                coerce=lambda value: value == "pass",
                empty_value=None,
                required=False,
                initial={None: "", True: "pass", False: "fail"}[mark.passed],
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{q.reference}"] = forms.CharField(
                label=f"Reason for your {q.reference} mark",
                required=False,
                initial=mark.reason,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.mark_rows.append((q, f"mark_{q.reference}", f"reason_{q.reference}"))

    def scores(self) -> dict:
        return {
            c.pk: (self.cleaned_data[score], self.cleaned_data[justification])
            for c, score, justification in self.criterion_rows
        }

    def marks(self) -> dict:
        return {
            q.reference: (self.cleaned_data[mark], self.cleaned_data[reason])
            for q, mark, reason in self.mark_rows
        }


class ModerationForm(forms.Form):
    exclusion_reason = forms.CharField(
        label="Exclude this proposal for failing a pass/fail question",
        required=False,
        help_text="Leave empty unless it failed. The reason goes into the supplier's letter.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, criteria, agreed: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion_rows = []
        for c in criteria:
            existing = agreed.get(c.pk)
            self.fields[f"agreed_{c.pk}"] = forms.TypedChoiceField(
                label=f"Agreed score for {c.name}",
                choices=_score_choices(c.scale_max, descriptors_of(c)),
                coerce=int,
                empty_value=None,
                required=False,
                initial="" if existing is None else str(existing.score),
                widget=forms.RadioSelect,
            )
            self.fields[f"rationale_{c.pk}"] = forms.CharField(
                label=f"Rationale for the agreed {c.name} score",
                required=False,
                initial=existing.rationale if existing else "",
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.criterion_rows.append((c, f"agreed_{c.pk}", f"rationale_{c.pk}"))

    def clean(self):
        data = super().clean()
        for c, score, rationale in self.criterion_rows:
            if data.get(score) is not None and not data.get(rationale, "").strip():
                self.add_error(rationale, f"Give the rationale for the agreed {c.name} score.")
        return data

    def agreed(self) -> dict:
        return {
            c.pk: (self.cleaned_data[score], self.cleaned_data[rationale])
            for c, score, rationale in self.criterion_rows
        }


class TieForm(forms.Form):
    method = forms.CharField(
        label="How was the tie resolved?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the proposal with the higher score on the most heavily weighted "
        "criterion ranks first, as the challenge said it would.",
        error_messages={"required": "Say how the tie was resolved, for the record."},
    )

    def __init__(self, *args, labels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = labels
        positions = [(str(n), str(n)) for n in range(1, len(labels) + 1)]
        for label in labels:
            self.fields[f"position_{label}"] = forms.TypedChoiceField(
                label=f"Position of proposal {label} within the tie",
                choices=positions,
                coerce=int,
                error_messages={"required": f"Choose a position for proposal {label}."},
            )

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"position_{label}") for label in self.labels]
        if None not in chosen and len(set(chosen)) != len(chosen):
            raise forms.ValidationError("Give each proposal in the tie a different position.")
        return data

    def order(self) -> list[str]:
        return sorted(self.labels, key=lambda label: self.cleaned_data[f"position_{label}"])


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening these scores?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The reason is recorded in the audit log and shown to the evaluator.",
        error_messages={"required": "Enter the reason for reopening these scores."},
    )
