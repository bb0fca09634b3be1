"""A person's own account: a copy of their data, and closing the account.

The export holds only what is about the person asking: their profile, e-mail addresses, the
teams they are on, the interest they registered and the questions they asked. Nothing about
anyone else goes in, not even who invited them or who answered their questions.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction

from challenges.selectors import interests_registered_by, questions_asked_by
from procurement import clock
from procurement.audit.actions import AuditAction
from procurement.audit.services import record
from procurement.buyers.models import Membership as CouncilMembership
from suppliers.models import SupplierOrganisation
from suppliers.selectors import memberships_of, organisations_needing_a_new_owner


class AccountDeletionRefused(ValidationError):
    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)


def _when(value):
    return value.isoformat() if value else None


def account_export(*, user) -> dict:
    """Everything the service holds about `user` that is theirs to take away, as plain JSON
    values. Recorded in the audit log, as any release of personal data should be."""
    data = {
        "exported_at": _when(clock.now()),
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": _when(user.date_joined),
            "last_signed_in": _when(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "supplier_organisations": [
            {
                "organisation": membership.organisation.legal_name,
                "trading_name": membership.organisation.trading_name,
                "role": membership.get_role_display(),
                "since": _when(membership.created_at),
            }
            for membership in memberships_of(user)
        ],
        "council_roles": [
            {
                "council": membership.council.name,
                "role": membership.get_role_display(),
                "since": _when(membership.created_at),
            }
            for membership in CouncilMembership.objects.filter(user=user)
            .select_related("council")
            .order_by("council__name", "role")
        ],
        "interests_registered": [
            {
                "challenge": interest.challenge.title,
                "council": interest.challenge.council.name,
                "registered_at": _when(interest.registered_at),
            }
            for interest in interests_registered_by(user)
        ],
        "questions_asked": [
            {
                "challenge": question.challenge.title,
                "council": question.challenge.council.name,
                "question": question.question,
                "asked_at": _when(question.asked_at),
                "status": question.get_status_display(),
                "answer": question.answer,
                "answered_at": _when(question.answered_at),
            }
            for question in questions_asked_by(user)
        ],
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
    list(SupplierOrganisation.objects.select_for_update().filter(memberships__user=user))
    if blocking := organisations_needing_a_new_owner(user):
        names = ", ".join(str(organisation) for organisation in blocking)
        raise AccountDeletionRefused(
            f"You are the only owner of {names}. Make someone else on the team an owner "
            "before you delete your account",
            code="last_owner",
        )
    record(AuditAction.ACCOUNT_DELETED, actor=user, target=user, data={"user": str(user.uuid)})
    user.delete()
