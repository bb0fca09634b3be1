"""Scoring and moderation: drafts, submission with justifications, locking and reopening, the
chair's matrix with spreads flagged, agreed scores, ranking with ties, and the end of
moderation revealing names."""

import pytest
from django.urls import reverse

from procurement.audit.models import AuditEvent
from procurement.evaluation import selectors, services

from .panel import agree, assign_everyone, assignment_of, declare_none, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(opened, evaluators, panel_chair):
    assign_everyone(opened, panel_chair, evaluators)
    declare_none(opened, *evaluators)
    return opened


def _criteria(evaluation):
    return selectors.criteria_of(evaluation.challenge)


def test_a_draft_shows_the_running_total_and_what_is_left(client, panel, evaluator):
    assignment = assignment_of(panel, evaluator, "A")
    approach, _plan = _criteria(panel)
    client.force_login(evaluator)
    url = reverse("panel:assignment", args=[assignment.uuid])
    response = client.post(
        url,
        {f"score_{approach.pk}": "3", f"justification_{approach.pk}": "Clear plan.", "save": ""},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    # Approach is 60% on a 0–4 scale: 3 of 4 is 45 points; Plan is still to score.
    assert '<strong id="running-total">45.00</strong>' in page
    assert "Still to score:" in page and "Plan" in page


def test_submitting_needs_every_score_and_justification_and_then_locks(
    client, panel, evaluator, panel_chair
):
    assignment = assignment_of(panel, evaluator, "A")
    approach, plan = _criteria(panel)
    client.force_login(evaluator)
    url = reverse("panel:assignment", args=[assignment.uuid])
    response = client.post(
        url,
        {
            f"score_{approach.pk}": "3",
            f"justification_{approach.pk}": "Clear plan.",
            f"score_{plan.pk}": "2",
            "submit": "",
        },
    )
    assert response.status_code == 400
    assert "Write the justification for your score for Plan." in response.content.decode()
    assignment.refresh_from_db()
    assert not assignment.is_submitted
    # The draft was kept.
    assert assignment.scores.get(criterion=plan).score == 2

    response = client.post(
        url,
        {
            f"score_{approach.pk}": "3",
            f"justification_{approach.pk}": "Clear plan.",
            f"score_{plan.pk}": "2",
            f"justification_{plan.pk}": "Thin on dates.",
            "submit": "",
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.is_submitted
    # Locked: a later change is refused and nothing moves.
    response = client.post(url, {f"score_{approach.pk}": "0", "save": ""})
    assert response.status_code == 404
    assert assignment.scores.get(criterion=approach).score == 3

    # Only the chair reopens, with a reason that is recorded.
    with pytest.raises(services.PanelRefused, match="reason"):
        services.scores_reopen(assignment=assignment, reason="  ", by=panel_chair)
    services.scores_reopen(
        assignment=assignment, reason="Scored against the wrong question.", by=panel_chair
    )
    assignment.refresh_from_db()
    assert not assignment.is_submitted
    event = AuditEvent.objects.get(action="evaluation.scores_reopened")
    assert event.data["reason"] == "Scored against the wrong question."


def test_a_score_outside_the_scale_is_refused(panel, evaluator):
    assignment = assignment_of(panel, evaluator, "A")
    approach, _ = _criteria(panel)
    with pytest.raises(services.PanelRefused, match="0 to 4"):
        services.scores_save(
            assignment=assignment, scores={approach.pk: (5, "Great")}, marks={}, by=evaluator
        )


def test_waiting_for_me_lists_work_across_challenges(client, panel, evaluator):
    client.force_login(evaluator)
    page = client.get(reverse("panel:waiting")).content.decode()
    for label in ("A", "B", "C"):
        assert f"Score proposal {label}" in page
    score(assignment_of(panel, evaluator, "B"), evaluator, [2, 2])
    waiting = selectors.waiting_for(evaluator)
    assert [a.evaluated.label for a in waiting] == ["A", "C"]


def test_the_chair_sees_progress_per_evaluator(client, panel, evaluators, panel_chair):
    score(assignment_of(panel, evaluators[0], "A"), evaluators[0], [3, 3])
    client.force_login(panel_chair)
    page = client.get(reverse("panel:panel", args=[panel.challenge.pk])).content.decode()
    assert "1 of 3" in page
    assert "0 of 3" in page


@pytest.mark.parametrize("typed", ["99999999999999999999", "-99999999999999999999", "A"])
def test_assigning_a_proposal_that_cannot_exist_is_refused_with_a_message(
    client, opened, evaluators, panel_chair, typed
):
    client.force_login(panel_chair)
    response = client.post(
        reverse("panel:panel", args=[opened.challenge.pk]),
        {"assign": "1", "evaluator": evaluators[0].pk, "proposals": [typed]},
    )
    assert response.status_code == 400
    assert "Select only from the options shown." in response.content.decode()
    assert not opened.proposals.filter(assignments__isnull=False).exists()


def _score_all(panel, evaluators, table):
    """table: {label: [[scores of evaluator 1], [evaluator 2], [evaluator 3]]}"""
    for label, rows in table.items():
        for person, values in zip(evaluators, rows, strict=True):
            score(assignment_of(panel, person, label), person, values)


def test_moderation_flags_spreads_ranks_agreed_scores_and_shows_ties(
    client, panel, evaluators, panel_chair, django_assert_max_num_queries
):
    _score_all(
        panel,
        evaluators,
        {
            "A": [[4, 3], [2, 3], [3, 3]],
            "B": [[3, 2], [3, 2], [3, 3]],
            "C": [[1, 1], [1, 2], [2, 1]],
        },
    )
    client.force_login(panel_chair)
    url = reverse("panel:moderation", args=[panel.challenge.pk])
    with django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    # A's Approach scores run 2 to 4: a spread of 2 on a 0–4 scale.
    assert page.count("Wide spread: 2 points") == 1
    rows = {row.evaluated.label: row for row in selectors.moderation_matrix(panel)}
    assert rows["A"].cells[0].is_wide and not rows["B"].cells[0].is_wide

    by_label = {e.label: e for e in panel.proposals.all()}
    agree(by_label["A"], panel_chair, [3, 2])  # 45 + 20 = 65
    agree(by_label["B"], panel_chair, [2, 3])  # 30 + 30 = 60
    agree(by_label["C"], panel_chair, [2, 3])  # 60 as well: a tie with B
    outcome = selectors.moderation_outcome(panel.challenge)
    places = [
        (p.position, sorted(outcome.entry(pk).evaluated.label for pk in p.members))
        for p in outcome.places
    ]
    assert places == [(1, ["A"]), (2, ["B", "C"])]
    assert [str(outcome.entry(p.members[0]).points) for p in outcome.places] == ["65.00", "60.00"]

    page = client.get(url).content.decode()
    assert "Tie" in page and "Resolve the tie at position 2" in page
    # Moderation cannot complete with a tie unresolved.
    response = client.post(url)
    assert response.status_code == 400
    assert "Record how each tie was resolved" in response.content.decode()

    response = client.post(
        reverse("panel:tie", args=[panel.challenge.pk]),
        {
            "labels": ["B", "C"],
            "position_B": "2",
            "position_C": "1",
            "method": "C scored higher on Plan, the criterion the challenge named for ties.",
        },
    )
    assert response.status_code == 302
    outcome = selectors.moderation_outcome(panel.challenge)
    assert [outcome.entry(p.members[0]).evaluated.label for p in outcome.places] == ["A", "C", "B"]

    # Names are hidden in the blind matrix until moderation completes.
    assert "Rival Solutions Ltd" not in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    panel.refresh_from_db()
    assert panel.is_moderated
    assert "Rival Solutions Ltd" in client.get(url).content.decode()
    event = AuditEvent.objects.get(action="evaluation.moderation_completed")
    assert [p["proposals"] for p in event.data["ranking"]] == [["A"], ["C"], ["B"]]


def test_moderation_waits_for_every_evaluator_and_needs_a_rationale(
    client, panel, evaluators, panel_chair
):
    item = panel.proposals.get(label="A")
    score(assignment_of(panel, evaluators[0], "A"), evaluators[0], [3, 3])
    with pytest.raises(services.PanelRefused, match="must submit their scores"):
        agree(item, panel_chair, [3, 3])
    for person in evaluators[1:]:
        score(assignment_of(panel, person, "A"), person, [3, 3])
    approach, plan = _criteria(panel)
    client.force_login(panel_chair)
    response = client.post(
        reverse("panel:moderate", args=[panel.challenge.pk, "A"]),
        {f"agreed_{approach.pk}": "3", f"agreed_{plan.pk}": "3", f"rationale_{plan.pk}": "Good."},
    )
    assert response.status_code == 400
    assert "Give the rationale for the agreed Approach score." in response.content.decode()
    assert not item.agreed_scores.exists()


def test_an_excluded_proposal_is_not_ranked(panel, evaluators, panel_chair):
    _score_all(
        panel,
        evaluators,
        {"A": [[3, 3]] * 3, "B": [[2, 2]] * 3, "C": [[4, 4]] * 3},
    )
    by_label = {e.label: e for e in panel.proposals.all()}
    agree(by_label["A"], panel_chair, [3, 3])
    agree(by_label["B"], panel_chair, [2, 2])
    agree(by_label["C"], panel_chair, [4, 4], exclusion_reason="No public liability insurance.")
    outcome = selectors.moderation_outcome(panel.challenge)
    ranked = [outcome.entry(p.members[0]).evaluated.label for p in outcome.places]
    assert ranked == ["A", "B"]
    services.moderation_complete(evaluation=panel, by=panel_chair)
    assert AuditEvent.objects.filter(action="evaluation.moderation_completed").exists()
