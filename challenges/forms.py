from datetime import datetime

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from procurement.reference.forms import CpvCodeListField
from procurement.reference.regions import Region

from . import key_dates, publication
from .question_kinds import FILE_TYPES, SCOREABLE_KINDS, QuestionKind


def _live_forms(formset):
    """The inline forms that will be saved: not deleted, and not blank extra rows."""
    formset.is_valid()  # cleans each row now; the page form is cleaned before its formsets
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        yield form


class ChallengePageForm(WagtailAdminPageForm):
    """Checks the rules that span fields and inline rows: dates in order, weights adding up to
    100, every scored question covered by a criterion; and, when submitted for review rather
    than saved as a draft, that it is complete (challenges.publication.completeness_problems)."""

    cpv_codes = CpvCodeListField(required=False)
    regions = forms.MultipleChoiceField(
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Where the work will be delivered.",
    )

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if not self.instance.council_id and parent_page is not None:
            # A challenge belongs to the council whose part of the tree it is created in.
            self.instance.council = parent_page.specific.council

    def clean(self):
        cleaned = super().clean()
        if not self.instance.first_published_at:
            # A challenge goes live at its publication date: Wagtail's go-live time, which makes
            # an approval before that date schedule the page rather than publish it.
            self.instance.go_live_at = cleaned.get("publication_date")
        self._check_budget(cleaned)
        self._check_dates(cleaned)
        self._check_questions_and_criteria()
        return cleaned

    def _check_budget(self, cleaned):
        low, high = cleaned.get("budget_min_pence"), cleaned.get("budget_max_pence")
        if low is not None and high is not None and high < low:
            self.add_error(
                "budget_max_pence", "The maximum budget must be at least the minimum budget."
            )

    def _check_dates(self, cleaned):
        dates = key_dates.KeyDates(**{field: cleaned.get(field) for field, _ in key_dates.ORDER})
        published = self.instance.public_terms.get("dates", {}).get("submission_deadline")
        problems = key_dates.problems(
            dates, published_deadline=datetime.fromisoformat(published) if published else None
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)

    def _check_questions_and_criteria(self):
        questions = list(_live_forms(self.formsets["questions"]))
        criteria = list(_live_forms(self.formsets["criteria"]))
        references = {}
        for form in questions:
            data = form.cleaned_data
            ref = (data.get("reference") or "").strip().upper()
            if ref in references:
                form.add_error("reference", f"Another question already uses the reference {ref}.")
            references[ref] = data
            self._check_question(form, data)
        outlines = []
        for form in criteria:
            refs = [
                r.strip().upper()
                for r in (form.cleaned_data.get("question_references") or "").split(",")
                if r.strip()
            ]
            unknown = [r for r in refs if r not in references]
            if unknown:
                form.add_error(
                    "question_references",
                    f"There is no question {', '.join(unknown)}. Use the references of the "
                    "questions above.",
                )
            outlines.append(
                publication.CriterionOutline(
                    weight=form.cleaned_data.get("weight") or 0, references=tuple(refs)
                )
            )
        question_outlines = [
            publication.QuestionOutline(reference=ref, scored=_is_scored(data))
            for ref, data in references.items()
        ]
        if self.is_deferred_validation:
            # Saving a draft: it may be unfinished, but what is there must add up.
            problems = publication.scoring_problems(question_outlines, outlines)
        else:
            # Submitting for review (or publishing): it must be complete.
            phases = list(_live_forms(self.formsets["phases"]))
            problems = publication.completeness_problems(question_outlines, outlines, len(phases))
        for problem in problems:
            self.add_error(None, problem)

    @staticmethod
    def _check_question(form, data):
        kind = data.get("kind")
        if kind == QuestionKind.LONG_TEXT and not data.get("word_limit"):
            form.add_error("word_limit", "Enter a word limit for a long text question.")
        if kind == QuestionKind.FILE_UPLOAD:
            types = [t.strip().lower() for t in (data.get("allowed_file_types") or "").split(",")]
            types = [t for t in types if t]
            unknown = [t for t in types if t not in FILE_TYPES]
            if not types:
                form.add_error("allowed_file_types", "Enter the file types this question allows.")
            elif unknown:
                form.add_error(
                    "allowed_file_types",
                    f"{', '.join(unknown)} cannot be accepted. "
                    f"Choose from {', '.join(FILE_TYPES)}.",
                )
            if not data.get("max_file_size_mb"):
                form.add_error("max_file_size_mb", "Enter the largest file size allowed.")


def _is_scored(data) -> bool:
    return bool(data.get("scored")) and data.get("kind") in SCOREABLE_KINDS


class QuestionForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "The council sees who asked. If it publishes the answer, your question is published "
            "without your name or organisation."
        ),
        error_messages={"required": "Enter your question."},
    )


class AnswerForm(forms.Form):
    PUBLIC, PRIVATE = "public", "private"
    conditional_fields = {"visibility": {PUBLIC: ["published_question"], PRIVATE: ["reason"]}}
    visibility = forms.ChoiceField(
        label="Who should see the answer?",
        choices=[
            (PUBLIC, "Everyone: publish the question and answer on the challenge page"),
            (PRIVATE, "Only the supplier who asked"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who should see the answer."},
    )
    published_question = forms.CharField(
        label="Question as it will be published",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only for a public answer. Remove anything that identifies who asked.",
    )
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), error_messages={"required": "Enter the answer."}
    )
    reason = forms.CharField(
        label="Why is the answer private?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only for a private answer, e.g. it concerns the supplier's own commercial "
        "information.",
    )

    def clean(self):
        cleaned = super().clean()
        visibility = cleaned.get("visibility")
        if visibility == self.PUBLIC and not cleaned.get("published_question", "").strip():
            self.add_error("published_question", "Enter the question as it will be published.")
        if visibility == self.PRIVATE and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter why the answer is not published for everyone.")
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is this challenge being cancelled?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This is published on the challenge page.",
        error_messages={"required": "Enter the reason for cancelling. It will be published."},
    )
