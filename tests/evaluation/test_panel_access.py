"""Who sees what on the panel: evaluators read only proposals assigned to them that they have
declared no conflict with, never a supplier's name in a blind evaluation, and never another
evaluator's scores before submitting their own."""

import pytest
from django.core import mail
from django.urls import reverse

from challenges.lifecycle import Status
from procurement.audit.models import AuditEvent
from procurement.evaluation import services

from ..tenders.conftest import APPROACH
from .panel import assign_everyone, assignment_of, declare_none, score

pytestmark = pytest.mark.django_db

NAMES = ("Testworks Ltd", "Rival Solutions Ltd", "Third Way CIC")


def test_opening_starts_the_evaluation_with_a_blind_label_for_every_proposal(
    opened, challenge, three_bids
):
    assert challenge.status == Status.IN_EVALUATION
    assert opened.blind is True
    labels = sorted(opened.proposals.values_list("label", flat=True))
    assert labels == ["A", "B", "C"]
    assert {e.proposal_id for e in opened.proposals.all()} == {p.pk for p in three_bids}
    assert AuditEvent.objects.filter(action="evaluation.started").count() == 1


def test_an_evaluator_sees_nothing_until_assigned(client, opened, evaluator):
    assignment_url = reverse("evaluation:opening", kwargs={"pk": opened.challenge.pk})
    client.force_login(evaluator)
    # The opening page lists suppliers by name: not for evaluators.
    assert client.get(assignment_url).status_code == 404
    response = client.get(reverse("panel:waiting"))
    assert "Nothing is waiting for you" in response.content.decode()


def test_an_evaluator_declares_before_reading_and_a_conflict_removes_them(
    client, opened, evaluators, panel_chair, three_bids, django_capture_on_commit_callbacks
):
    assign_everyone(opened, panel_chair, evaluators)
    first = evaluators[0]
    a_label = opened.proposals.get(proposal=three_bids[0]).label
    assignment = assignment_of(opened, first, a_label)
    client.force_login(first)

    # Before declaring, the scoring page sends them to the declaration.
    response = client.get(reverse("panel:assignment", args=[assignment.uuid]))
    assert response.status_code == 302
    assert response.url == reverse("panel:declare", args=[opened.challenge.pk])

    # The declaration lists bidders alphabetically, not by label.
    page = client.get(response.url).content.decode()
    assert page.index("Rival Solutions Ltd") < page.index("Testworks Ltd") < page.index("Third")

    # A conflict without details is refused and nothing is recorded.
    testworks = three_bids[0].organisation
    response = client.post(response.url, {"has_conflict": "yes", "conflicted_with": [testworks.pk]})
    assert response.status_code == 400
    assert "Describe the conflict" in response.content.decode()
    assert not opened.declarations.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("panel:declare", args=[opened.challenge.pk]),
            {
                "has_conflict": "yes",
                "conflicted_with": [testworks.pk],
                "details": "My sister is a director of Testworks Ltd.",
            },
        )
    assignment.refresh_from_db()
    assert assignment.has_conflict is True
    assert client.get(reverse("panel:assignment", args=[assignment.uuid])).status_code == 404
    # Their other two proposals are open to them.
    others = opened.proposals.exclude(proposal=three_bids[0])
    for item in others:
        other = item.assignments.get(evaluator=first)
        assert other.has_conflict is False
        assert client.get(reverse("panel:assignment", args=[other.uuid])).status_code == 200
    # The chair is told by e-mail.
    assert mail.outbox[-1].to == [panel_chair.email]
    assert f"proposal {a_label}" in mail.outbox[-1].body
    event = AuditEvent.objects.get(action="evaluation.conflicts_declared")
    assert event.data["conflicted_with"] == ["Testworks Ltd"]


def test_a_blind_scoring_page_and_its_files_never_name_the_supplier(
    client, opened, evaluators, panel_chair
):
    assign_everyone(opened, panel_chair, evaluators[:1])
    declare_none(opened, evaluators[0])
    client.force_login(evaluators[0])
    for item in opened.proposals.all():
        assignment = assignment_of(opened, evaluators[0], item.label)
        response = client.get(reverse("panel:assignment", args=[assignment.uuid]))
        page = response.content.decode()
        assert response.status_code == 200
        assert f"Proposal {item.label}" in page
        assert APPROACH in page
        for name in NAMES:
            assert name not in page
        # The stored file name was "delivery-plan.pdf"; the evaluator gets a neutral one.
        attachment = item.submission.attachments[0]["attachment"]
        download = client.get(reverse("panel:file", args=[assignment.uuid, attachment]))
        assert download.status_code == 200
        assert download["Content-Disposition"] == (
            f'attachment; filename="Proposal-{item.label}-Q2.pdf"'
        )
        body = download.getvalue()
        assert body.startswith(b"%PDF")
        for name in NAMES:
            assert name.encode() not in body


def test_an_unassigned_evaluator_cannot_read_or_download(client, opened, evaluators, panel_chair):
    assign_everyone(opened, panel_chair, evaluators[:1])
    declare_none(opened, evaluators[0], evaluators[1])
    assignment = assignment_of(opened, evaluators[0], "A")
    client.force_login(evaluators[1])
    assert client.get(reverse("panel:assignment", args=[assignment.uuid])).status_code == 404
    attachment = assignment.evaluated.submission.attachments[0]["attachment"]
    url = reverse("panel:file", args=[assignment.uuid, attachment])
    assert client.get(url).status_code == 404
    # Nor through the opening's own proposal page.
    proposal_url = reverse(
        "evaluation:proposal", args=[opened.challenge.pk, assignment.evaluated.proposal.uuid]
    )
    assert client.get(proposal_url).status_code == 404


def test_other_scores_stay_hidden_until_your_own_are_submitted(
    client, opened, evaluators, panel_chair
):
    assign_everyone(opened, panel_chair, evaluators[:2])
    declare_none(opened, *evaluators[:2])
    first, second = evaluators[:2]
    score(assignment_of(opened, first, "A"), first, [3, 2])
    theirs = assignment_of(opened, second, "A")
    client.force_login(second)
    page = client.get(reverse("panel:assignment", args=[theirs.uuid])).content.decode()
    assert first.email not in page
    assert "Scored 3 for Approach" not in page

    score(theirs, second, [1, 2])
    page = client.get(reverse("panel:assignment", args=[theirs.uuid])).content.decode()
    assert first.email in page
    assert "Scored 3 for Approach" in page


def test_another_councils_chair_cannot_see_the_panel(client, opened):
    from procurement.buyers.roles import Role
    from tests.conftest import _council_person
    from tests.factories import CouncilFactory

    other = _council_person(CouncilFactory(), "chair@elsewhere.example", Role.PANEL_CHAIR)
    client.force_login(other)
    for name in ("panel:panel", "panel:moderation"):
        assert client.get(reverse(name, args=[opened.challenge.pk])).status_code == 404
    with pytest.raises(services.policies.NotPermitted):
        services.evaluation_set_blind(evaluation=opened, blind=False, by=other)
