"""allauth's hooks into our accounts. Only where a person lands after signing in is ours so far:
council members go to their council home, everyone else to the default."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .policies import can


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "Enter the email address and password of your account: "
        "one of them is not right",
        "incorrect_password": "The password is not correct",
    }

    def get_login_redirect_url(self, request):
        # A `next` address, when there is one, still wins: allauth only asks here without it.
        if can(request.user, "council.home"):
            return reverse("buyers:home")
        return super().get_login_redirect_url(request)
