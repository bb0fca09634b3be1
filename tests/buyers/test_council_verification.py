"""Whether a council is verified is for platform staff alone, and it decides publishing."""

from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from procurement.accounts import policies
from procurement.buyers.roles import Role
from tests.factories import CouncilFactory, MembershipFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db


def test_editors_of_a_verified_council_may_publish(council, council_admin, council_officer):
    assert policies.can(council_admin, "council.publish", council)
    assert policies.can(council_officer, "council.publish", council)


def test_nobody_at_an_unverified_council_may_publish():
    unverified = CouncilFactory(verified=False)
    admin = MembershipFactory(council=unverified, role=Role.COUNCIL_ADMIN).user

    assert not policies.can(admin, "council.publish", unverified)


def test_roles_that_do_not_edit_may_not_publish(council, evaluator, finance_approver):
    assert not policies.can(evaluator, "council.publish", council)
    assert not policies.can(finance_approver, "council.publish", council)


def test_platform_staff_verify_a_council_in_the_django_admin(client):
    council = CouncilFactory(verified=False, name="Newtown Council", slug="newtown")
    client.force_login(with_totp(UserFactory(is_staff=True, is_superuser=True)))

    response = client.post(
        f"/django-admin/buyers/council/{council.pk}/change/",
        {
            "name": council.name,
            "slug": council.slug,
            "gss_code": council.gss_code,
            "region": council.region,
            "website": "",
            "verified": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    council.refresh_from_db()
    assert council.verified


def test_staff_who_are_not_superusers_cannot_change_councils(client):
    council = CouncilFactory(verified=False)
    client.force_login(with_totp(UserFactory(is_staff=True)))

    assert client.get(f"/django-admin/buyers/council/{council.pk}/change/").status_code == 403


def test_council_admins_cannot_reach_the_django_admin(client, council, council_admin):
    client.force_login(council_admin)

    response = client.get(f"/django-admin/buyers/council/{council.pk}/change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")


def test_the_team_pages_ignore_an_attempt_to_set_verified(client, council_admin):
    council = CouncilFactory(verified=False, name="Newtown Council", slug="newtown")
    MembershipFactory(council=council, user=council_admin, role=Role.COUNCIL_ADMIN)
    client.force_login(council_admin)

    client.post(
        f"/council/{council.slug}/team/invite/",
        {"email": "x@example.org", "role": Role.EVALUATOR, "verified": "on"},
    )

    council.refresh_from_db()
    assert not council.verified


def test_a_councils_logo_is_cleared_if_the_image_is_deleted(council):
    buffer = BytesIO()
    PILImage.new("RGB", (40, 40), "white").save(buffer, "PNG")
    logo = Image.objects.create(title="Crest", file=ImageFile(buffer, name="crest.png"))
    council.logo = logo
    council.save()

    logo.delete()

    council.refresh_from_db()
    assert council.logo is None
