"""What counts as an answer to each kind of proposal question. The server decides; the browser's
live word count only helps people see where they are."""

from challenges.question_kinds import QuestionKind
from procurement.money import format_pounds

YES = "yes"
NO = "no"
YES_NO = (YES, NO)

# Kinds answered in the proposal's sealed answers document; files are attachments instead.
ANSWERED_IN_TEXT = frozenset(
    {QuestionKind.LONG_TEXT, QuestionKind.DECLARATION, QuestionKind.ELIGIBILITY, QuestionKind.PRICE}
)


def count_words(text: str) -> int:
    # The same rule as the live counter (suppliers/static/suppliers/word-count.mjs): a word is
    # anything between runs of whitespace.
    return len(text.split())


def normalise(question, value):
    """A submitted value as it is stored: text without surrounding whitespace, yes/no in lower
    case, prices as whole pence. Empty answers become None."""
    kind = QuestionKind(question.kind)
    if value is None:
        return None
    if kind == QuestionKind.PRICE:
        return value if isinstance(value, int) and not isinstance(value, bool) else str(value)
    text = str(value).strip()
    if kind in (QuestionKind.DECLARATION, QuestionKind.ELIGIBILITY):
        text = text.lower()
    return text or None


def problem_with(question, value) -> str | None:
    """What is wrong with a value someone gave, or None. An empty value is not a problem in a
    draft; `missing` deals with it at submission."""
    if value is None:
        return None
    kind = QuestionKind(question.kind)
    if kind == QuestionKind.LONG_TEXT:
        words = count_words(value)
        if question.word_limit and words > question.word_limit:
            return (
                f"Your answer to {question.reference} is {words} words. It must be "
                f"{question.word_limit} words or fewer."
            )
    elif kind in (QuestionKind.DECLARATION, QuestionKind.ELIGIBILITY):
        if value not in YES_NO:
            return f"Select yes or no for {question.reference}."
    elif kind == QuestionKind.PRICE and not (isinstance(value, int) and value >= 0):
        return f"Enter your price for {question.reference} in pounds, like 45000 or 44999.50."
    return None


def missing(question, answers: dict, attachment_refs: set[str]) -> str | None:
    kind = QuestionKind(question.kind)
    if kind == QuestionKind.FILE_UPLOAD:
        if question.reference not in attachment_refs:
            return f"Upload a file for {question.reference}: {question.text}"
        return None
    if answers.get(question.reference) is None:
        verb = "Enter" if kind in (QuestionKind.LONG_TEXT, QuestionKind.PRICE) else "Answer"
        return f"{verb} {question.reference}: {question.text}"
    return None


def eligibility(questions, answers: dict) -> bool | None:
    """False as soon as any eligibility question is answered no; True once all are answered
    yes; None while any is unanswered."""
    refs = [q.reference for q in questions if q.kind == QuestionKind.ELIGIBILITY]
    given = [answers.get(ref) for ref in refs]
    if NO in given:
        return False
    if all(value == YES for value in given):
        return True
    return None


def display(question, value) -> str:
    if value is None:
        return ""
    kind = QuestionKind(question.kind)
    if kind == QuestionKind.PRICE:
        return format_pounds(value)
    if kind in (QuestionKind.DECLARATION, QuestionKind.ELIGIBILITY):
        return "Yes" if value == YES else "No"
    return value
