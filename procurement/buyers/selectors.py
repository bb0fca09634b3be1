from dataclasses import dataclass

from django.http import Http404

from .models import Council, Invitation, Membership
from .roles import Role


def roles_of(user, council: Council | None) -> set[Role]:
    """The roles `user` holds at `council` (empty for anyone else)."""
    if council is None or not getattr(user, "is_authenticated", False):
        return set()
    return {
        Role(role)
        for role in Membership.objects.filter(user=user, council=council).values_list(
            "role", flat=True
        )
    }


def councils_of(user):
    """Councils where `user` holds any role."""
    if not getattr(user, "is_authenticated", False):
        return Council.objects.none()
    return Council.objects.filter(memberships__user=user).distinct()


def is_council_member(user) -> bool:
    return (
        getattr(user, "is_authenticated", False) and Membership.objects.filter(user=user).exists()
    )


@dataclass(frozen=True)
class TeamMember:
    user: object
    roles: list[Role]

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in self.roles]

    @property
    def is_council_admin(self) -> bool:
        return Role.COUNCIL_ADMIN in self.roles


def _role_order(role: Role) -> int:
    return list(Role).index(role)


def council_by_slug(slug: str) -> Council:
    """The council at `slug`, or a 404. Callers then ask the policy module whether the person
    may see it, which answers with the same 404."""
    council = Council.objects.filter(slug=slug).first()
    if council is None:
        raise Http404("No such council.")
    return council


def team_of(council: Council) -> list[TeamMember]:
    """Everyone with a role at `council`, with all their roles, in name order (one query)."""
    people: dict[int, TeamMember] = {}
    memberships = (
        Membership.objects.filter(council=council)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )
    for membership in memberships:
        member = people.setdefault(membership.user_id, TeamMember(user=membership.user, roles=[]))
        member.roles.append(Role(membership.role))
    for member in people.values():
        member.roles.sort(key=_role_order)
    return list(people.values())


def team_member(council: Council, *, user_uuid) -> TeamMember:
    """One person on the council's team, by the UUID used in URLs; 404 for anyone else."""
    memberships = list(
        Membership.objects.filter(council=council, user__uuid=user_uuid).select_related("user")
    )
    if not memberships:
        raise Http404("No such team member.")
    roles = sorted((Role(m.role) for m in memberships), key=_role_order)
    return TeamMember(user=memberships[0].user, roles=roles)


def pending_invitations(council: Council):
    """Invitations not yet accepted or cancelled, newest first, including expired ones so the
    council admin can see they need sending again."""
    return (
        Invitation.objects.pending()
        .filter(council=council)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def council_admin_count(council: Council) -> int:
    return Membership.objects.filter(council=council, role=Role.COUNCIL_ADMIN).count()
