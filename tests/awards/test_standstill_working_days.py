"""The standstill period counts working days in England and Wales: weekends and bank holidays
(from the `holidays` package) do not count, nor does the day of approval; it ends at midnight
UK time at the end of the last working day. Nothing is concluded a second early."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from challenges.lifecycle import Status
from procurement.awards import services, standstill
from procurement.awards.models import Contract, DecisionStatus
from procurement.clock import UK


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 24), True),  # Thursday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day, observed on the Monday
        (date(2026, 12, 29), True),
        (date(2027, 1, 1), False),  # New Year's Day
        (date(2027, 1, 2), False),  # Saturday
        (date(2027, 3, 26), False),  # Good Friday
        (date(2027, 3, 29), False),  # Easter Monday
        (date(2027, 3, 30), True),
    ],
)
def test_weekends_and_bank_holidays_in_england_and_wales_are_not_working_days(day, working):
    assert standstill.is_working_day(day) is working


def test_eight_working_days_from_22_december_2026_end_after_6_january_2027():
    # Working days after Tuesday 22 December: 23, 24, 29, 30, 31 December, 4, 5, 6 January.
    approved = datetime(2026, 12, 22, 15, 30, tzinfo=UTC)
    ends = standstill.ends_at(approved, 8)
    assert ends == datetime(2027, 1, 7, 0, 0, tzinfo=UK)
    assert standstill.describe_end(ends) == "midnight at the end of Wednesday 6 January 2027"


def test_standstill_across_easter_2027_skips_good_friday_and_easter_monday():
    # Approved Wednesday 24 March 2027: 25 March, then 30, 31 March, 1, 2, 5, 6, 7 April.
    ends = standstill.ends_at(datetime(2027, 3, 24, 11, 0, tzinfo=UTC), 8)
    assert ends == datetime(2027, 4, 8, 0, 0, tzinfo=UK)
    # British Summer Time has begun: midnight in London is 11pm UTC the evening before.
    assert ends.astimezone(UTC) == datetime(2027, 4, 7, 23, 0, tzinfo=UTC)


def test_an_approval_late_in_the_uk_evening_counts_from_the_uk_date():
    # 11:30pm UTC on Friday 2 April 2027 is already Saturday 3 April in London (BST).
    ends = standstill.ends_at(datetime(2027, 4, 2, 23, 30, tzinfo=UTC), 1)
    assert ends == datetime(2027, 4, 6, 0, 0, tzinfo=UK)  # Monday 5 April is the working day


def test_a_standstill_needs_at_least_one_working_day():
    with pytest.raises(ValueError):
        standstill.ends_at(datetime(2027, 1, 4, tzinfo=UTC), 0)


@pytest.mark.django_db
def test_standstill_across_christmas_concludes_only_after_the_eighth_working_day(approved, frozen):
    assert approved.status == DecisionStatus.STANDSTILL
    assert approved.standstill_ends_at == datetime(2027, 1, 7, 0, 0, tzinfo=UK)

    # One second before midnight on Wednesday 6 January: still standing still.
    frozen.move_to(datetime(2027, 1, 6, 23, 59, 59, tzinfo=UK), tick=False)
    assert services.conclude_due_awards() == 0
    approved.refresh_from_db()
    assert approved.status == DecisionStatus.STANDSTILL
    assert not Contract.objects.exists()

    frozen.move_to(datetime(2027, 1, 7, 0, 0, tzinfo=UK), tick=False)
    assert services.conclude_due_awards() == 1
    approved.refresh_from_db()
    assert approved.status == DecisionStatus.CONCLUDED
    assert Contract.objects.count() == 1
    approved.challenge.refresh_from_db()
    assert approved.challenge.status == Status.AWARDED


@pytest.mark.django_db
def test_the_cron_command_concludes_due_awards_once(approved, frozen):
    frozen.move_to(approved.standstill_ends_at + timedelta(minutes=5), tick=False)
    out = StringIO()
    call_command("conclude_standstill", stdout=out)
    assert out.getvalue().strip() == "Concluded 1 award."
    out = StringIO()
    call_command("conclude_standstill", stdout=out)
    assert out.getvalue().strip() == "Concluded 0 awards."
    assert Contract.objects.count() == 1


@pytest.mark.django_db
def test_the_standstill_length_comes_from_the_setting(
    proposed, finance_approver, frozen, settings, django_capture_on_commit_callbacks
):
    settings.AWARD_STANDSTILL_WORKING_DAYS = 10
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.award_approve(decision=proposed, by=finance_approver)
    # Two more working days than eight: Thursday 7 and Friday 8 January.
    assert decision.standstill_ends_at == datetime(2027, 1, 9, 0, 0, tzinfo=UK)
