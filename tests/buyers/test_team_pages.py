import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement.buyers.models import Invitation
from procurement.buyers.roles import Role
from procurement.buyers.selectors import roles_of
from tests.factories import CouncilFactory, MembershipFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db


def _team_url(council):
    return f"/council/{council.slug}/team/"


def test_council_list_shows_only_the_users_councils(client, council, council_officer):
    CouncilFactory(name="Otherham Borough Council")
    client.force_login(council_officer)

    page = client.get("/council/").content.decode()

    assert "Testshire County Council" in page
    assert "Otherham Borough Council" not in page


def test_team_page_lists_members_roles_and_pending_invitations(
    client, council, council_admin, council_officer, evaluator
):
    Invitation.objects.create(
        council=council, email="pending@testshire.example", role=Role.PANEL_CHAIR
    )
    client.force_login(council_officer)

    page = client.get(_team_url(council)).content.decode()

    for person in [council_admin, council_officer, evaluator]:
        assert person.email in page
    assert "Council admin" in page
    assert "Procurement officer" in page
    assert "pending@testshire.example" in page


def test_members_who_are_not_admins_see_no_actions(client, council, council_admin, council_officer):
    client.force_login(council_officer)

    page = client.get(_team_url(council)).content.decode()

    assert "Invite someone" not in page
    assert "Change roles" not in page
    assert "/remove/" not in page
    assert client.get(f"{_team_url(council)}invite/").status_code == 404
    assert client.get(f"{_team_url(council)}{council_admin.uuid}/roles/").status_code == 404


def test_admins_see_invite_change_and_remove(client, council, council_admin, council_officer):
    client.force_login(council_admin)

    page = client.get(_team_url(council)).content.decode()

    assert "Invite someone" in page
    assert f"/council/{council.slug}/team/{council_officer.uuid}/roles/" in page
    assert f"/council/{council.slug}/team/{council_officer.uuid}/remove/" in page


def test_team_page_query_count_does_not_grow_with_the_team(client, council, council_admin):
    client.force_login(council_admin)
    # The first visit sets up per-user rows, such as Wagtail's user profile.
    client.get(_team_url(council))

    def queries_for_team_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_team_url(council)).status_code == 200
        return len(queries)

    small_team = queries_for_team_page()
    for _ in range(8):
        MembershipFactory(council=council, role=Role.EVALUATOR)
        Invitation.objects.create(council=council, email="x@example.org", role=Role.EVALUATOR)

    assert queries_for_team_page() == small_team


