"""Builds the demo site. Every step looks things up before creating them, so running it twice
leaves one copy of everything."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from challenges.lifecycle import Status
from challenges.models import ChallengePage
from challenges.workspaces import council_challenges_page
from cms.models import GuidancePage, HomePage
from procurement import clock
from procurement.buyers.models import Council
from suppliers.models import SupplierOrganisation

from . import data

User = get_user_model()

PLATFORM_ADMIN = "admin@challenge-exchange.example"


def _user(email: str, *, first_name: str, last_name: str, **flags) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **flags}
    )
    if created:
        user.set_password(data.DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def officer_email(council_slug: str) -> str:
    return f"officer@{council_slug}.council.example"


def supplier_email(supplier_slug: str) -> str:
    return f"owner@{supplier_slug}.example"


def seed_people_and_organisations() -> None:
    _user(PLATFORM_ADMIN, first_name="Pat", last_name="Admin", is_staff=True, is_superuser=True)
    editors = Group.objects.get(name="Editors")
    for council_data in data.COUNCILS:
        council, _ = Council.objects.update_or_create(
            slug=council_data["slug"],
            defaults={**{k: v for k, v in council_data.items() if k != "slug"}, "verified": True},
        )
        officer = _user(
            officer_email(council.slug),
            first_name="Sam",
            last_name=f"Officer ({council.name})",
            is_staff=True,
        )
        officer.groups.add(editors)
    for slug, name, org_type, number, sme, vcse, regions, description in data.SUPPLIERS:
        is_charity = org_type == "charity"
        supplier, _ = SupplierOrganisation.objects.update_or_create(
            slug=slug,
            defaults={
                "legal_name": name,
                "organisation_type": org_type,
                "companies_house_number": "" if is_charity else number,
                "charity_number": number if is_charity else "",
                "is_sme": sme,
                "is_vcse": vcse,
                "regions": [str(r) for r in regions],
                "description": description,
            },
        )
        owner = _user(supplier_email(slug), first_name="Alex", last_name=name)
        supplier.members.add(owner)


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
    councils = {c.slug: c for c in Council.objects.all()}
    now = clock.now()
    for position, row in enumerate(data.CHALLENGES):
        council_slug, status, title, summary, affected, outcome, low, high = row
        slug = slugify(title)[:80]
        if ChallengePage.objects.filter(slug=slug).exists():
            continue
        published_at, deadline = _dates(status, now, position)
        council = councils[council_slug]
        page = ChallengePage(
            title=title,
            slug=slug,
            council=council,
            status=status,
            summary=summary,
            who_is_affected=f"<p>{affected}</p>",
            desired_outcomes=f"<p>{outcome}</p>",
            problem_statement=[("paragraph", f"<p>{summary}</p>")],
            budget_min_pence=low * 100,
            budget_max_pence=high * 100,
            regions=[council.region],
            suitable_for_sme=True,
            suitable_for_vcse=position % 3 != 0,
            published_at=published_at,
            submission_deadline=deadline,
            cancellation_reason=(
                "The council has decided to meet this need through an existing contract."
                if status == Status.CANCELLED
                else ""
            ),
            live=status not in {Status.DRAFT, Status.IN_REVIEW},
        )
        council_challenges_page(council).add_child(instance=page)


def _dates(status: Status, now, position: int):
    """Believable key dates for a challenge at each stage, spread so listings vary."""
    spread = timedelta(days=position % 9)
    if status in {Status.DRAFT, Status.IN_REVIEW}:
        return None, now + timedelta(days=45) + spread
    if status == Status.PUBLISHED:
        return now - timedelta(days=7) - spread, now + timedelta(days=12) + spread * 3
    if status == Status.CLOSED:
        return now - timedelta(days=40) - spread, now - timedelta(days=2) - spread
    if status == Status.IN_EVALUATION:
        return now - timedelta(days=60) - spread, now - timedelta(days=20) - spread
    if status == Status.AWARDED:
        return now - timedelta(days=120) - spread, now - timedelta(days=80) - spread
    return now - timedelta(days=30) - spread, now + timedelta(days=5) + spread  # cancelled


@transaction.atomic
def seed() -> None:
    seed_people_and_organisations()
    seed_pages()


def logins() -> list[tuple[str, str]]:
    rows = [("Platform admin (Wagtail and Django admin)", PLATFORM_ADMIN)]
    rows += [(f"Council officer, {c['name']}", officer_email(c["slug"])) for c in data.COUNCILS]
    rows += [(f"Supplier, {s[1]}", supplier_email(s[0])) for s in data.SUPPLIERS[:3]]
    return rows
