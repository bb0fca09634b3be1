"""Two-factor authentication for council people, enforced in this one place.

Anyone who holds a role at a council can change what the public sees and, later, open sealed
proposals, so a stolen password alone must not be enough. allauth does the work: its login asks
for the TOTP code of anyone who has set one up. This middleware makes sure council members have
set one up before they reach any council function, and that nobody signs in to the Wagtail admin
through its own password-only form.
"""

import time
from urllib.parse import urlencode

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt, is_mfa_enabled
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from procurement.buyers.selectors import is_council_member

# Paths that are council functions: the Wagtail admin and everything under /council/ (the team
# pages and the council's own challenge pages). A council member without two-factor
# authentication reaches none of them.
COUNCIL_PATH_PREFIXES = ("/admin/", "/council/", "/payments/council/")

MFA_REQUIRED_MESSAGE = (
    "Council accounts must use two-factor authentication. Set up an authenticator app to "
    "continue; you will then be asked for a code from it each time you sign in."
)


class CouncilMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path == reverse("wagtailadmin_login"):
            return self._to_account_login(request)
        if path.startswith(COUNCIL_PATH_PREFIXES) and self._needs_mfa(request.user):
            messages.warning(request, MFA_REQUIRED_MESSAGE)
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _needs_mfa(user) -> bool:
        return user.is_authenticated and is_council_member(user) and not is_mfa_enabled(user)

    @staticmethod
    def _to_account_login(request):
        # Wagtail's own login form takes a password alone; allauth's asks for the second factor.
        url = reverse("account_login")
        if next_url := request.GET.get("next"):
            url = f"{url}?{urlencode({'next': next_url})}"
        return HttpResponseRedirect(url)


# The two functions below stand in for a person with an authenticator app. They are for the demo
# data, the demo_totp command and tests; nothing a user can reach calls them.


def activate_totp_without_app(user) -> None:
    """Give `user` TOTP and recovery codes, as allauth's activation does once a person has
    scanned the QR code. Does nothing for someone who already has TOTP."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)


def current_totp_code(user) -> str | None:
    """The code `user`'s authenticator app would show right now, or None if they have no TOTP,
    computed exactly as allauth does when it checks one."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
