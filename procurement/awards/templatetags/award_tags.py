"""The public award summary a challenge page shows once the standstill period has ended:
`{% load award_tags %}{% public_award page %}`."""

from django import template

from ..selectors import concluded_decision

register = template.Library()


@register.inclusion_tag("awards/_public_award.html")
def public_award(challenge):
    decision = concluded_decision(challenge)
    return {
        "decision": decision,
        "awards": list(decision.awards.all()) if decision else [],
    }
