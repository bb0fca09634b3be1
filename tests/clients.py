"""The test client the suite signs people in with."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.utils import is_mfa_enabled
from django.test import Client

from procurement.accounts.mfa import current_totp_code, mark_second_factor_passed


class SignedInClient(Client):
    """`force_login` leaves the client as after the whole sign-in at /accounts/login/: the
    password and, for anyone with an authenticator app, a code from it. Tests of what a
    password-only session can do use a plain `django.test.Client`."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if is_mfa_enabled(user):
            session = self.session
            mark_second_factor_passed(session, user)
            session.save()


def code_with_time_to_type(user, seconds=8):
    """The code `user`'s authenticator app shows, read when at least `seconds` of its 30-second
    period remain. allauth accepts only the current period's code (no tolerance), so a code read
    just before the period turns is refused by the time a browser has typed and sent it."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < seconds:
        time.sleep(left + 0.1)
    return current_totp_code(user)
