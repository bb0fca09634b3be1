"""The demo's award: seeded through the award services, with contracts when asked."""

import pytest

from procurement.awards.models import Contract, DecisionStatus
from procurement.demo.awards import seed_award

pytestmark = pytest.mark.django_db


def test_seed_award_proposes_approves_and_concludes(
    moderated, panel_chair, finance_approver, supplier_organisation
):
    decision = seed_award(
        moderated.challenge,
        chair=panel_chair,
        finance=finance_approver,
        winners=[supplier_organisation],
        conclude=True,
    )
    assert decision.status == DecisionStatus.CONCLUDED
    assert decision.outcome_letters.count() == 4
    contract = Contract.objects.get()
    assert contract.organisation == supplier_organisation
    assert contract.value_pence == 2_000_000
    assert contract.milestones.count() == 3
    again = seed_award(
        moderated.challenge,
        chair=panel_chair,
        finance=finance_approver,
        winners=[supplier_organisation],
        conclude=True,
    )
    assert again.pk == decision.pk
    assert Contract.objects.count() == 1
