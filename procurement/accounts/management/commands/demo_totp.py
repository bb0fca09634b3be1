import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from procurement.accounts.mfa import current_totp_code


class Command(BaseCommand):
    help = (
        "Print the current two-factor code, and the unused recovery codes, of a demo account. "
        "For the demo and local development only; refuses to run in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail address the account signs in with.")

    def handle(self, *args, email, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "demo_totp reads people's two-factor secrets; it never runs in production."
            )
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"There is no account with the e-mail address {email}.")
        code = current_totp_code(user)
        if code is None:
            raise CommandError(f"{user.email} has not set up an authenticator app (TOTP).")
        seconds_left = mfa_settings.TOTP_PERIOD - int(time.time()) % mfa_settings.TOTP_PERIOD
        self.stdout.write(
            f"Current code for {user.email}: {code} (changes in {seconds_left} seconds)"
        )
        recovery = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.RECOVERY_CODES
        ).first()
        if recovery is not None:
            unused = RecoveryCodes(recovery).get_unused_codes()
            self.stdout.write(f"Unused recovery codes ({len(unused)}): {' '.join(unused)}")
