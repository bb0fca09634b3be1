from io import StringIO

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command

from procurement import clock
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _run(email):
    printed = StringIO()
    call_command("demo_totp", email, stdout=printed)
    return printed.getvalue()


def test_prints_a_code_that_allauth_accepts_and_the_recovery_codes(council_officer):
    with time_machine.travel(clock.now(), tick=False):
        output = _run("officer@testshire.example")
        code = output.split("Current code for officer@testshire.example: ")[1][:6]
        totp = TOTP(Authenticator.objects.get(user=council_officer, type="totp"))
        assert totp.validate_code(code)

    recovery = RecoveryCodes(Authenticator.objects.get(user=council_officer, type="recovery_codes"))
    unused = recovery.get_unused_codes()
    assert unused
    assert " ".join(unused) in output


def test_refuses_in_production(council_officer, settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="never runs in production"):
        _run("officer@testshire.example")


def test_refuses_someone_without_totp():
    UserFactory(email="no.app@example.org")

    with pytest.raises(CommandError, match="has not set up an authenticator app"):
        _run("no.app@example.org")


def test_refuses_an_unknown_address():
    with pytest.raises(CommandError, match="no account"):
        _run("nobody@example.org")
