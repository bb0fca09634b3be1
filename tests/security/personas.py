"""The world the security suite probes: one council's challenge in evaluation, with three
suppliers' submitted proposals and a panel, and the people who look at it (the ten personas).
The URL matrix and the hostile-input tests both build URLs from this world's real objects."""

import uuid
from dataclasses import dataclass

from django.conf import settings

from procurement import clock
from procurement.buyers.roles import Role
from tests.evaluation.panel import assign_everyone, assignment_of, declare_none
from tests.factories import CouncilFactory, MembershipFactory, UserFactory, with_totp


@dataclass
class World:
    council: object
    challenge: object
    evaluation: object
    proposal: object
    submission: object
    attachment: object
    assignment: object
    people: dict  # persona name -> user (None for anonymous)


def build(*, council, opened, three_bids, panel_chair, evaluator, finance_approver, officers):
    officer, second_officer = officers
    proposal = three_bids[0]
    assign_everyone(opened, panel_chair, [evaluator])
    declare_none(opened, evaluator)
    label = opened.proposals.get(proposal=proposal).label
    other = CouncilFactory(name="Elsewhere Council", slug="elsewhere")
    other_officer = with_totp(UserFactory(email="officer@elsewhere.example"))
    MembershipFactory(council=other, user=other_officer, role=Role.PROCUREMENT_OFFICER)
    staff = with_totp(UserFactory(email="staff@platform.example"))
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    return World(
        council=council,
        challenge=opened.challenge,
        evaluation=opened,
        proposal=proposal,
        submission=proposal.submissions.get(),
        attachment=proposal.attachments.get(replaced_at__isnull=True),
        assignment=assignment_of(opened, evaluator, label),
        people={
            "anonymous": None,
            "supplier owner": proposal.organisation.memberships.get(role="owner").user,
            "rival supplier": three_bids[1].organisation.memberships.get(role="owner").user,
            "council officer": officer,
            "second officer": second_officer,
            "evaluator": evaluator,
            "chair": panel_chair,
            "finance approver": finance_approver,
            "other council's officer": other_officer,
            "platform staff": staff,
        },
    )


def _absent() -> str:
    """An id of the right shape that names nothing: for objects this world does not make."""
    return str(uuid.uuid4())


def arguments(world: World, route: str, name: str):
    """The value for URL argument `name` of the route named `route`, from the world's real
    objects; None when there is no way to build it (the matrix then fails)."""
    challenge, proposal = world.challenge, world.proposal
    organisation = proposal.organisation
    supplier_side = route.startswith(
        ("proposals:", "suppliers:", "payments:supplier", "payments:connect")
    )
    values = {
        "pk": 987654 if route == "search:external_notice" else challenge.pk,
        "challenge_pk": challenge.pk,
        "label": world.assignment.evaluated.label,
        "attachment_uuid": str(world.attachment.uuid),
        "submission_uuid": str(world.submission.uuid),
        "slug": organisation.slug if supplier_side else world.council.slug,
        "user_uuid": str(
            world.people["supplier owner" if supplier_side else "council officer"].uuid
        ),
        "invitation_id": 987654,
        "token": "not-a-real-token",
        "ocid": f"{settings.OCDS_PREFIX}-{challenge.pk}",
        "notice_id": f"challenge-{challenge.pk}",
        "page_view_restriction_id": 987654,
        "page_id": challenge.pk,
        "milestone_uuid": _absent(),
        "contract_uuid": _absent(),
        "funding_uuid": _absent(),
        "claim_uuid": _absent(),
        "transfer_uuid": _absent(),
        "clarification": _absent(),
        "proposal_uuid": str(proposal.uuid),
        "key": "not-a-real-key",
        "uidb36": "zz",
        # Open data: a day's bulk file, a file of the project's OCDS extension, one release.
        "day": clock.uk(clock.now()).date().isoformat(),
        "name": "extension.json",
        "release_id": f"{settings.OCDS_PREFIX}-{challenge.pk}-not-a-release",
    }
    if name == "uuid":
        if route.startswith("proposals:"):
            return str(proposal.uuid)
        if route.startswith("panel:"):
            return str(world.assignment.uuid)
        if route.startswith(("awards:", "search:")):
            return _absent()
        return None
    return values.get(name)


def sign_in(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


def fixtures_for_world(request):
    """Used by the suite's modules to build the world from the shared fixtures."""
    get = request.getfixturevalue
    return build(
        council=get("council"),
        opened=get("opened"),
        three_bids=get("three_bids"),
        panel_chair=get("panel_chair"),
        evaluator=get("evaluator"),
        finance_approver=get("finance_approver"),
        officers=(get("council_officer"), get("second_officer")),
    )
