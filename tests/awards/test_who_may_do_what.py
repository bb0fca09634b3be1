"""Who may propose, approve, read and download: the panel chair proposes, a finance approver
who is someone else approves, and each supplier sees only its own outcome letter. Anything
else is a 404."""

import pytest
from django.urls import reverse

from procurement.accounts.policies import NotPermitted
from procurement.awards import services
from procurement.awards.models import DecisionStatus
from procurement.buyers.roles import Role
from tests.factories import MembershipFactory, UserFactory, with_totp

from .conftest import propose

pytestmark = pytest.mark.django_db


def _letter_of(decision, label, moderated):
    return decision.outcome_letters.get(proposal=moderated.proposal(label))


def test_only_the_panel_chair_may_propose_winners(
    client, moderated, council_officer, finance_approver, evaluator, supplier_owner
):
    for person in (council_officer, finance_approver, evaluator, supplier_owner):
        with pytest.raises(NotPermitted):
            propose(moderated.challenge, person)
    assert not moderated.challenge.award_decisions.exists()


def test_a_finance_approver_who_proposed_cannot_approve_their_own_award(
    moderated, council, django_capture_on_commit_callbacks
):
    chair_and_finance = with_totp(UserFactory(email="both@testshire.example"))
    MembershipFactory(council=council, user=chair_and_finance, role=Role.PANEL_CHAIR)
    MembershipFactory(council=council, user=chair_and_finance, role=Role.FINANCE_APPROVER)
    decision = propose(moderated.challenge, chair_and_finance)
    with pytest.raises(NotPermitted):
        services.award_approve(decision=decision, by=chair_and_finance)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED


def test_the_panel_chair_cannot_approve(proposed, panel_chair, council_officer):
    for person in (panel_chair, council_officer):
        with pytest.raises(NotPermitted):
            services.award_approve(decision=proposed, by=person)


def test_a_finance_approver_of_another_council_cannot_approve(proposed):
    from tests.factories import CouncilFactory

    elsewhere = CouncilFactory(name="Elsewhere Council", slug="elsewhere")
    outsider = with_totp(UserFactory(email="finance@elsewhere.example"))
    MembershipFactory(council=elsewhere, user=outsider, role=Role.FINANCE_APPROVER)
    with pytest.raises(NotPermitted):
        services.award_approve(decision=proposed, by=outsider)


def test_each_supplier_downloads_only_its_own_letter(
    client, approved, moderated, supplier_owner, rival_supplier
):
    own = _letter_of(approved, "A", moderated)
    rivals = _letter_of(approved, "B", moderated)
    client.force_login(supplier_owner)
    response = client.get(reverse("awards:letter", kwargs={"uuid": own.uuid}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert bytes(response.content) == bytes(own.pdf)
    assert client.get(reverse("awards:letter", kwargs={"uuid": rivals.uuid})).status_code == 404
    client.force_login(rival_supplier)
    assert client.get(reverse("awards:letter", kwargs={"uuid": rivals.uuid})).status_code == 200
    assert client.get(reverse("awards:letter", kwargs={"uuid": own.uuid})).status_code == 404


def test_the_dashboard_lists_only_the_suppliers_own_letter(
    client, approved, moderated, rival_supplier
):
    client.force_login(rival_supplier)
    page = client.get(reverse("suppliers:dashboard")).content.decode()
    own = _letter_of(approved, "B", moderated)
    assert reverse("awards:letter", kwargs={"uuid": own.uuid}) in page
    assert "Not successful" in page
    for label in ("A", "C", "D"):
        other = _letter_of(approved, label, moderated)
        assert str(other.uuid) not in page


def test_suppliers_and_evaluators_cannot_see_the_decision_or_the_report(
    client, approved, supplier_owner, evaluator, finance_approver
):
    for person in (supplier_owner, evaluator):
        client.force_login(person)
        for name in ("awards:decision", "awards:report"):
            url = reverse(name, kwargs={"uuid": approved.uuid})
            assert client.get(url).status_code == 404, (person, name)
        url = reverse("awards:challenge", kwargs={"pk": approved.challenge.pk})
        assert client.get(url).status_code == 404
    client.force_login(finance_approver)
    response = client.get(reverse("awards:report", kwargs={"uuid": approved.uuid}))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_council_readers_may_download_every_letter(client, approved, moderated, council_officer):
    client.force_login(council_officer)
    for label in "ABCD":
        letter = _letter_of(approved, label, moderated)
        assert client.get(reverse("awards:letter", kwargs={"uuid": letter.uuid})).status_code == 200


def test_contracts_are_seen_by_the_council_and_the_winner_only(
    client, approved, frozen, supplier_owner, rival_supplier, council_officer
):
    frozen.move_to(approved.standstill_ends_at, tick=False)
    services.conclude_due_awards()
    contract = approved.awards.get().contract
    url = reverse("awards:contract", kwargs={"uuid": contract.uuid})
    client.force_login(rival_supplier)
    assert client.get(url).status_code == 404
    for person in (supplier_owner, council_officer):
        client.force_login(person)
        page = client.get(url)
        assert page.status_code == 200
        assert "Project start-up and plan agreed" in page.content.decode()
    client.force_login(supplier_owner)
    assert url in client.get(reverse("suppliers:dashboard")).content.decode()
