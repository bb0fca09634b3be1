"""Who may do what. Every view, API endpoint and service asks here; nothing hand-rolls a check.

The registry lives here; the rules live beside the apps they are about, each app's `policies.py`,
and register themselves with `rule` when `AccountsConfig.ready()` imports every app's `policies`
module, so this base package imports no app.
A refusal raises `NotPermitted`, which is a 404 so that "not yours" and "not there" look the same
to the person asking.
"""

from collections.abc import Callable

from django.http import Http404


class NotPermitted(Http404):
    """Raised when a user may not do something; a 404 so nothing leaks about what exists."""


_RULES: dict[str, Callable[..., bool]] = {}


def rule(action: str):
    """Register the predicate that decides `action`."""

    def register(predicate: Callable[..., bool]) -> Callable[..., bool]:
        if action in _RULES:
            raise ValueError(f"A rule for {action!r} is already registered.")
        _RULES[action] = predicate
        return predicate

    return register


def can(user, action: str, target=None) -> bool:
    try:
        predicate = _RULES[action]
    except KeyError:
        raise LookupError(f"No policy rule is registered for {action!r}.") from None
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(predicate(user, target))


def require(user, action: str, target=None) -> None:
    if not can(user, action, target):
        raise NotPermitted(action)


@rule("platform.staff")
def _platform_staff(user, target) -> bool:
    return user.is_staff and user.is_superuser
