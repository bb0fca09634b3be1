from datetime import UTC, datetime, timedelta

from challenges import key_dates
from challenges.key_dates import KeyDates

PUBLISHED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def dates(**overrides):
    values = {
        "publication_date": PUBLISHED,
        "clarification_deadline": PUBLISHED + timedelta(days=5),
        "submission_deadline": PUBLISHED + timedelta(days=14),
        "evaluation_end": PUBLISHED + timedelta(days=30),
        "expected_award": PUBLISHED + timedelta(days=40),
    }
    return KeyDates(**{**values, **overrides})


def test_dates_in_order_with_enough_time_are_valid():
    assert key_dates.problems(dates()) == {}


def test_dates_out_of_order_are_named_field_by_field():
    problems = key_dates.problems(dates(clarification_deadline=PUBLISHED + timedelta(days=20)))
    assert problems == {
        "submission_deadline": (
            "The submission deadline must be after the clarification question deadline."
        )
    }


def test_submission_deadline_nine_days_after_publication_is_too_soon():
    problems = key_dates.problems(
        dates(
            clarification_deadline=PUBLISHED + timedelta(days=2),
            submission_deadline=PUBLISHED + timedelta(days=9, hours=23),
        )
    )
    assert "at least 10 days after the publication date" in problems["submission_deadline"]


def test_exactly_ten_days_is_enough():
    assert key_dates.problems(dates(submission_deadline=PUBLISHED + timedelta(days=10))) == {}


def test_minimum_period_is_configurable(settings):
    settings.CHALLENGE_MIN_TENDER_DAYS = 30
    problems = key_dates.problems(dates())
    assert "at least 30 days" in problems["submission_deadline"]


def test_required_dates_are_asked_for():
    problems = key_dates.problems(KeyDates(None, None, None))
    assert problems == {
        "publication_date": "Enter the publication date.",
        "clarification_deadline": "Enter the clarification question deadline.",
        "submission_deadline": "Enter the submission deadline.",
    }


def test_a_published_deadline_can_be_extended_but_not_brought_forward():
    told = PUBLISHED + timedelta(days=14)
    assert (
        key_dates.problems(
            dates(submission_deadline=told + timedelta(days=3)), published_deadline=told
        )
        == {}
    )
    problems = key_dates.problems(
        dates(submission_deadline=told - timedelta(hours=1)), published_deadline=told
    )
    assert "can be extended but not brought forward" in problems["submission_deadline"]
    assert "15 December 2026, 9am (UK time)" in problems["submission_deadline"]
