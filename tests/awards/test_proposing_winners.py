"""The chair's award page: the moderated ranking, and proposing winners with their values and a
milestone plan. Refused before moderation is complete, for excluded proposals, beyond the
challenge's number of awards, and while another decision stands."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from procurement.audit.models import AuditEvent
from procurement.awards import milestones, services
from procurement.awards.models import Award, DecisionStatus
from procurement.evaluation.models import TieResolution

from .conftest import propose

pytestmark = pytest.mark.django_db


def _url(challenge):
    return reverse("awards:challenge", kwargs={"pk": challenge.pk})


def _form(**overrides):
    data = {
        "winners": ["A"],
        "value_A": "20000",
        "value_B": "20000",
        "value_C": "20000",
        "rationale": "A scored highest.",
        "milestone_1_title": "Start-up",
        "milestone_1_share": "30",
        "milestone_1_months": "1",
        "milestone_2_title": "Interim report",
        "milestone_2_share": "40",
        "milestone_2_months": "3",
        "milestone_3_title": "Final report",
        "milestone_3_share": "30",
        "milestone_3_months": "6",
    }
    data.update(overrides)
    return data


def test_the_chair_sees_the_ranking_with_totals_and_excluded_proposals(
    client, moderated, panel_chair
):
    client.force_login(panel_chair)
    page = client.get(_url(moderated.challenge)).content.decode()
    assert (
        page.index("Testworks Ltd")
        < page.index("Rival Solutions Ltd")
        < page.index("Northwind Co-operative")
    )
    for total in ("85.00", "80.00", "50.00"):
        assert total in page
    assert "Excluded: Did not hold the public liability insurance" in page
    # The phase's value is offered for each award.
    assert 'value="20000"' in page
    # Excluded proposals are not offered as winners.
    assert 'value="D"' not in page


def test_ties_show_as_ties_until_the_chair_breaks_them(client, moderated, panel_chair):
    from procurement.evaluation.models import AgreedScore

    # Give C the same scores as B: 80.00 each.
    for agreed in AgreedScore.objects.filter(evaluated=moderated.evaluated["C"]):
        agreed.score = 4 if agreed.criterion.name == "Approach" else 2
        agreed.save()
    client.force_login(panel_chair)
    page = client.get(_url(moderated.challenge)).content.decode()
    assert page.count("Joint 2nd") == 2
    TieResolution.objects.create(
        evaluation=moderated.evaluation,
        order=["C", "B"],
        method="Higher score on the more heavily weighted criterion, then a coin toss.",
        recorded_at=moderated.evaluation.moderated_at,
    )
    page = client.get(_url(moderated.challenge)).content.decode()
    assert "Joint 2nd" not in page
    assert page.index("Northwind Co-operative") < page.index("Rival Solutions Ltd")
    assert page.count("Tie broken by the chair") == 2
    assert "C before B: Higher score on the more heavily weighted criterion" in page


def test_the_chair_proposes_winners_with_values_and_a_milestone_plan(
    client, moderated, panel_chair
):
    client.force_login(panel_chair)
    response = client.post(_url(moderated.challenge), _form(winners=["B", "A"], value_B="15000.50"))
    decision = moderated.challenge.award_decisions.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:decision", kwargs={"uuid": decision.uuid})
    assert decision.status == DecisionStatus.PROPOSED
    assert decision.proposed_by == panel_chair
    awards = [(a.organisation.legal_name, a.value_pence, a.rank) for a in decision.awards.all()]
    assert awards == [("Testworks Ltd", 2_000_000, 1), ("Rival Solutions Ltd", 1_500_050, 2)]
    assert [step["share_percent"] for step in decision.milestone_plan] == [30, 40, 30]
    event = AuditEvent.objects.get(action="award.proposed")
    assert event.actor == panel_chair
    assert event.target_id == str(decision.pk)


def test_bad_input_is_shown_in_an_error_summary_and_kept(client, moderated, panel_chair):
    client.force_login(panel_chair)
    response = client.post(
        _url(moderated.challenge),
        _form(winners=["A"], value_A="", rationale="", milestone_3_share="20"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_rationale">Enter the reasons for choosing these winners.</a>' in page
    # The plan's shares are checked against the award: 30 + 40 + 20 is not 100.
    response = client.post(_url(moderated.challenge), _form(milestone_3_share="20"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "The milestones add up to 90% of the award" in page
    assert 'href="#id_milestone_1_title"' in page
    assert 'name="milestone_3_share" value="20"' in page
    assert not moderated.challenge.award_decisions.exists()


def test_a_winner_needs_a_value(client, moderated, panel_chair):
    client.force_login(panel_chair)
    response = client.post(_url(moderated.challenge), _form(value_A=""))
    assert response.status_code == 400
    assert '<a href="#id_value_A">Enter the value of the award to proposal A.</a>' in (
        response.content.decode()
    )


def test_no_more_winners_than_the_challenge_offers(moderated, panel_chair):
    with pytest.raises(ValidationError, match="Select no more than 2 proposals"):
        propose(
            moderated.challenge,
            panel_chair,
            winners=(("A", 1_000_000), ("B", 1_000_000), ("C", 1_000_000)),
        )


def test_awards_may_not_exceed_the_maximum_budget(moderated, panel_chair):
    with pytest.raises(ValidationError, match="more than the maximum budget of £50,000"):
        propose(moderated.challenge, panel_chair, winners=(("A", 3_000_000), ("B", 3_000_000)))


def test_an_excluded_proposal_cannot_be_awarded(moderated, panel_chair):
    with pytest.raises(ValidationError, match="Proposal D was excluded in moderation"):
        propose(moderated.challenge, panel_chair, winners=(("D", 1_000_000),))


def test_winners_cannot_be_proposed_before_moderation_is_complete(client, evaluated, panel_chair):
    with pytest.raises(services.AwardRefused, match="Moderation is not complete"):
        propose(evaluated.challenge, panel_chair)
    client.force_login(panel_chair)
    page = client.get(_url(evaluated.challenge)).content.decode()
    assert "Moderation is not complete" in page
    # Nobody's name shows before moderation reveals them.
    assert "Testworks Ltd" not in page
    assert client.post(_url(evaluated.challenge), _form()).status_code == 404


def test_only_one_live_decision_and_a_returned_one_can_be_proposed_again(
    client, proposed, moderated, panel_chair, finance_approver
):
    with pytest.raises(services.AwardRefused, match="already been proposed"):
        propose(moderated.challenge, panel_chair)
    with pytest.raises(ValidationError):
        services.award_reject(decision=proposed, by=finance_approver, reason="  ")
    services.award_reject(
        decision=proposed, by=finance_approver, reason="The budget holder has not signed off."
    )
    event = AuditEvent.objects.get(action="award.rejected")
    assert event.data == {"reason": "The budget holder has not signed off."}
    client.force_login(panel_chair)
    page = client.get(_url(moderated.challenge)).content.decode()
    assert "The budget holder has not signed off." in page
    again = propose(moderated.challenge, panel_chair, winners=(("B", 2_000_000),))
    assert again.status == DecisionStatus.PROPOSED
    assert Award.objects.filter(decision=again).get().organisation.legal_name == (
        "Rival Solutions Ltd"
    )
    with pytest.raises(services.AwardRefused, match="already been decided"):
        services.award_reject(decision=proposed, by=finance_approver, reason="Twice")


def test_milestone_amounts_always_add_up_to_the_award_value():
    plan = [
        milestones.PlanStep("One", 33, 1),
        milestones.PlanStep("Two", 33, 2),
        milestones.PlanStep("Three", 34, 3),
    ]
    for value in (1, 99, 100, 1_000_001, 2_000_000, 33_333_333):
        assert sum(milestones.split(value, plan)) == value
    assert milestones.split(1_000_001, plan) == [330_000, 330_000, 340_001]


def test_due_dates_fall_on_the_last_day_of_shorter_months():
    from datetime import date

    assert milestones.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert milestones.add_months(date(2027, 1, 7), 6) == date(2027, 7, 7)
    assert milestones.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
