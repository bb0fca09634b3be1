"""The panel hears by e-mail: the chair when the two-person opening completes, each evaluator
when proposals are assigned to them."""

import pytest
from django.conf import settings
from django.core import mail

from procurement.evaluation import services
from tenders.opening import opening_approve

pytestmark = pytest.mark.django_db


def test_the_chair_is_told_when_the_second_approval_opens_the_proposals(
    django_capture_on_commit_callbacks,
    challenge,
    three_bids,
    council_officer,
    second_officer,
    panel_chair,
    after_deadline,
):
    opening_approve(challenge=challenge, by=council_officer)
    assert not [m for m in mail.outbox if panel_chair.email in m.to]

    with django_capture_on_commit_callbacks(execute=True):
        opening_approve(challenge=challenge, by=second_officer)

    [message] = [m for m in mail.outbox if panel_chair.email in m.to]
    assert message.subject == f"Proposals opened: {challenge.title}"
    assert "3 proposals are now open" in message.body
    assert f"{settings.SITE_URL}/council/evaluation/{challenge.pk}/" in message.body


def test_an_evaluator_is_told_which_proposals_they_were_assigned(
    django_capture_on_commit_callbacks, opened, panel_chair, evaluator
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(
            evaluation=opened,
            evaluator=evaluator,
            evaluated=list(opened.proposals.filter(label__in=["A", "B"])),
            criteria=[],
            by=panel_chair,
        )

    [message] = mail.outbox
    assert message.to == [evaluator.email]
    assert "proposal A, proposal B" in message.body
    assert f"{settings.SITE_URL}/council/evaluation/" in message.body
