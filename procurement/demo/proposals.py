"""Demo proposals: a draft in progress, so a supplier can pick it up in the editor."""

from django.contrib.auth import get_user_model

from challenges.lifecycle import Status
from challenges.models import ChallengePage
from suppliers.models import SupplierOrganisation
from tenders.models import Proposal
from tenders.services import proposal_save_draft, proposal_start

DRAFT_ANSWERS = {
    "Q1": "yes",
    "Q2": (
        "A discharge coordinator from our team meets each patient on the ward two days before "
        "they go home, agrees a plan with them and their carer, and visits on days 1, 3 and 7."
    ),
    "Q3": "Our pilot in Wakefield cut 30-day readmissions by a fifth over eight months.",
}


def seed_proposals() -> None:
    challenge = (
        ChallengePage.objects.filter(council__slug="leeds", status=Status.PUBLISHED)
        .order_by("pk")
        .first()
    )
    organisation = SupplierOrganisation.objects.filter(slug="homeward-health").first()
    if challenge is None or organisation is None:
        return
    if Proposal.objects.filter(challenge=challenge, organisation=organisation).exists():
        return
    owner = get_user_model().objects.get(email="owner@homeward-health.example")
    proposal = proposal_start(challenge=challenge, organisation=organisation, by=owner)
    proposal_save_draft(
        proposal=proposal, answers=DRAFT_ANSWERS, expected_version=proposal.version, by=owner
    )
