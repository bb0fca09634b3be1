"""The award decision's moves, as a table: nothing skips the standstill, and a decision that
was returned or concluded never moves again."""

from types import SimpleNamespace

import pytest

from procurement.awards.lifecycle import (
    TRANSITIONS,
    DecisionMoveRefused,
    DecisionStatus,
    may_move,
    move,
)


def test_every_status_has_its_moves():
    assert set(TRANSITIONS) == set(DecisionStatus)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (DecisionStatus.PROPOSED, DecisionStatus.CONCLUDED),  # standstill skipped
        (DecisionStatus.STANDSTILL, DecisionStatus.REJECTED),  # approved, then returned
        (DecisionStatus.REJECTED, DecisionStatus.STANDSTILL),  # a returned award approved
        (DecisionStatus.CONCLUDED, DecisionStatus.PROPOSED),
    ],
)
def test_a_move_the_table_does_not_allow_is_refused_and_changes_nothing(current, wanted):
    decision = SimpleNamespace(status=current)
    assert not may_move(current, wanted)
    with pytest.raises(DecisionMoveRefused, match=f"This award is “{current.label}”"):
        move(decision, wanted)
    assert decision.status == current


def test_the_only_path_to_an_award_runs_through_the_standstill():
    decision = SimpleNamespace(status=DecisionStatus.PROPOSED)
    move(decision, DecisionStatus.STANDSTILL)
    move(decision, DecisionStatus.CONCLUDED)
    assert decision.status == DecisionStatus.CONCLUDED
    assert TRANSITIONS[DecisionStatus.CONCLUDED] == TRANSITIONS[DecisionStatus.REJECTED] == set()
