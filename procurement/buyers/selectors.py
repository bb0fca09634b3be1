from .models import Council, Membership
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
