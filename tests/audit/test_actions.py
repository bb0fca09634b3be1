"""Audit actions are named once, in `AuditAction`: every place that records an event passes a
member, never a string it spelt itself, so a consumer matching on a member (open data) cannot
miss events written under a name that drifted."""

import ast
import re
from pathlib import Path

from challenges import services as challenge_services
from challenges.lifecycle import TRANSITIONS
from procurement.audit.actions import AuditAction
from procurement.opendata.notices import PUBLIC_EVENTS

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("challenges", "cms", "procurement", "search", "suppliers", "tenders")
RECORDERS = {"record", "audit", "_audited_refusal"}


def _is_member(node) -> bool:
    if isinstance(node, ast.Attribute):
        return isinstance(node.value, ast.Name) and node.value.id == "AuditAction"
    if isinstance(node, ast.IfExp):
        return _is_member(node.body) and _is_member(node.orelse)
    # A lookup in a table of members (the challenge's moves), or a parameter passed on.
    return isinstance(node, ast.Subscript | ast.Name)


def _recording_calls():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                if name in RECORDERS:
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0]


def test_every_event_is_recorded_under_a_named_action():
    calls = list(_recording_calls())
    spelt_out = [
        f"{where}: {ast.unparse(first)}" for where, first in calls if not _is_member(first)
    ]
    assert spelt_out == []
    # The walk found the recorders: the services record dozens of kinds of event.
    assert len(calls) > 70


def test_actions_are_unique_lower_case_area_dot_verb():
    values = [action.value for action in AuditAction]
    assert len(values) == len(set(values))
    assert [v for v in values if not re.fullmatch(r"[a-z_]+\.[a-z_]+", v)] == []


def test_every_move_a_challenge_can_make_has_its_action():
    reachable = {target for targets in TRANSITIONS.values() for target in targets}
    assert reachable <= set(challenge_services._MOVE_ACTIONS)
    assert all(isinstance(a, AuditAction) for a in challenge_services._MOVE_ACTIONS.values())


def test_open_data_listens_for_named_actions():
    assert PUBLIC_EVENTS
    assert all(isinstance(action, AuditAction) for action in PUBLIC_EVENTS)
