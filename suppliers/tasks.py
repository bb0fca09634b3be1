"""Work done after a supplier team change has been committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from .invitation_tokens import token_for
from .models import INVITATION_MAX_AGE, SupplierInvitation


@task
def send_invitation_email(*, invitation_id: int) -> None:
    invitation = (
        SupplierInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    # Cancelled, or sent again, between being queued and being run: the old link is no use.
    if invitation is None or not invitation.is_pending:
        return
    path = reverse("suppliers:invitation_accept", kwargs={"token": token_for(invitation)})
    context = {
        "invitation": invitation,
        "accept_url": f"{settings.SITE_URL}{path}",
        "days": INVITATION_MAX_AGE.days,
        "signup_url": f"{settings.SITE_URL}{reverse('account_signup')}",
    }
    subject = render_to_string("suppliers/email/invitation_subject.txt", context).strip()
    body = render_to_string("suppliers/email/invitation_body.txt", context)
    EmailMessage(subject=subject, body=body, to=[invitation.email]).send()
