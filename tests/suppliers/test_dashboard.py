"""The supplier dashboard: the person's own interests and questions, their organisation's
proposals, and nothing of anybody else's."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges import services as challenge_services
from procurement import clock
from suppliers.selectors import time_left
from tenders.models import Proposal
from tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(council):
    return ChallengeFactory(published=True, council=council, title="Cutting food waste")


def _engage(challenge, user, question):
    challenge_services.interest_register(challenge=challenge, by=user)
    return challenge_services.clarification_ask(challenge=challenge, by=user, question=question)


def test_the_dashboard_shows_the_users_interests_and_questions_with_answers(
    client, challenge, supplier_owner, council_officer
):
    clarification = _engage(challenge, supplier_owner, "Can we bid as a consortium?")
    challenge_services.clarification_answer_privately(
        clarification=clarification,
        by=council_officer,
        answer="Yes, name the lead organisation.",
        reason="Only relevant to this supplier.",
    )
    client.force_login(supplier_owner)

    page = client.get("/supplier/").content.decode()

    assert "Your dashboard" in page
    assert "Testworks Ltd" in page
    assert "Cutting food waste" in page
    assert "Can we bid as a consortium?" in page
    assert "Answered privately" in page
    assert "Yes, name the lead organisation." in page
    assert "Outcomes appear here when a challenge you bid for is awarded." in page


def test_the_dashboard_does_not_show_other_peoples_interests_or_questions(
    client, challenge, supplier_owner, rival_supplier
):
    other = ChallengeFactory(published=True, council=challenge.council, title="Fixing potholes")
    _engage(other, rival_supplier, "Is the rival’s secret question visible?")
    _engage(challenge, supplier_owner, "What about our question?")
    client.force_login(supplier_owner)

    page = client.get("/supplier/").content.decode()

    assert "What about our question?" in page
    assert "Fixing potholes" not in page
    assert "secret question" not in page


def test_a_pending_question_shows_no_answer(client, challenge, supplier_owner):
    _engage(challenge, supplier_owner, "When will you answer?")
    client.force_login(supplier_owner)

    page = client.get("/supplier/").content.decode()

    assert "Waiting for an answer" in page
    assert ">Answer<" not in page


def test_an_empty_dashboard_says_what_to_do_next(client, supplier_owner):
    client.force_login(supplier_owner)

    page = client.get("/supplier/").content.decode()

    assert "You have not registered interest in any challenges." in page
    assert "You have not asked any questions." in page
    assert "No proposals yet." in page


def test_the_navigation_links_supplier_members_to_their_dashboard(client, supplier_owner):
    client.force_login(supplier_owner)

    page = client.get("/account/").content.decode()

    assert '<a class="govuk-service-navigation__link" href="/supplier/">Your dashboard</a>' in page


def test_council_people_without_a_supplier_organisation_have_no_dashboard_link(
    client, council_officer
):
    client.force_login(council_officer)

    page = client.get("/account/").content.decode()

    assert "Your dashboard" not in page


def test_the_dashboard_query_count_does_not_grow_with_its_rows(
    client, council, supplier_organisation, supplier_owner, django_assert_max_num_queries
):
    client.force_login(supplier_owner)
    first = ChallengeFactory(published=True, council=council)
    _engage(first, supplier_owner, "First question?")
    _proposal(first, supplier_organisation, supplier_owner)
    client.get("/supplier/")  # warm the site root paths cache, as any earlier page would
    with CaptureQueriesContext(connection) as one_row:
        client.get("/supplier/")

    for number in range(3):
        more = ChallengeFactory(published=True, council=council)
        _engage(more, supplier_owner, f"Question {number}?")
        _proposal(more, supplier_organisation, supplier_owner)
    with django_assert_max_num_queries(len(one_row)):
        page = client.get("/supplier/").content.decode()
    assert page.count("Question ") >= 3


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(days=3, hours=5), "3 days left"),
        (timedelta(days=1), "1 day left"),
        (timedelta(hours=5, minutes=59), "5 hours left"),
        (timedelta(minutes=1), "1 minute left"),
        (timedelta(seconds=59), "Less than a minute left"),
        (timedelta(0), "Deadline passed"),
        (timedelta(seconds=-1), "Deadline passed"),
    ],
)
def test_time_left_counts_down_to_the_deadline(delta, expected):
    now = clock.now()
    assert time_left(now + delta, now=now) == expected


def _proposal(challenge, organisation, user, status="draft"):
    now = clock.now()
    return Proposal.objects.create(
        challenge=challenge,
        organisation=organisation,
        created_by=user,
        updated_by=user,
        status=status,
        created_at=now,
        updated_at=now,
    )


def test_the_dashboard_shows_the_organisations_proposals_with_status_and_time_left(
    client, challenge, supplier_organisation, supplier_owner, colleague, rival_supplier
):
    from suppliers.selectors import organisations_of

    # Started by a colleague: it is the organisation's proposal, so the owner sees it too.
    mine = _proposal(challenge, supplier_organisation, colleague, status="submitted")
    other = ChallengeFactory(published=True, council=challenge.council, title="Rival work")
    _proposal(other, organisations_of(rival_supplier).get(), rival_supplier)
    client.force_login(supplier_owner)

    page = client.get("/supplier/").content.decode()

    assert "Cutting food waste" in page
    assert "Submitted" in page
    assert "19 days left" in page
    assert f"/proposals/{mine.uuid}/receipt/" in page
    assert "Rival work" not in page


def test_the_dashboard_links_to_matches_for_the_organisation(client, supplier_owner):
    organisation = supplier_owner.supplier_memberships.get().organisation
    organisation.capabilities, organisation.regions = ["90"], ["TLE"]
    organisation.save()
    client.force_login(supplier_owner)
    page = client.get("/supplier/").content.decode()
    assert 'href="/opportunities/?status=open&amp;region=TLE&amp;cpv=90">Matches for your' in page
