import pytest
from django.urls import reverse

from procurement.audit.models import AuditEvent
from procurement.audit.services import record
from tests.factories import UserFactory, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return with_totp(
        UserFactory(email="platform@challenge-exchange.example", is_staff=True, is_superuser=True)
    )


@pytest.fixture
def event(council_officer):
    return record("challenge.published", actor=council_officer, data={"title": "Fewer potholes"})


def test_a_superuser_can_read_the_log_but_not_add_change_or_delete(client, superuser, event):
    client.force_login(superuser)

    listing = client.get(reverse("admin:audit_auditevent_changelist"))
    assert listing.status_code == 200
    assert "challenge.published" in listing.text
    assert "officer@testshire.example" in listing.text
    assert reverse("admin:audit_auditevent_add") not in listing.text

    detail = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert event.hash in detail.text
    assert 'name="_save"' not in detail.text

    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    changed = client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "x"}
    )
    assert changed.status_code == 403
    deleted = client.post(
        reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "challenge.published"


def test_the_log_can_be_filtered_by_action_and_searched_by_actor(
    client, superuser, council_officer
):
    record("challenge.published", actor=council_officer)
    record("tender.opened")
    client.force_login(superuser)
    url = reverse("admin:audit_auditevent_changelist")

    filtered = client.get(url, {"action": "tender.opened"})
    assert [e.action for e in filtered.context["cl"].result_list] == ["tender.opened"]

    searched = client.get(url, {"q": "officer@testshire"})
    assert [e.action for e in searched.context["cl"].result_list] == ["challenge.published"]


def test_staff_who_are_not_superusers_cannot_see_the_log(client, event):
    client.force_login(
        with_totp(UserFactory(email="staff@challenge-exchange.example", is_staff=True))
    )

    response = client.get(reverse("admin:audit_auditevent_changelist"))

    assert response.status_code == 403
