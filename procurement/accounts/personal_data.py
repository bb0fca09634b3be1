"""What each app holds about a person, for their account page, the copy of their data and
closing their account.

The apps hold the data, so they describe their part in their own `personal_data` module,
registered here when `AccountsConfig.ready()` imports those modules (as it does the rules): this
base package reads no app's tables itself.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Team:
    """A team a person is on, as their account pages list it."""

    name: str
    url: str
    role: str


_sections: dict[str, Callable] = {}
_team_finders: list[Callable] = []
_handover_finders: list[Callable] = []


def iso(moment) -> str | None:
    """A date or time as the export writes it."""
    return moment.isoformat() if moment else None


def export_section(name: str):
    """Register `name`'s list in the data export: a function of the user returning plain JSON
    values about that user and nobody else."""

    def register(build: Callable) -> Callable:
        if name in _sections:
            raise ValueError(f"An export section {name!r} is already registered.")
        _sections[name] = build
        return build

    return register


def teams(find: Callable) -> Callable:
    """Register a function of the user returning the `Team`s they are on."""
    _team_finders.append(find)
    return find


def handovers(find: Callable) -> Callable:
    """Register a function of the user (and `lock`) returning the `Team`s that would be left with
    nobody to manage them if the user left: they must hand over first. With `lock`, the teams
    are locked until the end of the transaction, so a co-owner cannot step down meanwhile."""
    _handover_finders.append(find)
    return find


def export_sections(user) -> dict[str, list]:
    return {name: build(user) for name, build in _sections.items()}


def teams_of(user) -> list[Team]:
    return [team for find in _team_finders for team in find(user)]


def handovers_needed(user, *, lock: bool = False) -> list[Team]:
    return [team for find in _handover_finders for team in find(user, lock=lock)]
