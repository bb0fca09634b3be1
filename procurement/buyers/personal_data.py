"""A person's council roles, for their data export."""

from procurement.accounts import personal_data

from .models import Membership


@personal_data.export_section("council_roles")
def _council_roles(user) -> list[dict]:
    return [
        {
            "council": membership.council.name,
            "role": membership.get_role_display(),
            "since": personal_data.iso(membership.created_at),
        }
        for membership in Membership.objects.filter(user=user)
        .select_related("council")
        .order_by("council__name", "role")
    ]
