from django import template

from ..forms import answer_url

register = template.Library()


@register.simple_tag
def answer_link(proposal, question) -> str:
    """The address of `question`'s own field, for "Change" links."""
    return answer_url(proposal, question)
