"""Bad input in the challenge editor gets an error summary linking to each field, and nothing
the officer typed is lost."""

from datetime import timedelta

import pytest

from challenges.models import ChallengePage
from procurement import clock
from procurement.reference.cpv import load_cpv_codes

from .editor import CRITERIA, add_url, fill_challenge, form_from, set_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_form(client, council, council_officer):
    load_cpv_codes()
    client.force_login(council_officer)
    now = clock.now()
    data = form_from(client, add_url(council))
    fill_challenge(
        data,
        title="Warmer homes for private renters",
        publication=now + timedelta(days=1),
        clarification=now + timedelta(days=6),
        deadline=now + timedelta(days=20),
    )
    data["action-publish"] = "1"
    return data


def _post(client, council, data):
    response = client.post(add_url(council), data)
    assert response.status_code == 200, "the form should be shown again with errors"
    assert not ChallengePage.objects.filter(title="Warmer homes for private renters").exists()
    return response.content.decode()


def test_dates_out_of_order_link_to_the_field_and_keep_the_input(client, council, editor_form):
    now = clock.now()
    editor_form["clarification_deadline"] = (now + timedelta(days=25)).strftime("%Y-%m-%d %H:%M")
    page = _post(client, council, editor_form)
    assert "There is a problem" in page
    assert 'href="#id_submission_deadline"' in page
    assert "must be after the clarification question deadline" in page
    assert 'value="Warmer homes for private renters"' in page


def test_a_deadline_less_than_ten_days_after_publication_is_refused(client, council, editor_form):
    now = clock.now()
    editor_form["clarification_deadline"] = (now + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    editor_form["submission_deadline"] = (now + timedelta(days=8)).strftime("%Y-%m-%d %H:%M")
    page = _post(client, council, editor_form)
    assert "at least 10 days after the publication date" in page


def test_weights_that_do_not_add_up_to_100_are_refused(client, council, editor_form):
    set_rows(editor_form, "criteria", [{**CRITERIA[0], "weight": "50"}, CRITERIA[1]])
    page = _post(client, council, editor_form)
    assert "weights add up to 90%. They must add up to 100%." in page


def test_a_scored_question_no_criterion_covers_is_refused(client, council, editor_form):
    set_rows(editor_form, "criteria", [{**CRITERIA[0], "weight": "100"}])
    page = _post(client, council, editor_form)
    assert "Scored question Q2 is not scored by any evaluation criterion" in page


def test_a_criterion_naming_a_missing_question_links_to_its_row(client, council, editor_form):
    set_rows(
        editor_form,
        "criteria",
        [{**CRITERIA[0], "question_references": "Q1, Q9"}, CRITERIA[1]],
    )
    page = _post(client, council, editor_form)
    assert "There is no question Q9" in page
    assert 'href="#id_criteria-0-question_references"' in page


def test_an_unknown_cpv_code_is_refused_with_the_code_named(client, council, editor_form):
    editor_form["cpv_codes"] = "90500000-2, 12345678"
    page = _post(client, council, editor_form)
    assert "12345678 is not a CPV 2008 code" in page
    assert 'href="#id_cpv_codes"' in page
    assert "90500000-2, 12345678" in page


def test_a_maximum_budget_below_the_minimum_is_refused(client, council, editor_form):
    editor_form["budget_max_pence"] = "10000"
    page = _post(client, council, editor_form)
    assert "The maximum budget must be at least the minimum budget." in page


def test_an_oversized_document_is_refused(client, council_officer, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    client.force_login(council_officer)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"0" * 4096, "application/pdf")
    response = client.post(
        "/admin/documents/add/", {"title": "Plan", "file": upload, "collection": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_file"' in page
    assert "This file is too big" in page
    assert 'value="Plan"' in page
