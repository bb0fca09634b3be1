"""Reads for the supplier pages, with the prefetching that keeps each page's query count flat."""

from datetime import datetime

from django.db.models import Case, Count, Q, When
from django.http import Http404

from procurement.reference.models import CpvCode

from .models import SupplierInvitation, SupplierMembership, SupplierOrganisation, SupplierRole


def organisations_of(user):
    """The supplier organisations `user` is a member of, in name order."""
    if not getattr(user, "is_authenticated", False):
        return SupplierOrganisation.objects.none()
    return SupplierOrganisation.objects.filter(memberships__user=user).distinct()


def membership_of(user, organisation: SupplierOrganisation | None) -> SupplierMembership | None:
    """`user`'s place on `organisation`'s team, or None for anyone else."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    return SupplierMembership.objects.filter(user=user, organisation=organisation).first()


def memberships_of(user):
    """`user`'s memberships with their organisations, in organisation name order."""
    if not getattr(user, "is_authenticated", False):
        return SupplierMembership.objects.none()
    return (
        SupplierMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__legal_name", "organisation__pk")
    )


def is_supplier_member(user) -> bool:
    return memberships_of(user).exists()


def organisation_by_slug(slug: str) -> SupplierOrganisation:
    """The organisation at `slug`, or a 404. Callers then ask the policy module whether the
    person may see it, which answers with the same 404."""
    organisation = SupplierOrganisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def team_of(organisation: SupplierOrganisation) -> list[SupplierMembership]:
    """Everyone on the team, owners first, then by name (one query)."""
    return list(
        SupplierMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by(
            Case(When(role=SupplierRole.OWNER, then=0), default=1),
            "user__first_name",
            "user__last_name",
            "user__email",
        )
    )


def team_member(organisation: SupplierOrganisation, *, user_uuid) -> SupplierMembership:
    """One person on the team, by the UUID used in URLs; 404 for anyone else."""
    membership = (
        SupplierMembership.objects.filter(organisation=organisation, user__uuid=user_uuid)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        raise Http404("No such team member.")
    return membership


def pending_invitations(organisation: SupplierOrganisation):
    """Invitations not yet accepted or cancelled, newest first, including expired ones so the
    owner can see they need sending again."""
    return (
        SupplierInvitation.objects.pending()
        .filter(organisation=organisation)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def owner_count(organisation: SupplierOrganisation) -> int:
    return SupplierMembership.objects.filter(
        organisation=organisation, role=SupplierRole.OWNER
    ).count()


def organisations_needing_a_new_owner(user) -> list[SupplierOrganisation]:
    """Organisations where `user` is the only owner and others are still on the team: they
    must make someone else an owner before they can leave or close their account."""
    return list(
        # Filtered by id rather than through the memberships join, which would otherwise
        # narrow the counts below to the user's own row.
        SupplierOrganisation.objects.filter(
            pk__in=SupplierMembership.objects.filter(user=user, role=SupplierRole.OWNER).values(
                "organisation_id"
            )
        )
        .annotate(
            owners=Count(
                "memberships", filter=Q(memberships__role=SupplierRole.OWNER), distinct=True
            ),
            members=Count("memberships", distinct=True),
        )
        .filter(owners=1, members__gt=1)
        .order_by("legal_name")
    )


# --- capabilities -------------------------------------------------------------------------------


def cpv_division_choices() -> list[tuple[str, str]]:
    """The 45 CPV divisions as (two digits, label), in code order, from the CPV table."""
    return [
        (code[:2], label)
        for code, label in CpvCode.objects.filter(level=CpvCode.Level.DIVISION)
        .order_by("code")
        .values_list("code", "label")
    ]


def capability_labels(organisation: SupplierOrganisation) -> list[str]:
    """The labels of the organisation's CPV divisions, in code order (one query)."""
    wanted = set(organisation.capabilities)
    return [label for division, label in cpv_division_choices() if division in wanted]


# --- dashboard ----------------------------------------------------------------------------------


def time_left(deadline: datetime | None, *, now: datetime) -> str:
    """How long until `deadline`, in the largest whole unit that is not zero."""
    if deadline is None:
        return "No deadline set"
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return "Deadline passed"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'} left"
    return "Less than a minute left"
