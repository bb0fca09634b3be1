"""Work done after a supplier team change has been committed."""

from django.tasks import task

from procurement.accounts import invitations

from .models import SupplierInvitation


@task
def send_invitation_email(*, invitation_id: int) -> None:
    invitations.send_email(
        SupplierInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first(),
        accept_route="suppliers:invitation_accept",
        templates="suppliers/email",
    )
