"""The evaluator's list never tells them which letter a declared conflict was: before declaring
it shows no letters at all, and after, every letter of the evaluation, each proposal they
cannot score shown the same way whether the reason is a conflict or that it is not theirs."""

import re

import pytest
from django.urls import reverse

from procurement.evaluation import services

from .panel import declare_none

pytestmark = pytest.mark.django_db


def _rows(page: str) -> dict[str, str]:
    """Each proposal row's text, by the letter it shows, with the markup and spacing removed."""
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page, re.DOTALL):
        text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        if match := re.search(r"\bProposal ([A-Z])\b", text):
            rows[match.group(1)] = text
    return rows


def test_a_declared_conflict_looks_exactly_like_a_proposal_that_is_not_yours(
    client, opened, evaluators, panel_chair, three_bids
):
    first, second = evaluators[:2]
    testworks = opened.proposals.get(proposal=three_bids[0])
    others = list(opened.proposals.exclude(pk=testworks.pk))
    # The first evaluator is given every proposal, the second all but Testworks Ltd's.
    services.assign(
        evaluation=opened,
        evaluator=first,
        evaluated=list(opened.proposals.all()),
        criteria=[],
        by=panel_chair,
    )
    services.assign(
        evaluation=opened, evaluator=second, evaluated=others, criteria=[], by=panel_chair
    )

    client.force_login(first)
    before = client.get(reverse("panel:waiting")).content.decode()
    # Before declaring, no letter is shown: nothing to compare the later list with.
    assert _rows(before) == {}
    assert "Declare conflicts of interest" in before

    services.declare_conflicts(
        evaluation=opened,
        conflicted_with=[three_bids[0].organisation],
        details="My sister is a director of Testworks Ltd.",
        by=first,
    )
    declare_none(opened, second)
    after_conflict = _rows(client.get(reverse("panel:waiting")).content.decode())
    client.force_login(second)
    not_assigned = _rows(client.get(reverse("panel:waiting")).content.decode())

    # Every letter is still listed for both of them…
    assert sorted(after_conflict) == sorted(not_assigned) == ["A", "B", "C"]
    # …the conflicted proposal reads exactly as one never assigned…
    label = testworks.label
    assert after_conflict[label] == not_assigned[label]
    assert "Not available to you" in after_conflict[label]
    # …and the ones they can score are offered to both alike.
    for item in others:
        assert after_conflict[item.label] == not_assigned[item.label]
        assert f"Score proposal {item.label}" in after_conflict[item.label]
    assert "conflict" not in after_conflict[label].lower()
