"""Drafts: saved explicitly (and by autosave), never silently overwriting a colleague's work,
with the questions' rules checked on the server."""

import pytest
from django.urls import reverse

from challenges.models import ProposalQuestion
from procurement.audit.models import AuditEvent
from tenders import services
from tenders.answers import count_words
from tenders.selectors import draft_answers

from .conftest import APPROACH

pytestmark = pytest.mark.django_db


def _edit_url(proposal):
    return reverse("proposals:edit", kwargs={"uuid": proposal.uuid})


def test_a_saved_draft_reads_back_for_the_organisation(proposal, supplier_owner, colleague):
    saved = services.proposal_save_draft(
        proposal=proposal, answers={"Q1": APPROACH}, expected_version=1, by=supplier_owner
    )
    assert saved.version == 2
    assert draft_answers(saved, by=colleague) == {"Q1": APPROACH}
    assert AuditEvent.objects.filter(action="proposal.draft_saved").count() == 1


def test_a_colleagues_save_from_the_same_version_is_refused_not_merged(
    proposal, supplier_owner, colleague
):
    services.proposal_save_draft(
        proposal=proposal,
        answers={"Q1": "The owner's text."},
        expected_version=1,
        by=supplier_owner,
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.proposal_save_draft(
            proposal=proposal,
            answers={"Q1": "The colleague's text."},
            expected_version=1,
            by=colleague,
        )
    assert "after you opened it" in str(conflict.value)
    proposal.refresh_from_db()
    assert draft_answers(proposal, by=supplier_owner) == {"Q1": "The owner's text."}


def test_the_second_colleague_sees_the_conflict_with_their_own_text_kept(
    client, proposal, supplier_owner, colleague
):
    client.force_login(supplier_owner)
    client.post(_edit_url(proposal), {"version": 1, "answer_q1": "The owner's text."})
    client.force_login(colleague)
    response = client.post(
        _edit_url(proposal), {"version": 1, "answer_q1": "The colleague's careful rewrite."}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "There is a problem" in page
    assert "saved this proposal" in page
    assert "The colleague&#x27;s careful rewrite." in page
    # The form now carries the current version, so saving again is a deliberate choice.
    assert 'name="version" value="2"' in page
    proposal.refresh_from_db()
    assert draft_answers(proposal, by=colleague) == {"Q1": "The owner's text."}


def test_autosave_answers_with_the_new_version_as_json(client, proposal, supplier_owner):
    client.force_login(supplier_owner)
    response = client.post(
        _edit_url(proposal),
        {"version": 1, "answer_q1": "First thoughts", "action": "autosave"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    stale = client.post(
        _edit_url(proposal),
        {"version": 1, "answer_q1": "Stale tab"},
        headers={"accept": "application/json"},
    )
    assert stale.status_code == 409
    assert "after you opened it" in stale.json()["errors"][0]


def test_the_word_limit_is_enforced_on_the_server_and_the_text_kept(
    client, proposal, supplier_owner
):
    too_long = " ".join(["word"] * 501)
    assert count_words(too_long) == 501
    with pytest.raises(services.AnswersInvalid) as invalid:
        services.proposal_save_draft(
            proposal=proposal, answers={"Q1": too_long}, expected_version=1, by=supplier_owner
        )
    assert invalid.value.problems == {
        "Q1": "Your answer to Q1 is 501 words. It must be 500 words or fewer."
    }
    client.force_login(supplier_owner)
    response = client.post(_edit_url(proposal), {"version": 1, "answer_q1": too_long})
    page = response.content.decode()
    assert 'href="#id_answer_q1"' in page
    assert too_long in page
    proposal.refresh_from_db()
    assert proposal.version == 1


def test_words_are_what_whitespace_separates():
    assert count_words("  one\ttwo\nthree  four-five  ") == 4
    assert count_words("") == 0


def test_price_is_typed_in_pounds_and_stored_in_pence(client, proposal, supplier_owner):
    client.force_login(supplier_owner)
    response = client.post(_edit_url(proposal), {"version": 1, "answer_q3": "£44,999.50"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert draft_answers(proposal, by=supplier_owner) == {"Q3": 4_499_950}
    page = client.get(_edit_url(proposal)).content.decode()
    assert 'value="44999.50"' in page


def test_a_price_that_is_not_money_is_refused_with_the_input_kept(client, proposal, supplier_owner):
    client.force_login(supplier_owner)
    response = client.post(_edit_url(proposal), {"version": 1, "answer_q3": "about 40k"})
    page = response.content.decode()
    assert "Enter an amount in pounds" in page
    assert 'value="about 40k"' in page


@pytest.fixture
def eligibility_question(challenge):
    return ProposalQuestion.objects.create(
        challenge=challenge,
        reference="E1",
        kind="eligibility",
        text="Do you hold public liability insurance of at least £1m?",
        scored=False,
        sort_order=0,
    )


def test_eligibility_is_asked_first(client, proposal, supplier_owner, eligibility_question):
    client.force_login(supplier_owner)
    response = client.get(_edit_url(proposal))
    assert response.url == reverse("proposals:eligibility", kwargs={"uuid": proposal.uuid})


def test_answering_no_to_eligibility_stops_with_a_clear_message(
    client, proposal, supplier_owner, eligibility_question
):
    client.force_login(supplier_owner)
    eligibility_url = reverse("proposals:eligibility", kwargs={"uuid": proposal.uuid})
    response = client.post(eligibility_url, {"version": 1, "answer_e1": "no"}, follow=True)
    assert "You cannot take part in this challenge" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.eligible is False
    # The editor stays closed to them, and submission is refused even if asked for directly.
    assert client.get(_edit_url(proposal)).url.endswith("/not-eligible/")
    with pytest.raises(services.NotEligible):
        services.proposal_submit(proposal=proposal, by=supplier_owner)


def test_answering_yes_to_eligibility_opens_the_editor(
    client, proposal, supplier_owner, eligibility_question
):
    client.force_login(supplier_owner)
    eligibility_url = reverse("proposals:eligibility", kwargs={"uuid": proposal.uuid})
    response = client.post(eligibility_url, {"version": 1, "answer_e1": "yes"})
    assert response.url == _edit_url(proposal)
    proposal.refresh_from_db()
    assert proposal.eligible is True
    assert client.get(_edit_url(proposal)).status_code == 200


def test_eligibility_must_be_answered(client, proposal, supplier_owner, eligibility_question):
    client.force_login(supplier_owner)
    eligibility_url = reverse("proposals:eligibility", kwargs={"uuid": proposal.uuid})
    page = client.post(eligibility_url, {"version": 1}).content.decode()
    assert "Select yes or no for E1." in page
    # The summary links to the first of the yes/no radios.
    assert 'href="#id_answer_e1_0"' in page
    assert 'id="id_answer_e1_0"' in page


def test_declarations_take_yes_or_no_only(challenge, proposal, supplier_owner):
    ProposalQuestion.objects.create(
        challenge=challenge,
        reference="D1",
        kind="declaration",
        text="Do you pay the Real Living Wage?",
        scored=False,
    )
    with pytest.raises(services.AnswersInvalid) as invalid:
        services.proposal_save_draft(
            proposal=proposal, answers={"D1": "maybe"}, expected_version=1, by=supplier_owner
        )
    assert invalid.value.problems == {"D1": "Select yes or no for D1."}
    saved = services.proposal_save_draft(
        proposal=proposal, answers={"D1": "no"}, expected_version=1, by=supplier_owner
    )
    assert draft_answers(saved, by=supplier_owner) == {"D1": "no"}


def test_starting_twice_gives_the_same_proposal(
    challenge, supplier_organisation, supplier_owner, colleague
):
    first = services.proposal_start(
        challenge=challenge, organisation=supplier_organisation, by=supplier_owner
    )
    second = services.proposal_start(
        challenge=challenge, organisation=supplier_organisation, by=colleague
    )
    assert first == second
