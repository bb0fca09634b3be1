"""Forms for the proposal editor, built from the challenge's questions. They only parse what was
typed; the rules (word limits, yes/no, deadlines) are the services' and come back as errors."""

from django import forms
from django.urls import reverse

from challenges.question_kinds import QuestionKind
from procurement.money import PoundsFormField

from .answers import NO, YES
from .attachments import limit_bytes, type_names

YES_NO_CHOICES = [(YES, "Yes"), (NO, "No")]


def field_name(question) -> str:
    # References are typed by council officers ("Q1", "2.3"); field names must be safe in ids.
    return "answer_" + "".join(c if c.isalnum() else "_" for c in question.reference.lower())


def answer_url(proposal, question) -> str:
    """Where a question is answered: its own field on the eligibility page or in the editor."""
    page = (
        "proposals:eligibility" if question.kind == QuestionKind.ELIGIBILITY else "proposals:edit"
    )
    return f"{reverse(page, kwargs={'uuid': proposal.uuid})}#id_{field_name(question)}"


def _label(question) -> str:
    return f"{question.reference}: {question.text}"


def _hint(question) -> str:
    kind = QuestionKind(question.kind)
    parts = [question.guidance] if question.guidance else []
    if kind == QuestionKind.LONG_TEXT and question.word_limit:
        parts.append(f"Up to {question.word_limit} words.")
    elif kind == QuestionKind.FILE_UPLOAD:
        size_mb = limit_bytes(question) // (1024 * 1024)
        parts.append(f"{type_names(question.file_types())}, up to {size_mb} MB.")
    elif kind == QuestionKind.PRICE:
        parts.append("In pounds, for example 45000 or 44999.50.")
    return " ".join(parts)


def _field(question) -> forms.Field:
    kind = QuestionKind(question.kind)
    common = {"label": _label(question), "help_text": _hint(question), "required": False}
    if kind == QuestionKind.LONG_TEXT:
        attrs = {"rows": 10}
        if question.word_limit:
            attrs["data-word-limit"] = question.word_limit
        return forms.CharField(widget=forms.Textarea(attrs=attrs), strip=False, **common)
    if kind in (QuestionKind.DECLARATION, QuestionKind.ELIGIBILITY):
        return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.PRICE:
        return PoundsFormField(**common)
    return forms.FileField(**common)


class _QuestionsForm(forms.Form):
    """A form with one field per question, and the version of the draft it was read from."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {field_name(q): q for q in questions}
        for name, question in self.questions.items():
            self.fields[name] = _field(question)

    def answers(self) -> dict:
        """Text answers by question reference; files are left to `uploads`."""
        return {
            q.reference: self.cleaned_data.get(name)
            for name, q in self.questions.items()
            if q.kind != QuestionKind.FILE_UPLOAD
        }

    def uploads(self) -> dict:
        return {
            q.reference: self.cleaned_data[name]
            for name, q in self.questions.items()
            if q.kind == QuestionKind.FILE_UPLOAD and self.cleaned_data.get(name)
        }

    def add_problems(self, problems: dict[str, str]) -> None:
        by_reference = {q.reference: name for name, q in self.questions.items()}
        for reference, message in problems.items():
            self.add_error(by_reference.get(reference), message)

    def question_fields(self):
        """(question, bound field) in question order, for the template."""
        return [(q, self[name]) for name, q in self.questions.items()]


class EligibilityForm(_QuestionsForm):
    def clean(self):
        cleaned = super().clean()
        for name, question in self.questions.items():
            if not cleaned.get(name):
                self.add_error(name, f"Select yes or no for {question.reference}.")
        return cleaned


class ProposalForm(_QuestionsForm):
    pass


def initial_values(questions, answers: dict, version: int) -> dict:
    initial = {"version": version}
    for question in questions:
        if question.kind != QuestionKind.FILE_UPLOAD and question.reference in answers:
            initial[field_name(question)] = answers[question.reference]
    return initial
