"""A person's own account: a copy of their data, and closing the account.

The export holds only what is about the person asking: their profile, e-mail addresses, the
teams they are on, the interest they registered and the questions they asked. Nothing about
anyone else goes in, not even who invited them or who answered their questions.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction

from procurement import clock
from procurement.audit.actions import AuditAction
from procurement.audit.services import record

from . import personal_data


class AccountDeletionRefused(ValidationError):
    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)


def account_export(*, user) -> dict:
    """Everything the service holds about `user` that is theirs to take away, as plain JSON
    values. Recorded in the audit log, as any release of personal data should be."""
    data = {
        "exported_at": personal_data.iso(clock.now()),
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": personal_data.iso(user.date_joined),
            "last_signed_in": personal_data.iso(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        **personal_data.export_sections(user),
    }
    record(AuditAction.ACCOUNT_DATA_EXPORTED, actor=user, target=user)
    return data


@transaction.atomic
def account_delete(*, user, password: str) -> None:
    """Delete `user`'s account once they have proved it is theirs with the password.

    Proposals their organisation submitted stay with the organisation, and the questions they
    asked stay with the council (both only lose the link to the person). An organisation's
    only owner must first make someone else on its team an owner, so that no team is left with
    nobody able to manage it.
    """
    if not password or not user.check_password(password):
        raise AccountDeletionRefused(
            "The password is not correct. Enter the password you use to sign in",
            code="wrong_password",
        )
    # Locked so that a co-owner stepping down at the same moment cannot leave a team ownerless.
    if blocking := personal_data.handovers_needed(user, lock=True):
        names = ", ".join(team.name for team in blocking)
        raise AccountDeletionRefused(
            f"You are the only owner of {names}. Make someone else on the team an owner "
            "before you delete your account",
            code="last_owner",
        )
    record(AuditAction.ACCOUNT_DELETED, actor=user, target=user, data={"user": str(user.uuid)})
    user.delete()
