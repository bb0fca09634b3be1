"""Every change to a supplier organisation: its profile, its team, and invitations to join it.

Each service checks the policy, changes state inside one transaction, writes the audit event and
schedules e-mail for after the commit. Team changes lock the organisation row first, so two
owners acting at once cannot between them leave the organisation with no owner.
"""

from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from procurement import clock
from procurement.accounts import invitations, policies
from procurement.accounts.invitations import InvitationForSomeoneElse
from procurement.audit.actions import AuditAction
from procurement.audit.services import record
from search import services as search_services

from .errors import (
    AlreadyMember,
    LastOwner,
    NotAMember,
)
from .models import (
    SupplierInvitation,
    SupplierMembership,
    SupplierOrganisation,
    SupplierRole,
    is_vcse_by_default,
)
from .selectors import membership_of
from .tasks import send_invitation_email

# Slugs that name pages of their own under /supplier/organisations/.
_RESERVED_SLUGS = frozenset({"new"})


@dataclass(frozen=True)
class OrganisationDetails:
    """What an owner tells us about their organisation. Money is in pence."""

    legal_name: str
    organisation_type: str
    staff_headcount: int
    annual_turnover_pence: int
    balance_sheet_total_pence: int
    trading_name: str = ""
    companies_house_number: str = ""
    charity_number: str = ""
    society_number: str = ""
    # None leaves it to the type of organisation (models.VCSE_TYPES).
    is_vcse: bool | None = None
    regions: list[str] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    website: str = ""
    description: str = ""

    def values(self) -> dict:
        values = asdict(self)
        if values["is_vcse"] is None:
            values["is_vcse"] = is_vcse_by_default(self.organisation_type)
        return values


def _lock(organisation: SupplierOrganisation) -> SupplierOrganisation:
    return SupplierOrganisation.objects.select_for_update().get(pk=organisation.pk)


def _save_with_unique_slug(organisation: SupplierOrganisation) -> None:
    base = slugify(str(organisation))[:90] or "organisation"
    taken = set(
        SupplierOrganisation.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    number = 1
    while True:
        candidate = base if number == 1 else f"{base}-{number}"
        number += 1
        if candidate in taken or candidate in _RESERVED_SLUGS:
            continue
        organisation.slug = candidate
        try:
            # A savepoint, so losing a race for the slug leaves the transaction usable.
            with transaction.atomic():
                organisation.save()
        except IntegrityError:
            taken.add(candidate)
            continue
        return


@transaction.atomic
def organisation_create(*, details: OrganisationDetails, by) -> SupplierOrganisation:
    """Register a supplier organisation, with `by` as its first owner."""
    policies.require(by, "supplier.create_organisation")
    organisation = SupplierOrganisation(**details.values())
    organisation.full_clean(exclude=["slug"])
    _save_with_unique_slug(organisation)
    SupplierMembership.objects.create(organisation=organisation, user=by, role=SupplierRole.OWNER)
    record(
        AuditAction.SUPPLIER_ORGANISATION_CREATED,
        actor=by,
        target=organisation,
        data={"slug": organisation.slug, "type": organisation.organisation_type},
    )
    search_services.saved_search_for_organisation(
        by=by,
        organisation_name=organisation.name,
        cpv_codes=organisation.capabilities,
        regions=organisation.regions,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: SupplierOrganisation, details: OrganisationDetails, by
) -> SupplierOrganisation:
    """Change the organisation's profile. The slug, and so its address, stays the same."""
    policies.require(by, "supplier.manage", organisation)
    organisation = _lock(organisation)
    values = details.values()
    changed = sorted(name for name, value in values.items() if getattr(organisation, name) != value)
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    if changed:
        organisation.save()
        record(
            AuditAction.SUPPLIER_ORGANISATION_UPDATED,
            actor=by,
            target=organisation,
            data={"changed": changed, "is_sme": organisation.is_sme},
        )
    return organisation


# --- invitations --------------------------------------------------------------------------------


def _already_on_team(organisation: SupplierOrganisation, email: str) -> bool:
    return (
        SupplierMembership.objects.filter(organisation=organisation)
        .filter(Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email))
        .exists()
    )


