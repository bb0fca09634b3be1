"""The council home: where council members land after signing in, and what waits for each role."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges.lifecycle import Status
from challenges.models import Clarification
from procurement import clock
from procurement.accounts.mfa import current_totp_code
from procurement.awards.models import AwardDecision, DecisionStatus
from procurement.buyers.roles import Role
from procurement.evaluation import services as evaluation_services
from tenders import services as proposal_services
from tenders.opening import opening_approve
from tests.conftest import _council_person
from tests.factories import PASSWORD, ChallengeFactory
from tests.tenders.conftest import _sealed_files_in_tmp, complete  # noqa: F401

pytestmark = pytest.mark.django_db


def _sign_in(client, user) -> str:
    """Sign in through allauth's real pages (password, then the authenticator code); returns
    where the person lands."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if response["Location"].startswith("/accounts/2fa/authenticate"):
        response = client.post(response["Location"], {"code": current_totp_code(user)})
    assert response.status_code == 302
    return response["Location"]


def test_a_council_member_lands_on_the_council_home_after_signing_in(client, panel_chair):
    assert _sign_in(client, panel_chair) == "/council/"


def test_a_supplier_still_lands_on_the_home_page(client, supplier_owner):
    assert _sign_in(client, supplier_owner) == "/"


def test_the_council_home_is_in_the_header_for_members_only(client, evaluator, supplier_owner):
    client.force_login(evaluator)
    assert 'href="/council/">Your council<' in client.get("/").content.decode()
    client.force_login(supplier_owner)
    assert 'href="/council/"' not in client.get("/").content.decode()


@pytest.fixture
def desk(
    council,
    council_officer,
    second_officer,
    panel_chair,
    evaluator,
    finance_approver,
    supplier_owner,
    supplier_organisation,
    time_machine,
):
    """One of everything a council team waits on."""
    in_review = ChallengeFactory(council=council, title="Quieter streets at night")
    in_review.get_workflow().start(in_review, council_officer)
    asked = ChallengeFactory(published=True, council=council, title="Warmer homes")
    Clarification.objects.create(
        challenge=asked, asked_by=supplier_owner, question="Is VAT included?", asked_at=clock.now()
    )
    closed = ChallengeFactory(published=True, council=council, title="Cleaner rivers")
    evaluated = ChallengeFactory(published=True, council=council, title="Fewer potholes")
    bid = proposal_services.proposal_start(
        challenge=evaluated, organisation=supplier_organisation, by=supplier_owner
    )
    proposal_services.proposal_submit(proposal=complete(bid, supplier_owner), by=supplier_owner)
    time_machine.move_to(evaluated.submission_deadline + timedelta(minutes=1), tick=False)
    opening_approve(challenge=evaluated, by=council_officer)
    opening_approve(challenge=evaluated, by=second_officer)
    evaluated.refresh_from_db()
    evaluation = evaluated.evaluation
    evaluation_services.assign(
        evaluation=evaluation,
        evaluator=evaluator,
        evaluated=list(evaluation.proposals.all()),
        criteria=[],
        by=panel_chair,
    )
    awarded = ChallengeFactory(council=council, title="Brighter parks", status=Status.IN_EVALUATION)
    AwardDecision.objects.create(
        challenge=awarded,
        status=DecisionStatus.PROPOSED,
        rationale="Highest score.",
        proposed_at=clock.now(),
        proposed_by=panel_chair,
    )
    return {"in_review": in_review, "asked": asked, "closed": closed, "evaluated": evaluated}


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get("/council/")
    assert response.status_code == 200
    return response.content.decode()


def _links(page: str) -> list[str]:
    main = page.split('id="main-content"', 1)[1].split("</main>", 1)[0]
    return re.findall(r'href="([^"#]+)', main)


def test_each_role_sees_what_waits_for_it(
    client, desk, council_officer, second_officer, panel_chair, evaluator, finance_approver
):
    officer = _home(client, council_officer)
    assert "Quieter streets at night" not in officer  # they submitted it: someone else reviews
    assert "Answer the question asked" in officer
    assert "Approve opening of Cleaner rivers" in officer

    reviewer = _home(client, second_officer)
    assert "Review Quieter streets at night" in reviewer
    assert f"/admin/pages/{desk['in_review'].pk}/edit/" in reviewer

    chair = _home(client, panel_chair)
    assert "Run the panel for Fewer potholes" in chair
    assert "Approve opening of Cleaner rivers" in chair
    assert "Answer the question" not in chair

    scorer = _home(client, evaluator)
    assert "Declare conflicts of interest before proposal A" in scorer
    assert "Approve opening" not in scorer

    finance = _home(client, finance_approver)
    assert "Decide on the award for Brighter parks" in finance
    assert "Run the panel" not in finance


def test_those_who_write_challenges_are_linked_to_a_new_one_under_their_council(
    client, council, council_officer, panel_chair
):
    from challenges.workspaces import council_challenges_page

    add = f"/admin/pages/add/challenges/challengepage/{council_challenges_page(council).pk}/"
    assert f'href="{add}">Write a new challenge' in _home(client, council_officer)
    assert "Write a new challenge" not in _home(client, panel_chair)


def test_the_home_costs_the_same_queries_however_much_waits(
    client, desk, council, django_assert_max_num_queries
):
    everyone = _council_person(council, "all@testshire.example", *Role)
    client.force_login(everyone)
    with CaptureQueriesContext(connection) as before:
        page = client.get("/council/").content.decode()
    assert "Review Quieter streets at night" in page
    assert "Run the panel for Fewer potholes" in page
    for title in ("Extra one", "Extra two", "Extra three"):
        extra = ChallengeFactory(published=True, council=council, title=title)
        Clarification.objects.create(challenge=extra, question="Why?", asked_at=clock.now())
    with django_assert_max_num_queries(len(before)):
        page = client.get("/council/").content.decode()
    assert page.count("Answer the question asked") == 4
    assert len(before) <= 30


def test_every_link_on_every_home_leads_somewhere_without_a_loop(
    client,
    desk,
    council_admin,
    council_officer,
    second_officer,
    panel_chair,
    evaluator,
    finance_approver,
):
    people = [council_admin, council_officer, second_officer, panel_chair, evaluator]
    for user in [*people, finance_approver]:
        for link in _links(_home(client, user)):
            response = client.get(link, follow=True)
            assert len(response.redirect_chain) <= 2, (user, link, response.redirect_chain)
            assert response.status_code == 200, (user, link, response.status_code)


def test_someone_without_an_editing_role_following_the_editor_link_is_not_looped(
    client, panel_chair
):
    client.force_login(panel_chair)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/council/"
    assert len(response.redirect_chain) == 2
    assert "The challenge editor is for procurement officers" in response.content.decode()


def test_someone_signed_out_following_the_editor_link_signs_in_and_comes_back(client):
    response = client.get("/admin/pages/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/pages/"
