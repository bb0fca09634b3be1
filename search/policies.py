"""Rules for saved searches and alerts."""

from allauth.account.models import EmailAddress

from procurement.accounts.policies import rule


@rule("saved_search.create")
def _create(user, target) -> bool:
    # Alerts go by e-mail, so only to an address the person has proved is theirs.
    return EmailAddress.objects.filter(user=user, verified=True).exists()


@rule("saved_search.manage")
def _manage(user, saved_search) -> bool:
    return saved_search.owner_id == user.pk
