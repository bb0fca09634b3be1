"""Driving the Wagtail page editor the way an officer does: load the form, fill it, post it."""

from datetime import datetime

from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import querydict_from_html

from challenges.models import ChallengePage
from challenges.workspaces import council_challenges_page

EDITOR_FORM = "page-edit-form"


def uk(moment: datetime) -> str:
    """The editor's date-time format, in UK time (the site's time zone)."""
    from procurement.clock import uk as to_uk

    return to_uk(moment).strftime("%Y-%m-%d %H:%M")


def add_url(council) -> str:
    parent = council_challenges_page(council)
    return reverse("wagtailadmin_pages:add", args=["challenges", "challengepage", parent.pk])


def form_from(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return querydict_from_html(response.content.decode(), form_id=EDITOR_FORM)


def set_rows(data, prefix: str, rows: list[dict]) -> None:
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-ORDER"] = str(index)
        data[f"{prefix}-{index}-DELETE"] = ""
        data.setdefault(f"{prefix}-{index}-id", "")
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value


QUESTIONS = [
    {
        "reference": "Q1",
        "kind": "long_text",
        "text": "How will it work?",
        "word_limit": "500",
        "scored": "on",
    },
    {
        "reference": "Q2",
        "kind": "file_upload",
        "text": "Upload your plan",
        "allowed_file_types": "pdf",
        "max_file_size_mb": "10",
        "scored": "on",
    },
    {"reference": "Q3", "kind": "price", "text": "Your price"},
]
CRITERIA = [
    {
        "name": "Quality",
        "weight": "60",
        "scale_max": "4",
        "question_references": "Q1",
        "descriptors": "0: none\n4: excellent",
    },
    {
        "name": "Delivery",
        "weight": "40",
        "scale_max": "4",
        "question_references": "Q2",
        "descriptors": "0: none\n4: excellent",
    },
]
PHASES = [
    {
        "name": "Phase 1 feasibility",
        "max_awards": "2",
        "value_per_award_pence": "20000",
        "duration_months": "3",
        "description": "Show it could work.",
    }
]


def fill_challenge(data, *, title, publication, clarification, deadline, **overrides) -> None:
    fields = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "summary": f"{title}: a problem a small organisation could help with.",
        "publication_date": uk(publication),
        "clarification_deadline": uk(clarification),
        "submission_deadline": uk(deadline),
        "budget_min_pence": "20,000",
        "budget_max_pence": "80000",
        "cpv_codes": "90500000",
        "payment_terms_days": "30",
        **overrides,
    }
    # The StreamField editor is drawn by JavaScript; without it the form posts an empty stream.
    data.setdefault("problem_statement-count", "0")
    for key, value in fields.items():
        data[key] = value
    data.setlist("regions", ["TLE"])
    set_rows(data, "questions", QUESTIONS)
    set_rows(data, "criteria", CRITERIA)
    set_rows(data, "phases", PHASES)


def created(title: str) -> ChallengePage:
    return ChallengePage.objects.get(title=title)


def in_review(challenge, submitter):
    """`challenge` as an officer submitted it: its revision in the publication workflow."""
    workflow = challenge.get_workflow()
    workflow.start(challenge, submitter)
    challenge.refresh_from_db()
    return TaskState.objects.get(
        workflow_state__object_id=str(challenge.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def approve_url(challenge, task_state):
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[challenge.pk, "approve", task_state.pk]
    )
