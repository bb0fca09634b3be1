"""Every permission check names a rule that exists, and every rule lives beside its app.

A check that names a rule nobody registered raises at the moment someone meets it, which could
be on a page no test visits; reading the code for every name it asks about finds it first.
"""

import ast
from pathlib import Path

from django.conf import settings

from procurement.accounts import policies

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("procurement", "challenges", "suppliers", "search", "cms", "tenders")


def _source_files():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _action_parameters(tree) -> dict[str, int]:
    """Functions of one module that take an `action` and pass it on, with its position."""
    found = {"can": 1, "require": 1}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = [argument.arg for argument in node.args.args]
            if "action" in names and node.name not in found:
                found[node.name] = names.index("action")
    return found


def _asked_actions() -> dict[str, list[str]]:
    """Each action name asked about through `can`/`require`, directly or through a helper that
    takes the action as an argument (or as its default), with where it is asked."""
    asked: dict[str, list[str]] = {}
    for path in _source_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        takes_action = _action_parameters(tree)
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                if name in takes_action:
                    position = takes_action[name]
                    names = [node.args[position]] if len(node.args) > position else []
                    names += [k.value for k in node.keywords if k.arg == "action"]
            elif isinstance(node, ast.FunctionDef) and node.name in takes_action:
                positional = [argument.arg for argument in node.args.args]
                with_defaults = positional[len(positional) - len(node.args.defaults) :]
                defaults = dict(zip(with_defaults, node.args.defaults, strict=True))
                names = [defaults["action"]] if "action" in defaults else []
            for value in names:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    asked.setdefault(value.value, []).append(where)
    return asked


def test_every_action_asked_about_has_a_rule():
    asked = _asked_actions()
    # The scan itself must find the checks, or this test would pass on nothing.
    assert {"challenge.edit", "proposal.start", "payments.approve", "assignment.view"} <= set(asked)
    missing = {action: where for action, where in asked.items() if action not in policies._RULES}
    assert missing == {}


def test_every_rule_is_asked_about_somewhere():
    asked = _asked_actions()
    assert sorted(set(policies._RULES) - set(asked)) == []


def test_rules_live_beside_their_apps_and_accounts_holds_only_its_own():
    modules = {predicate.__module__ for predicate in policies._RULES.values()}
    assert "procurement.buyers.policies" in modules
    assert "suppliers.policies" in modules
    assert {m for m in modules if m.startswith("procurement.accounts")} == {
        "procurement.accounts.policies"
    }
    assert all(m.endswith(".policies") or m == "procurement.accounts.policies" for m in modules)
