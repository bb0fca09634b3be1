"""Two-factor authentication for council people and platform staff, enforced in this one place.

Anyone who holds a role at a council can change what the public sees and, later, open sealed
proposals, and platform staff can change anything, so a stolen password alone must not be enough.
allauth is the only way to sign in (every other login view redirects to it, see
`procurement/urls.py`) and its login asks for the TOTP code of anyone who has set one up. This
middleware checks two things for people who must use a second factor:

- someone who has no authenticator yet reaches no council or staff function before setting one up;
- someone who has one is signed in only if THIS session passed it. allauth's `authenticator_used`
  signal (a code typed at sign-in or to re-authenticate) and `authenticator_added` (a code typed
  to activate an authenticator app) mark the session; a session without the mark, however it was
  made, is signed out and sent back to sign in.
"""

import time
from urllib.parse import urlencode

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa import signals as mfa_signals
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
from django.contrib.auth import logout
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse

from .policies import can

# Paths that are council or staff functions: the Wagtail and Django admins and everything under
# /council/ (the team pages and the council's own challenge pages). Someone who must use a second
# factor but has not set one up reaches none of them.
COUNCIL_PATH_PREFIXES = ("/admin/", "/django-admin/", "/council/", "/payments/council/")

# The session key that says which user passed the second factor in this session.
SECOND_FACTOR_SESSION_KEY = "accounts_second_factor_user"

MFA_REQUIRED_MESSAGE = (
    "Council accounts must use two-factor authentication. Set up an authenticator app to "
    "continue; you will then be asked for a code from it each time you sign in."
)
SIGN_IN_AGAIN_MESSAGE = "Sign in again with your password and a code from your authenticator app."


def must_use_second_factor(user) -> bool:
    """Council members (every role) and platform staff must sign in with a second factor."""
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or can(user, "council.home")
    )


def mark_second_factor_passed(session, user) -> None:
    session[SECOND_FACTOR_SESSION_KEY] = str(user.pk)


def passed_second_factor(session, user) -> bool:
    return session.get(SECOND_FACTOR_SESSION_KEY) == str(user.pk)


@receiver(mfa_signals.authenticator_used)
def _code_typed(sender, request, user, **kwargs):
    mark_second_factor_passed(request.session, user)


@receiver(mfa_signals.authenticator_added)
def _authenticator_app_activated(sender, request, user, authenticator, **kwargs):
    # Activating TOTP means typing a valid code from the new app, in this session.
    if authenticator.type == Authenticator.Type.TOTP:
        mark_second_factor_passed(request.session, user)


class CouncilMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if must_use_second_factor(user):
            if is_mfa_enabled(user):
                if not passed_second_factor(request.session, user):
                    logout(request)
                    messages.warning(request, SIGN_IN_AGAIN_MESSAGE)
                    return to_account_login(request.get_full_path())
            elif request.path_info.startswith(COUNCIL_PATH_PREFIXES):
                messages.warning(request, MFA_REQUIRED_MESSAGE)
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def to_account_login(next_url: str | None) -> HttpResponseRedirect:
    url = reverse("account_login")
    if next_url:
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
