"""Every change to a council's team: invitations, roles and removals.

Each service checks the policy, locks the council row so that two admins changing the team at
once cannot both remove the last council admin, writes the audit event and keeps the Wagtail
editors group in step.
"""

from django.db import transaction
from django.db.models import Q

from procurement import clock
from procurement.accounts import invitations, policies
from procurement.accounts.invitations import InvitationForSomeoneElse
from procurement.audit.actions import AuditAction
from procurement.audit.services import record

from .errors import (
    AlreadyInvited,
    LastCouncilAdmin,
    NoRolesChosen,
    NotAMember,
)
from .models import Council, Invitation, Membership
from .roles import Role
from .selectors import roles_of
from .tasks import send_invitation_email
from .workspace import sync_member_groups


def _lock(council: Council) -> Council:
    return Council.objects.select_for_update().get(pk=council.pk)


def _other_council_admins(council: Council, user) -> bool:
    return (
        Membership.objects.filter(council=council, role=Role.COUNCIL_ADMIN)
        .exclude(user=user)
        .exists()
    )


def _role_values(roles) -> list[str]:
    return sorted(str(Role(role)) for role in roles)


@transaction.atomic
def invitation_send(*, council: Council, email: str, role: Role, by) -> Invitation:
    """Invite `email` to take `role` at `council`. Sending again to the same address for the
    same role cancels the earlier link, so only the newest one works."""
    policies.require(by, "council.invite", council)
    council = _lock(council)
    role = Role(role)
    email = email.strip().lower()
    holders = Membership.objects.filter(council=council, role=role)
    if holders.filter(
        Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email)
    ).exists():
        raise AlreadyInvited
    now = clock.now()
    # A new link replaces any earlier one for the same role.
    Invitation.objects.filter(council=council, email=email, role=role).pending().update(
        revoked_at=now
    )
    invitation = Invitation.objects.create(
        council=council, email=email, role=role, invited_by=by, created_at=now
    )
    record(
        AuditAction.COUNCIL_INVITATION_SENT,
        actor=by,
        target=invitation,
        data={"council": council.slug, "email": email, "role": str(role)},
    )
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.pk))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> Invitation:
    """Cancel an invitation that has not been accepted; its link stops working at once."""
    policies.require(by, "council.invite", invitation.council)
    if invitations.revoke(invitation):
        record(
            AuditAction.COUNCIL_INVITATION_REVOKED,
            actor=by,
            target=invitation,
            data={"council": invitation.council.slug, "email": invitation.email},
        )
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link is for, if the link can still be used. Raises one of the
    InvitationNotValid errors, each with a message for the person holding the link."""
    return invitations.from_link(Invitation.objects.select_related("council", "invited_by"), token)


@transaction.atomic
def invitation_accept(*, token: str, user) -> Membership:
    """Give `user` the role the invitation offers, once, if it was sent to one of their
    verified e-mail addresses."""
    invitation = invitations.from_link(Invitation.objects.select_for_update(), token)
    if not policies.can(user, "council.accept_invitation", invitation):
        raise InvitationForSomeoneElse
    council = _lock(invitation.council)
    membership, _ = Membership.objects.get_or_create(
        council=council, user=user, role=invitation.role
    )
    invitations.mark_accepted(invitation, user)
    sync_member_groups(council, user)
    record(
        AuditAction.COUNCIL_INVITATION_ACCEPTED,
        actor=user,
        target=invitation,
        data={"council": council.slug, "role": invitation.role},
    )
    return membership


@transaction.atomic
def membership_change_roles(*, council: Council, user, roles: set[Role], by) -> set[Role]:
    """Replace the roles `user` holds at `council` with `roles`."""
    policies.require(by, "council.manage_team", council)
    council = _lock(council)
    roles = {Role(role) for role in roles}
    before = roles_of(user, council)
    if not before:
        raise NotAMember
    if not roles:
        raise NoRolesChosen
    if (
        Role.COUNCIL_ADMIN in before
        and Role.COUNCIL_ADMIN not in roles
        and not _other_council_admins(council, user)
    ):
        raise LastCouncilAdmin(
            f"{user} is the only council admin, so they must stay one. Make someone else a "
            "council admin first."
        )
    if roles == before:
        return roles
    Membership.objects.filter(council=council, user=user).exclude(role__in=roles).delete()
    Membership.objects.bulk_create(
        Membership(council=council, user=user, role=role) for role in roles - before
    )
    sync_member_groups(council, user)
    record(
        AuditAction.COUNCIL_MEMBER_ROLES_CHANGED,
        actor=by,
        target=council,
        data={
            "member": user.email,
            "before": _role_values(before),
            "after": _role_values(roles),
        },
    )
    return roles


@transaction.atomic
def membership_remove(*, council: Council, user, by) -> None:
    """Take `user` off the council's team, with all their roles."""
    policies.require(by, "council.manage_team", council)
    council = _lock(council)
    before = roles_of(user, council)
    if not before:
        raise NotAMember
    if Role.COUNCIL_ADMIN in before and not _other_council_admins(council, user):
        if user == by:
            raise LastCouncilAdmin(
                "You are the only council admin, so you cannot leave the team. Make someone "
                "else a council admin first."
            )
        raise LastCouncilAdmin(
            f"{user} is the only council admin, so they cannot be removed. Make someone else a "
            "council admin first."
        )
    Membership.objects.filter(council=council, user=user).delete()
    sync_member_groups(council, user)
    record(
        AuditAction.COUNCIL_MEMBER_REMOVED,
        actor=by,
        target=council,
        data={"member": user.email, "roles": _role_values(before)},
    )
