"""Builds the demo site. Every step looks things up before creating them, so running it twice
leaves one copy of everything."""

from functools import cache
from io import StringIO
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from cms.models import GuidancePage, HomePage
from procurement.accounts.mfa import activate_totp_without_app
from procurement.buyers.models import Council, Membership
from procurement.buyers.workspace import sync_member_groups
from procurement.reference.cpv import load_cpv_codes
from search.indexing import rebuild
from search.ocds import import_ocds
from suppliers.models import SupplierMembership, SupplierOrganisation, SupplierRole

from . import challenges as demo_challenges
from . import data
from . import evaluation as demo_evaluation
from . import proposals as demo_proposals

User = get_user_model()

PLATFORM_ADMIN = "admin@challenge-exchange.example"


def _demo_password_hash() -> str:
    # Every demo account has the same published password; hashing it once rather than for each
    # of the dozens of accounts keeps seeding fast with the production hasher. Kept per hasher,
    # so a change of PASSWORD_HASHERS (a test may choose a fast one) never leaves a hash it cannot
    # read.
    return _hash_with(settings.PASSWORD_HASHERS[0])


@cache
def _hash_with(hasher_path: str) -> str:
    return make_password(data.DEMO_PASSWORD)


def _user(email: str, *, first_name: str, last_name: str, **flags) -> User:
    defaults = {"first_name": first_name, "last_name": last_name, **flags}
    user, _ = User.objects.get_or_create(
        email=email, defaults={**defaults, "password": _demo_password_hash()}
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def council_email(local_part: str, council_slug: str) -> str:
    return f"{local_part}@{council_slug}.council.example"


def officer_email(council_slug: str) -> str:
    return council_email("officer", council_slug)


def council_team(council_slug: str) -> list[tuple]:
    if council_slug == data.FULL_TEAM_COUNCIL:
        extras = data.FULL_TEAM_EXTRAS
    else:
        extras = data.AWARD_TEAMS.get(council_slug, [])
    return [*data.COUNCIL_TEAM, *extras]


def _council_person(council: Council, user: User, roles) -> None:
    # Demo officers once got the Wagtail admin through is_staff and the site-wide Editors group;
    # now their council's own editors group is their only way in.
    if user.is_staff:
        User.objects.filter(pk=user.pk).update(is_staff=False)
    user.groups.remove(*Group.objects.filter(name="Editors"))
    for role in roles:
        Membership.objects.get_or_create(council=council, user=user, role=role)
    sync_member_groups(council, user)
    activate_totp_without_app(user)


def supplier_email(supplier_slug: str) -> str:
    return f"owner@{supplier_slug}.example"


def supplier_member_email(supplier_slug: str) -> str:
    return f"member@{supplier_slug}.example"


def seed_people_and_organisations() -> None:
    admin = _user(
        PLATFORM_ADMIN, first_name="Pat", last_name="Admin", is_staff=True, is_superuser=True
    )
    # Platform staff sign in with a second factor too (procurement/accounts/mfa.py).
    activate_totp_without_app(admin)
    for council_data in data.COUNCILS:
        # Saving a council also builds its Wagtail workspace (procurement.buyers.workspace).
        council, _ = Council.objects.update_or_create(
            slug=council_data["slug"],
            defaults={**{k: v for k, v in council_data.items() if k != "slug"}, "verified": True},
        )
        for local_part, first_name, last_name, roles in council_team(council.slug):
            person = _user(
                council_email(local_part, council.slug),
                first_name=first_name,
                last_name=last_name,
            )
            _council_person(council, person, roles)
    for position, row in enumerate(data.SUPPLIERS):
        seed_supplier(*row, with_member=position < MEMBERS_FOR_FIRST_SUPPLIERS)


# The first few demo suppliers also have a colleague, to show a team of two.
MEMBERS_FOR_FIRST_SUPPLIERS = 3

_NUMBER_FIELDS = {
    "company": "companies_house_number",
    "cic": "companies_house_number",
    "charity": "charity_number",
    "cooperative": "society_number",
}


def seed_supplier(
    slug,
    name,
    org_type,
    number,
    staff,
    turnover,
    balance_sheet,
    vcse,
    regions,
    capabilities,
    description,
    *,
    with_member: bool,
) -> SupplierOrganisation:
    numbers = dict.fromkeys(("companies_house_number", "charity_number", "society_number"), "")
    if number:
        numbers[_NUMBER_FIELDS[org_type]] = number
    supplier, _ = SupplierOrganisation.objects.update_or_create(
        slug=slug,
        defaults={
            "legal_name": name,
            "organisation_type": org_type,
            **numbers,
            "staff_headcount": staff,
            "annual_turnover_pence": turnover * 100,
            "balance_sheet_total_pence": balance_sheet * 100,
            "is_vcse": vcse,
            "regions": [str(r) for r in regions],
            "capabilities": capabilities,
            "description": description,
        },
    )
    owner = _user(supplier_email(slug), first_name="Alex", last_name=name)
    SupplierMembership.objects.get_or_create(
        organisation=supplier, user=owner, defaults={"role": SupplierRole.OWNER}
    )
    if with_member:
        member = _user(supplier_member_email(slug), first_name="Sam", last_name=name)
        SupplierMembership.objects.get_or_create(
            organisation=supplier, user=member, defaults={"role": SupplierRole.MEMBER}
        )
    return supplier


def _home() -> HomePage:
    return HomePage.objects.get()


def seed_pages() -> None:
    home = _home()
    if not GuidancePage.objects.filter(slug="how-challenges-work").exists():
        home.add_child(
            instance=GuidancePage(
                title="How challenges work",
                slug="how-challenges-work",
                summary="Councils describe a problem. You propose how to solve it.",
                body=[
                    (
                        "paragraph",
                        "<p>Each challenge sets out a problem, who it affects and what a good "
                        "outcome looks like. It does not tell you how to solve it.</p>",
                    ),
                    (
                        "inset_text",
                        {
                            "text": "You can ask the council questions until the clarification "
                            "deadline. Answers are published for everyone."
                        },
                    ),
                ],
            )
        )
    demo_challenges.seed_challenges()


@transaction.atomic
def seed() -> None:
    # Officers editing the demo challenges need the CPV list to validate codes against.
    load_cpv_codes()
    seed_people_and_organisations()
    seed_pages()
    demo_proposals.seed_proposals()
    demo_evaluation.seed_evaluations()
    seed_listings()


# 100 real Contracts Finder notices (2016-2017), kept with the tests as published.
CONTRACTS_FINDER_SAMPLE = Path(settings.BASE_DIR) / "tests" / "data" / "contracts-finder-sample"


def seed_listings() -> None:
    """Notices from another publisher beside the demo challenges, then the search listings
    (and Elasticsearch, when configured) built from everything."""
    import_ocds([str(CONTRACTS_FINDER_SAMPLE)])
    rebuild()
    # Demo challenges are made published rather than published through the workflow, so their
    # tender releases are written here; the awards, contracts and cancellations above wrote their
    # own.
    call_command("opendata_backfill", stdout=StringIO())


def logins() -> list[tuple[str, str]]:
    rows = [("Platform admin (Wagtail and Django admin)", PLATFORM_ADMIN)]
    for council_data in data.COUNCILS:
        for local_part, _first, _last, roles in council_team(council_data["slug"]):
            label = " and ".join(role.label for role in roles)
            email = council_email(local_part, council_data["slug"])
            rows.append((f"{label}, {council_data['name']}", email))
    # Council and platform accounts sign in with a code from an authenticator app as well as the
    # password.
    rows.append(
        ("Two-factor code for a council or admin account: run", "manage.py demo_totp EMAIL")
    )
    for slug, name, *_ in data.SUPPLIERS[:MEMBERS_FOR_FIRST_SUPPLIERS]:
        rows.append((f"Supplier owner, {name}", supplier_email(slug)))
        rows.append((f"Supplier team member, {name}", supplier_member_email(slug)))
    return rows
