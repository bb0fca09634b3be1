"""Rules for supplier organisations: who may act for one, manage its team and edit its profile.

Roles come from suppliers.SupplierMembership. Acting for an organisation (drafting and submitting
its proposals) also needs a verified e-mail address, so that every submission can be traced to
someone who has proved who they are.
"""

from allauth.account.models import EmailAddress

from procurement.accounts.policies import rule
from suppliers.models import SupplierRole
from suppliers.selectors import membership_of


def _has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def _role(user, organisation) -> str | None:
    membership = membership_of(user, organisation)
    return membership.role if membership else None


@rule("supplier.create_organisation")
def _create_organisation(user, target) -> bool:
    return _has_verified_email(user)


@rule("supplier.member")
def _member(user, organisation) -> bool:
    """See the organisation's profile, team and dashboard."""
    return _role(user, organisation) is not None


@rule("supplier.act_for")
def _act_for(user, organisation) -> bool:
    """Draft, submit and withdraw proposals in the organisation's name."""
    return _role(user, organisation) is not None and _has_verified_email(user)


@rule("supplier.manage")
def _manage(user, organisation) -> bool:
    """Edit the profile, invite people, change roles and remove members."""
    return _role(user, organisation) == SupplierRole.OWNER


@rule("supplier.remove_member")
def _remove_member(user, membership) -> bool:
    # Anyone may leave; only an owner may take someone else off the team.
    return membership.user_id == user.pk or _manage(user, membership.organisation)


@rule("supplier.accept_invitation")
def _accept_invitation(user, invitation) -> bool:
    # The invitation went to an address; only someone who has proved they own it may use it.
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()
