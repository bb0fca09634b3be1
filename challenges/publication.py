"""What must be true before a challenge can be published."""

from datetime import timedelta

from procurement import clock

from . import key_dates


def publication_problems(challenge) -> list[str]:
    """Reasons the challenge cannot be published now, in words an officer understands."""
    problems = list(key_dates.problems(challenge.key_dates()).values())
    deadline = challenge.submission_deadline
    minimum = key_dates.min_tender_days()
    # The tender period runs from actual publication, not the planned date.
    if deadline and not challenge.published_at and deadline - clock.now() < timedelta(days=minimum):
        problems.append(
            f"The submission deadline is less than {minimum} days away. Extend it before "
            "publishing."
        )
    if not challenge.council.verified:
        problems.append("Your council has not been verified yet, so it cannot publish.")
    return problems


def publish_approved_revision(workflow_state, user=None):
    """What Wagtail does when a workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

    Wagtail's default publishes as the approver and so demands that they hold the publish
    permission. Council editors hold none, so that the workflow is the only way to publish: the
    approval itself, which the task grants only to another officer of a verified council, is the
    permission."""
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
