"""What the approver is told in Wagtail's approval dialog."""

from django import template

from challenges.publication import approval_problems

register = template.Library()


@register.simple_tag
def approval_problems_for(task_state) -> list[str]:
    return approval_problems(task_state)
