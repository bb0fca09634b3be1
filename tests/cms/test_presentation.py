"""How pages draw things: checkboxes as checkboxes, fields revealed under the radio option that
needs them, and dates and times written the one GOV.UK way."""

import re
from datetime import UTC, datetime

import pytest
from django.template.loader import render_to_string

from challenges.forms import AnswerForm
from procurement import clock
from procurement.evaluation.forms import DeclarationForm


def _render(form) -> str:
    return render_to_string("components/forms/fields.html", {"form": form})


@pytest.mark.django_db
def test_a_multiple_choice_of_organisations_is_drawn_as_checkboxes(supplier_organisation):
    from suppliers.models import SupplierOrganisation

    html = _render(DeclarationForm(bidders=SupplierOrganisation.objects.all()))

    [option] = re.findall(r"<input[^>]*name=\"conflicted_with\"[^>]*>", html)
    assert 'type="checkbox"' in option
    assert "govuk-checkboxes__input" in option
    assert "govuk-radios__input" not in option


def test_the_reason_for_a_private_answer_is_revealed_only_under_that_choice():
    html = _render(AnswerForm())

    private = re.search(r'<input[^>]*value="private"[^>]*>', html).group(0)
    assert 'data-reveals="conditional-id_visibility_1"' in private
    reveal = html.split('id="conditional-id_visibility_1"', 1)[1]
    assert 'name="reason"' in reveal.split("</fieldset>", 1)[0] or 'name="reason"' in reveal
    assert "govuk-radios__conditional--hidden" in html
    # Drawn once, inside the reveal, not again as a field of its own.
    assert html.count('name="reason"') == 1
    assert html.count('name="published_question"') == 1


def test_a_chosen_option_shows_its_fields_when_the_form_comes_back_with_errors():
    html = _render(AnswerForm(data={"visibility": "private", "answer": "Yes."}))

    reveal = re.search(
        r'<div class="govuk-radios__conditional[^"]*" id="conditional-id_visibility_1"', html
    )
    assert reveal and "--hidden" not in reveal.group(0)
    assert "Enter why the answer is not published for everyone." in html


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (datetime(2026, 12, 15, 12, 0, tzinfo=UTC), "15 December 2026, 12pm"),
        (datetime(2026, 12, 15, 13, 32, tzinfo=UTC), "15 December 2026, 1:32pm"),
        (datetime(2026, 12, 15, 9, 5, tzinfo=UTC), "15 December 2026, 9:05am"),
        (datetime(2026, 7, 1, 8, 0, tzinfo=UTC), "1 July 2026, 9am"),  # British Summer Time
    ],
)
def test_times_are_written_the_gov_uk_way(moment, written):
    assert clock.format_uk(moment) == written


def test_templates_write_times_the_same_way():
    html = render_to_string(
        "challenges/includes/timeline.html",
        {
            "challenge": type(
                "C",
                (),
                {
                    "published_at": datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
                    "clarification_deadline": datetime(2026, 12, 10, 12, 0, tzinfo=UTC),
                    "submission_deadline": datetime(2026, 12, 21, 13, 32, tzinfo=UTC),
                },
            )()
        },
    )
    assert "10 December 2026, 12pm" in html
    assert "21 December 2026, 1:32pm" in html
    assert "p.m." not in html


def test_an_awarded_challenge_says_what_happened():
    page = type("P", (), {"is_cancelled": False, "accepts_proposals": False, "status": "awarded"})()

    html = render_to_string("challenges/includes/call_to_action.html", {"page": page})

    assert "will be published" not in html
    assert "This challenge has been awarded" in html
