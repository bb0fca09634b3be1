"""The milestone plan a chair proposes with the winners, and the milestones it becomes for each
contract. Pure arithmetic: no database.

A plan is a list of steps, each a share of the award (whole per cent) due some months after the
contract starts. The same plan serves every winner, whatever each is awarded: each contract's
milestone amounts are its value split by the shares, in whole pence, and always add up exactly
to that value (the last milestone takes the odd pence that rounding leaves over).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

MAX_STEPS = 6
MAX_MONTHS = 60


@dataclass(frozen=True)
class PlanStep:
    title: str
    share_percent: int
    months_after_start: int

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "share_percent": self.share_percent,
            "months_after_start": self.months_after_start,
        }

    @classmethod
    def from_json(cls, data: dict) -> "PlanStep":
        return cls(
            title=data["title"],
            share_percent=int(data["share_percent"]),
            months_after_start=int(data["months_after_start"]),
        )


# Paid in three parts so that most of the money follows delivery: on mobilisation, at the
# midpoint and on completion.
DEFAULT_PLAN = (
    PlanStep("Project start-up and plan agreed", 30, 1),
    PlanStep("Interim delivery and progress report", 40, 3),
    PlanStep("Final delivery and evaluation report", 30, 6),
)


@dataclass(frozen=True)
class PlannedMilestone:
    number: int
    title: str
    amount_pence: int
    due_date: date


def check_plan(steps: list[PlanStep]) -> None:
    """Raise ValidationError, in words a chair can act on, unless the plan is usable."""
    if not steps:
        raise ValidationError("Add at least one milestone.")
    if len(steps) > MAX_STEPS:
        raise ValidationError(f"A plan can have at most {MAX_STEPS} milestones.")
    problems = []
    for number, step in enumerate(steps, start=1):
        if not step.title.strip():
            problems.append(f"Enter a title for milestone {number}.")
        if not 1 <= step.share_percent <= 100:
            problems.append(f"Milestone {number} must be between 1% and 100% of the award.")
        if not 0 <= step.months_after_start <= MAX_MONTHS:
            problems.append(
                f"Milestone {number} must be due between 0 and {MAX_MONTHS} months after the "
                "contract starts."
            )
    months = [step.months_after_start for step in steps]
    if months != sorted(months):
        problems.append("List the milestones in the order they fall due.")
    total = sum(step.share_percent for step in steps)
    if total != 100:
        problems.append(
            f"The milestones add up to {total}% of the award. They must add up to 100%, so "
            "that the milestone amounts add up to the award value."
        )
    if problems:
        raise ValidationError(problems)


def split(value_pence: int, steps: list[PlanStep]) -> list[int]:
    """Each step's amount in whole pence; the amounts always add up to `value_pence`."""
    amounts = [value_pence * step.share_percent // 100 for step in steps]
    amounts[-1] += value_pence - sum(amounts)
    return amounts


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day where there is no such day
    (31 January plus one month is 28 or 29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def milestones_for(value_pence: int, steps: list[PlanStep], *, start: date) -> list:
    return [
        PlannedMilestone(
            number=number,
            title=step.title.strip(),
            amount_pence=amount,
            due_date=add_months(start, step.months_after_start),
        )
        for number, (step, amount) in enumerate(
            zip(steps, split(value_pence, steps), strict=True), start=1
        )
    ]
