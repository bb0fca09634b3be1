"""The command is run as it is from a shell, so the exit status is what a cron job or an
operator's script would see."""

import pytest
from django.core.management import execute_from_command_line

from procurement.audit.services import record

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_intact_chain_is_reported_with_exit_status_zero(capsys):
    for action in ("challenge.drafted", "challenge.published", "challenge.closed"):
        record(action)

    execute_from_command_line(["manage.py", "verify_audit_chain"])

    assert capsys.readouterr().out == "Audit chain intact: 3 events checked.\n"


def test_a_tampered_event_is_named_and_the_exit_status_is_non_zero(capsys, tamper):
    record("challenge.drafted")
    tampered = record("challenge.published", data={"deadline": "2026-06-01"})
    record("challenge.closed")
    tamper(
        "UPDATE audit_auditevent SET data = %s WHERE id = %s",
        ['{"deadline": "2026-07-01"}', tampered.pk],
    )

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "verify_audit_chain"])

    assert exit_.value.code != 0
    output = capsys.readouterr()
    assert "intact" not in output.out
    assert f"Audit chain broken at event {tampered.pk}: " in output.err
    assert "altered" in output.err
