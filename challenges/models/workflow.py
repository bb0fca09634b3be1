"""Publication needs a second pair of eyes: another officer of the same council approves."""

from wagtail.models import Task, TaskState

from procurement.accounts import policies

from .. import services
from ..publication import approval_problems
from .pages import ChallengePage


def _challenge(obj):
    specific = getattr(obj, "specific", obj)
    return specific if isinstance(specific, ChallengePage) else None


class CouncilOfficerApprovalTask(Task):
    """Approved by an editor of the challenge's council who did not submit it for review."""

    def user_can_access_editor(self, obj, user):
        challenge = _challenge(obj)
        return challenge is not None and policies.can(user, "challenge.edit", challenge)

    def locked_for_user(self, obj, user):
        return not self.user_can_access_editor(obj, user)

    def user_can_lock(self, obj, user):
        return False

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        challenge = _challenge(obj)
        if challenge is None or not policies.can(user, "challenge.review", challenge):
            return []
        actions = [("reject", "Request changes", True)]
        if policies.can(user, "challenge.approve_publication", challenge):
            # Through a dialog, which says why approval is refused when the challenge is not
            # ready (see get_template_for_action).
            actions.append(("approve", "Approve and publish", True))
        return actions

    def get_template_for_action(self, action):
        if action == "approve":
            return "challenges/admin/approve_dialog.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and (problems := approval_problems(task_state)):
            services.challenge_refuse_approval(
                challenge=_challenge(task_state.workflow_state.content_object),
                by=user,
                reasons=problems,
            )
            return None
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related(
            "workflow_state"
        )
        reviewable = [
            state.pk
            for state in states
            if (challenge := _challenge(state.workflow_state.content_object))
            and policies.can(user, "challenge.review", challenge)
        ]
        return TaskState.objects.filter(pk__in=reviewable)

    @classmethod
    def get_description(cls):
        return "An officer of the same council, other than the one who submitted it, approves."

    class Meta:
        verbose_name = "Council officer approval"
        verbose_name_plural = "Council officer approvals"