def test_non_members_get_404_for_the_team_page(client, council, council_officer):
    outsider = with_totp(MembershipFactory(role=Role.COUNCIL_ADMIN).user)
    client.force_login(outsider)

    assert client.get(_team_url(council)).status_code == 404
    assert client.get(f"{_team_url(council)}invite/").status_code == 404
    assert client.get("/council/no-such-council/team/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, council):
    response = client.get(_team_url(council))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={_team_url(council)}"


def test_invite_form_errors_are_summarised_linked_and_keep_what_was_typed(
    client, council, council_admin
):
    client.force_login(council_admin)

    response = client.post(f"{_team_url(council)}invite/", {"email": "not-an-address"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert '<a href="#id_email">Enter an e-mail address in the correct format' in page
    assert '<a href="#id_role_0">Select the role you are inviting them to take</a>' in page
    assert 'id="id_role_0"' in page
    assert 'value="not-an-address"' in page
    assert "<title>Error: " in page
    assert not Invitation.objects.exists()


def test_inviting_through_the_form_sends_the_email(
    client, council, council_admin, django_capture_on_commit_callbacks
):
    client.force_login(council_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{_team_url(council)}invite/",
            {"email": "new.chair@testshire.example", "role": Role.PANEL_CHAIR},
            follow=True,
        )

    assert response.redirect_chain[-1][0] == _team_url(council)
    assert "Invitation sent to new.chair@testshire.example" in response.content.decode()
    assert mail.outbox[-1].to == ["new.chair@testshire.example"]


def test_a_refused_invitation_shows_why_and_keeps_the_choice(client, council, council_admin):
    client.force_login(council_admin)

    response = client.post(
        f"{_team_url(council)}invite/",
        {"email": "admin@testshire.example", "role": Role.COUNCIL_ADMIN},
    )

    page = response.content.decode()
    assert "already has that role" in page
    assert re.search(r'value="council_admin"\s+checked', page)


def test_change_roles_form_shows_current_roles_and_saves(
    client, council, council_admin, council_officer
):
    client.force_login(council_admin)
    url = f"{_team_url(council)}{council_officer.uuid}/roles/"

    page = client.get(url).content.decode()
    assert re.search(r'value="procurement_officer"\s+checked', page)

    response = client.post(url, {"roles": [Role.PROCUREMENT_OFFICER, Role.EVALUATOR]})

    assert response.status_code == 302
    assert roles_of(council_officer, council) == {Role.PROCUREMENT_OFFICER, Role.EVALUATOR}


def test_demoting_the_last_admin_through_the_form_shows_the_reason(client, council, council_admin):
    client.force_login(council_admin)

    response = client.post(
        f"{_team_url(council)}{council_admin.uuid}/roles/", {"roles": [Role.EVALUATOR]}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_roles_0">' in page
    assert "only council admin" in page
    assert re.search(r'value="evaluator"\s+checked', page)
    assert roles_of(council_admin, council) == {Role.COUNCIL_ADMIN}


def test_removing_asks_for_confirmation_first(client, council, council_admin, council_officer):
    client.force_login(council_admin)
    url = f"{_team_url(council)}{council_officer.uuid}/remove/"

    page = client.get(url).content.decode()
    assert f"Remove {council_officer} from the team?" in page
    assert roles_of(council_officer, council)

    response = client.post(url)

    assert response.status_code == 302
    assert roles_of(council_officer, council) == set()


def test_the_last_admin_leaving_is_refused_on_the_page(client, council, council_admin):
    client.force_login(council_admin)

    response = client.post(f"{_team_url(council)}{council_admin.uuid}/remove/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "You are the only council admin" in page
    assert roles_of(council_admin, council) == {Role.COUNCIL_ADMIN}


def test_someone_from_another_council_cannot_be_addressed(client, council, council_admin):
    stranger = MembershipFactory(role=Role.EVALUATOR).user
    client.force_login(council_admin)

    assert client.get(f"{_team_url(council)}{stranger.uuid}/roles/").status_code == 404
    assert client.post(f"{_team_url(council)}{stranger.uuid}/remove/").status_code == 404


def test_cancelling_an_invitation(client, council, council_admin):
    invitation = Invitation.objects.create(
        council=council, email="pending@testshire.example", role=Role.EVALUATOR
    )
    client.force_login(council_admin)

    response = client.post(f"{_team_url(council)}invitations/{invitation.pk}/cancel/", follow=True)

    assert "The invitation to pending@testshire.example has been cancelled" in (
        response.content.decode()
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "pending@testshire.example" not in client.get(_team_url(council)).content.decode()


def _invite(client, council, council_admin, django_capture_on_commit_callbacks, email):
    client.force_login(council_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{_team_url(council)}invite/", {"email": email, "role": Role.EVALUATOR})
    client.logout()
    link = re.search(r"http://[^/]+(/council/invitations/\S+/)", mail.outbox[-1].body)
    return link.group(1)


def test_accept_page_needs_sign_in_then_accepts(
    client, council, council_admin, django_capture_on_commit_callbacks
):
    path = _invite(
        client, council, council_admin, django_capture_on_commit_callbacks, "joiner@example.org"
    )

    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/council/invitations/")

    joiner = UserFactory(email="joiner@example.org")
    client.force_login(joiner)
    page = client.get(path).content.decode()
    assert "Join Testshire County Council" in page
    assert "Evaluator" in page

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == _team_url(council)
    assert roles_of(joiner, council) == {Role.EVALUATOR}


def test_accept_page_explains_a_wrong_address_without_accepting(
    client, council, council_admin, django_capture_on_commit_callbacks
):
    path = _invite(
        client, council, council_admin, django_capture_on_commit_callbacks, "joiner@example.org"
    )
    somebody = UserFactory(email="somebody@example.org")
    client.force_login(somebody)

    response = client.post(path)

    assert response.status_code == 400
    assert "different e-mail address" in response.content.decode()
    assert roles_of(somebody, council) == set()


def test_accept_page_explains_a_used_link(
    client, council, council_admin, django_capture_on_commit_callbacks
):
    path = _invite(
        client, council, council_admin, django_capture_on_commit_callbacks, "joiner@example.org"
    )
    client.force_login(with_totp(UserFactory(email="joiner@example.org")))
    client.post(path)

    response = client.get(path)

    assert response.status_code == 400
    assert "already been accepted" in response.content.decode()


def test_navigation_offers_council_links_to_council_people(client, council, council_officer):
    client.force_login(council_officer)

    page = client.get("/").content.decode()

    assert 'href="/admin/">Council admin</a>' in page
    # "Your council" leads to the council home, which links to each council's team.
    assert 'href="/council/">Your council</a>' in page


def test_navigation_lists_councils_for_someone_in_several(client, council, council_officer):
    MembershipFactory(user=council_officer, role=Role.EVALUATOR)
    client.force_login(council_officer)

    assert 'href="/council/">Your council</a>' in client.get("/").content.decode()


def test_evaluators_get_their_council_but_not_the_admin_link(client, council, evaluator):
    client.force_login(evaluator)

    page = client.get("/").content.decode()

    assert "Council admin</a>" not in page
    # "Your council" leads to the council home, which links to each council's team.
    assert 'href="/council/">Your council</a>' in page


def test_suppliers_get_neither_council_link(client, supplier_owner):
    client.force_login(supplier_owner)

    page = client.get("/").content.decode()

    assert "Council admin</a>" not in page
    assert "Your council</a>" not in page
