"""The challenge page's proposal call to action: start one, or continue the one you have."""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from procurement.accounts import policies

from ..selectors import proposal_of

register = template.Library()


@dataclass(frozen=True)
class ProposalAction:
    url: str
    label: str


@register.simple_tag(takes_context=True)
def proposal_action(context, challenge) -> ProposalAction | None:
    user = context["request"].user
    if proposal := proposal_of(challenge=challenge, user=user):
        return ProposalAction(
            url=reverse("proposals:edit", kwargs={"uuid": proposal.uuid}),
            label="Continue your proposal",
        )
    if policies.can(user, "proposal.start", challenge):
        return ProposalAction(
            url=reverse("proposals:start", kwargs={"challenge_pk": challenge.pk}),
            label="Start a proposal",
        )
    return None