@transaction.atomic
def invitation_send(
    *, organisation: SupplierOrganisation, email: str, role: SupplierRole, by
) -> SupplierInvitation:
    """Invite `email` to join the team as `role`. Inviting the same address again cancels the
    earlier link, so only the newest one works."""
    policies.require(by, "supplier.manage", organisation)
    organisation = _lock(organisation)
    role = SupplierRole(role)
    email = email.strip().lower()
    if _already_on_team(organisation, email):
        raise AlreadyMember
    now = clock.now()
    # A new link replaces any earlier one.
    SupplierInvitation.objects.filter(organisation=organisation, email=email).pending().update(
        revoked_at=now
    )
    invitation = SupplierInvitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=by, created_at=now
    )
    record(
        AuditAction.SUPPLIER_INVITATION_SENT,
        actor=by,
        target=invitation,
        data={"organisation": organisation.slug, "email": email, "role": str(role)},
    )
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.pk))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: SupplierInvitation, by) -> SupplierInvitation:
    """Cancel an invitation that has not been accepted; its link stops working at once."""
    policies.require(by, "supplier.manage", invitation.organisation)
    if invitations.revoke(invitation):
        record(
            AuditAction.SUPPLIER_INVITATION_REVOKED,
            actor=by,
            target=invitation,
            data={"organisation": invitation.organisation.slug, "email": invitation.email},
        )
    return invitation


def invitation_for_token(token: str) -> SupplierInvitation:
    """The invitation a link is for, if the link can still be used. Raises one of the
    InvitationNotValid errors, each with a message for the person holding the link."""
    return invitations.from_link(
        SupplierInvitation.objects.select_related("organisation", "invited_by"), token
    )


@transaction.atomic
def invitation_accept(*, token: str, user) -> SupplierMembership:
    """Put `user` on the team, once, if the invitation went to one of their verified e-mail
    addresses. Someone already on the team keeps their place, made owner if the invitation
    offered that."""
    invitation = invitations.from_link(SupplierInvitation.objects.select_for_update(), token)
    if not policies.can(user, "supplier.accept_invitation", invitation):
        raise InvitationForSomeoneElse
    organisation = _lock(invitation.organisation)
    membership, created = SupplierMembership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == SupplierRole.OWNER and not membership.is_owner:
        membership.role = SupplierRole.OWNER
        membership.save(update_fields=["role"])
    invitations.mark_accepted(invitation, user)
    record(
        AuditAction.SUPPLIER_INVITATION_ACCEPTED,
        actor=user,
        target=invitation,
        data={"organisation": organisation.slug, "role": membership.role},
    )
    return membership


# --- roles and removals -------------------------------------------------------------------------


def _other_owners(organisation: SupplierOrganisation, user) -> bool:
    return (
        SupplierMembership.objects.filter(organisation=organisation, role=SupplierRole.OWNER)
        .exclude(user=user)
        .exists()
    )


def _member(organisation: SupplierOrganisation, user) -> SupplierMembership:
    membership = membership_of(user, organisation)
    if membership is None:
        raise NotAMember
    return membership


@transaction.atomic
def membership_change_role(
    *, organisation: SupplierOrganisation, user, role: SupplierRole, by
) -> SupplierMembership:
    """Make `user` an owner or a member of the organisation."""
    policies.require(by, "supplier.manage", organisation)
    organisation = _lock(organisation)
    role = SupplierRole(role)
    membership = _member(organisation, user)
    before = membership.role
    if before == role:
        return membership
    if before == SupplierRole.OWNER and not _other_owners(organisation, user):
        if user == by:
            raise LastOwner(
                "You are the only owner, so you must stay one. Make someone else an owner first."
            )
        raise LastOwner(
            f"{user} is the only owner, so they must stay one. Make someone else an owner first."
        )
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        AuditAction.SUPPLIER_MEMBER_ROLE_CHANGED,
        actor=by,
        target=organisation,
        data={"member": user.email, "before": before, "after": str(role)},
    )
    return membership


@transaction.atomic
def membership_remove(*, organisation: SupplierOrganisation, user, by) -> None:
    """Take `user` off the team. Members may remove themselves; owners may remove anyone."""
    membership = _member(organisation, user)
    policies.require(by, "supplier.remove_member", membership)
    organisation = _lock(organisation)
    membership = _member(organisation, user)
    if membership.is_owner and not _other_owners(organisation, user):
        if user == by:
            raise LastOwner(
                "You are the only owner, so you cannot leave the organisation. Make someone "
                "else an owner first."
            )
        raise LastOwner(
            f"{user} is the only owner, so they cannot be removed. Make someone else an owner "
            "first."
        )
    membership.delete()
    record(
        AuditAction.SUPPLIER_MEMBER_REMOVED,
        actor=by,
        target=organisation,
        data={"member": user.email, "role": membership.role},
    )
