"""The description of one kind of team, which the shared team pages are given.

Every field is a fact about that kind of team: how to find one and its people, the roles it
offers, the policy rules that guard each page, the services that change it, where its pages are
and how they word things. The views read these facts and never ask which kind of team it is.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.db.models import QuerySet, TextChoices
from django.urls import reverse


@dataclass(frozen=True)
class Destination:
    """A page to send someone to: a URL name, taking the team's slug when `for_team` is set."""

    url_name: str
    for_team: bool = False

    def url(self, team) -> str:
        return reverse(self.url_name, args=[team.slug] if self.for_team else [])


@dataclass(frozen=True)
class TeamRules:
    """The names of the policy rules (procurement.accounts.policies) that guard each page."""

    see_team: str
    manage_team: str
    see_invitations: str
    remove_member: str
    # What the remove_member rule is asked about: the whole team, or the member's membership.
    remove_member_about: Literal["team", "member"]
    accept_invitation: str


@dataclass(frozen=True)
class TeamServices:
    """The reads and the services that own every change. The services take the team as the
    keyword `team_field` names, which is also its attribute on an invitation and a membership."""

    team_field: str
    team_by_slug: Callable
    team_of: Callable
    team_member: Callable
    pending_invitations: Callable[..., QuerySet]
    invitation_send: Callable
    invitation_revoke: Callable
    invitation_for_token: Callable
    invitation_accept: Callable
    # Takes `roles` (a set) when members hold several roles, else `role`.
    membership_change_roles: Callable
    membership_remove: Callable


@dataclass(frozen=True)
class TeamPages:
    """URL names of the team's pages, and where people go from them."""

    team: str
    invite: str
    invitation_cancel: str
    change_roles: str
    remove_member: str
    back_from_team: Destination
    after_joining: Destination
    after_leaving: Destination
    # Further pages about the team linked from the team page: (link text, URL name taking the
    # team's slug).
    related: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TeamWording:
    """What the pages call things. `{team}` and `{member}` stand for their names."""

    team_noun: str  # the summary list key on an invitation: "Council"
    manager: str  # who manages the team, with its article: "a council admin"
    team_work: str  # what a member loses access to: "challenges"
    back_from_team: str
    invite_button: str
    invite_heading: str
    unknown_inviter: str  # in the list of invitations, for an inviter whose account is gone
    unknown_inviter_on_invitation: str  # the same, on the invitation itself
    roles_changed: str
    leave_link: str  # the link on your own row of the team; empty: "Remove", as for others
    leave_title: str
    leave_heading: str
    leave_button: str
    left: str
    accept_note: str = ""


@dataclass(frozen=True)
class TeamSide:
    rules: TeamRules
    services: TeamServices
    pages: TeamPages
    wording: TeamWording
    roles: type[TextChoices]
    # Whether a person holds several roles at once (checkboxes, field `roles`) or one (radios,
    # field `role`).
    several_roles: bool
    role_help: str = ""
    invitation_role_initial: str | None = None
    # Shown on the invitation page: the attribute of the team that gives its full name.
    full_name_attribute: str = "name"

    @property
    def roles_noun(self) -> str:
        return "roles" if self.several_roles else "role"

    @property
    def role_field(self) -> str:
        return self.roles_noun

    def team_in(self, record):
        """The team an invitation or a membership belongs to."""
        return getattr(record, self.services.team_field)
