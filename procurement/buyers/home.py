"""What waits for each council member: the council home after sign-in.

Each list is one query, made only for someone holding a role that acts on it, so the home page
costs the same number of queries however much is waiting. The links lead to the pages that
already do the work (the editor, the answer page, the opening, the panel, the award decision and
the claim); this module only finds what is waiting there.
"""

from dataclasses import dataclass, field

from wagtail.models import WorkflowState

from challenges.lifecycle import Status, deadline_passed_q
from challenges.models import ChallengePage, Clarification, CouncilChallengesPage
from challenges.models.engagement import ClarificationStatus
from procurement.accounts.policies import can
from procurement.awards.lifecycle import LIVE
from procurement.awards.models import AwardDecision, DecisionStatus
from procurement.evaluation.models import Evaluation
from procurement.evaluation.selectors import waiting_for
from procurement.payments.lifecycle import ClaimStatus
from procurement.payments.models import MilestoneClaim

from .models import Council, Membership
from .roles import EDITOR_ROLES, OPENING_ROLES, REQUESTING_ROLES, Role


@dataclass
class CouncilRoles:
    council: Council
    roles: list[Role] = field(default_factory=list)
    # Whether the council's payments pages are open to this member (not to evaluators or chairs).
    sees_payments: bool = False
    # The council's page in the editor that new challenges go under, for members who write them.
    challenges_page_id: int | None = None

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in self.roles]


@dataclass
class CouncilHome:
    councils: list[CouncilRoles]
    reviews: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    openings: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    moderations: list = field(default_factory=list)
    awards_to_propose: list = field(default_factory=list)
    awards_to_approve: list = field(default_factory=list)
    claims_to_check: list = field(default_factory=list)
    claims_to_pay: list = field(default_factory=list)

    def _holds(self, roles) -> bool:
        return any(set(c.roles) & set(roles) for c in self.councils)

    @property
    def is_editor(self) -> bool:
        return self._holds(EDITOR_ROLES)

    @property
    def is_evaluator(self) -> bool:
        return self._holds({Role.EVALUATOR})

    @property
    def nothing_waiting(self) -> bool:
        return not any(
            [
                self.reviews,
                self.questions,
                self.openings,
                self.assignments,
                self.moderations,
                self.awards_to_propose,
                self.awards_to_approve,
                self.claims_to_check,
                self.claims_to_pay,
            ]
        )


def _councils(user) -> list[CouncilRoles]:
    by_council: dict[int, CouncilRoles] = {}
    order = list(Role)
    for membership in (
        Membership.objects.filter(user=user).select_related("council").order_by("council__name")
    ):
        entry = by_council.setdefault(membership.council_id, CouncilRoles(membership.council))
        entry.roles.append(Role(membership.role))
    for entry in by_council.values():
        entry.roles.sort(key=order.index)
    return list(by_council.values())


def _ids(councils: list[CouncilRoles], roles) -> list[int]:
    return [c.council.pk for c in councils if set(c.roles) & set(roles)]


def _reviews(user, council_ids: list[int]) -> list:
    """Challenges submitted for review by someone else: this person may approve them."""

    in_review = list(
        ChallengePage.objects.filter(council_id__in=council_ids, status=Status.IN_REVIEW)
        .select_related("council")
        .order_by("latest_revision_created_at", "pk")
    )
    if not in_review:
        return []
    own = set(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            object_id__in=[str(page.pk) for page in in_review],
            requested_by=user,
        ).values_list("object_id", flat=True)
    )
    return [page for page in in_review if str(page.pk) not in own]


def _challenges_pages(council_ids: list[int]) -> dict[int, int]:
    """Council id -> the id of its page that new challenges are added under."""
    return dict(
        CouncilChallengesPage.objects.filter(council_id__in=council_ids).values_list(
            "council_id", "pk"
        )
    )


def _questions(council_ids: list[int]) -> list:
    return list(
        Clarification.objects.filter(
            challenge__council_id__in=council_ids, status=ClarificationStatus.PENDING
        )
        .select_related("challenge")
        .order_by("asked_at", "pk")
    )


def _openings(user, council_ids: list[int]) -> list:
    """Challenges past their deadline whose proposals are not yet open and which this person
    has not yet approved opening."""
    return list(
        ChallengePage.objects.filter(
            deadline_passed_q(),
            council_id__in=council_ids,
            status__in=[Status.PUBLISHED, Status.CLOSED],
        )
        .exclude(tender_opening__opened_at__isnull=False)
        .exclude(tender_opening__approvals__user=user)
        .select_related("council")
        .order_by("submission_deadline", "pk")
    )


def _moderations(council_ids: list[int]) -> list:
    return list(
        Evaluation.objects.filter(challenge__council_id__in=council_ids, moderated_at__isnull=True)
        .select_related("challenge")
        .order_by("started_at", "pk")
    )


def _awards_to_propose(council_ids: list[int]) -> list:
    """Moderated evaluations with no award decision under way or made."""
    return list(
        Evaluation.objects.filter(
            challenge__council_id__in=council_ids,
            moderated_at__isnull=False,
            challenge__status=Status.IN_EVALUATION,
        )
        .exclude(challenge__award_decisions__status__in=LIVE)
        .select_related("challenge")
        .order_by("moderated_at", "pk")
    )


def _awards_to_approve(user, council_ids: list[int]) -> list:
    return list(
        AwardDecision.objects.filter(
            challenge__council_id__in=council_ids, status=DecisionStatus.PROPOSED
        )
        .exclude(proposed_by=user)
        .select_related("challenge")
        .order_by("proposed_at", "pk")
    )


def _claims(council_ids: list[int], status, *, not_requested_by=None) -> list:
    claims = MilestoneClaim.objects.filter(
        milestone__contract__council_id__in=council_ids, status=status
    )
    if not_requested_by is not None:
        # Four eyes on payments: whoever asked for the payment cannot approve it.
        claims = claims.exclude(requested_by=not_requested_by)
    return list(
        claims.select_related(
            "milestone__contract__organisation", "milestone__contract__challenge"
        ).order_by("submitted_at", "pk")
    )


def council_home(user) -> CouncilHome:
    """Everything waiting for `user` across their councils, by role."""
    councils = _councils(user)
    home = CouncilHome(councils=councils)
    if not councils:
        return home
    for entry in councils:
        entry.sees_payments = can(user, "payments.view_council", entry.council)
    if editors := _ids(councils, EDITOR_ROLES):
        pages = _challenges_pages(editors)
        for entry in councils:
            entry.challenges_page_id = pages.get(entry.council.pk)
        home.reviews = _reviews(user, editors)
        home.questions = _questions(editors)
    if openers := _ids(councils, OPENING_ROLES):
        home.openings = _openings(user, openers)
    if _ids(councils, {Role.EVALUATOR}):
        home.assignments = waiting_for(user)
    if chairs := _ids(councils, {Role.PANEL_CHAIR}):
        home.moderations = _moderations(chairs)
        home.awards_to_propose = _awards_to_propose(chairs)
    if finance := _ids(councils, {Role.FINANCE_APPROVER}):
        home.awards_to_approve = _awards_to_approve(user, finance)
        home.claims_to_pay = _claims(finance, ClaimStatus.PAYMENT_REQUESTED, not_requested_by=user)
    if requesters := _ids(councils, REQUESTING_ROLES):
        home.claims_to_check = _claims(requesters, ClaimStatus.SUBMITTED)
    return home
