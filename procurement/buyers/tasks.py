"""Work done after a team change has been committed."""

from django.tasks import task

from procurement.accounts import invitations

from .models import Invitation


@task
def send_invitation_email(*, invitation_id: int) -> None:
    invitations.send_email(
        Invitation.objects.select_related("council", "invited_by").filter(pk=invitation_id).first(),
        accept_route="buyers:invitation_accept",
        templates="buyers/email",
    )
