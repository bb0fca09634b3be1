"""The test client the suite signs people in with."""

from allauth.mfa.utils import is_mfa_enabled
from django.test import Client

from procurement.accounts.mfa import mark_second_factor_passed


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
