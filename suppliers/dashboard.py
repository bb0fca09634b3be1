"""What the supplier dashboard shows: the organisations, the interest registered, the
proposals (the sealed box's, from `tenders`) and the questions asked."""

from dataclasses import dataclass

from challenges.selectors import interests_registered_by, questions_asked_by
from procurement import clock
from tenders.selectors import proposals_of_organisations

from .models import SupplierMembership, SupplierOrganisation
from .selectors import memberships_of, time_left


@dataclass(frozen=True)
class ProposalRow:
    proposal: object
    time_left: str


@dataclass(frozen=True)
class Dashboard:
    memberships: list[SupplierMembership]
    interests: list
    proposals: list[ProposalRow]
    questions: list

    @property
    def organisations(self) -> list[SupplierOrganisation]:
        return [membership.organisation for membership in self.memberships]


def dashboard_for(user) -> Dashboard:
    """Everything the supplier dashboard shows, in a fixed number of queries."""
    memberships = list(memberships_of(user))
    now = clock.now()
    proposals = [
        ProposalRow(
            proposal=proposal,
            time_left=time_left(proposal.challenge.submission_deadline, now=now),
        )
        for proposal in proposals_of_organisations([m.organisation_id for m in memberships])
    ]
    return Dashboard(
        memberships=memberships,
        interests=list(interests_registered_by(user)),
        proposals=proposals,
        questions=list(questions_asked_by(user)),
    )
