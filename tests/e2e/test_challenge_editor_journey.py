"""A council officer signs in with a password and a two-factor code, writes a challenge in the
real Wagtail editor (its own JavaScript, under the site's real Content Security Policy): a
document, dates through the date picker, a phase, questions and weighted criteria, and submits
it for review; a second officer approves it in the editor and anyone can then read it."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from challenges.lifecycle import Status
from challenges.models import ChallengePage
from procurement import clock
from procurement.reference.cpv import load_cpv_codes

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Fewer missed bin collections"

# Wagtail's own admin markup, which we do not control, fails these axe rules on these pages
# (Wagtail 8.0.1): page -> rule -> what every failing element's HTML contains. Only those
# elements are excused; any other rule, or the same rule on any other element or page, fails.
DRAFTAIL = "public-DraftEditor-content"  # Draftail's rich text box: role="textbox", no name
WAGTAIL_ADMIN_EXCLUSIONS: dict[str, dict[str, str]] = {
    "add challenge": {"aria-input-field-name": DRAFTAIL},
    # The panel toggle buttons' target is partly covered by the panel heading.
    "add challenge: terms": {"aria-input-field-name": DRAFTAIL, "target-size": "w-panel__toggle"},
    "add challenge: questions": {"aria-input-field-name": DRAFTAIL},
    # At 375 px the side panel's toggle button is 20 px square.
    "review challenge": {"aria-input-field-name": DRAFTAIL, "target-size": "w-minimap__toggle"},
    # Wagtail's workflow action dialog puts its comment field's <div> straight inside a <ul>.
    "approve dialog": {
        "aria-input-field-name": DRAFTAIL,
        "list": '<ul class="fields">',
        "target-size": "w-minimap__toggle",
    },
}

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _field(scope, label):
    """The form control named `label` (Wagtail names its panel sections after it too)."""
    return scope.get_by_label(label, exact=True).and_(scope.locator("input, select, textarea"))


def _fill_row(page, prefix, index, values):
    row = page.locator(f"#inline_child_{prefix}-{index}")
    for label, value in values.items():
        field = _field(row, label)
        if value is True:
            field.check()
        elif field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_an_officer_writes_and_submits_a_challenge_and_a_second_officer_publishes_it(
    open_page, page, council, council_officer, second_officer, check_page, tmp_path
):
    load_cpv_codes()
    csp_violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and csp_violations.append(m))
    now = clock.now()
    plan = tmp_path / "background.pdf"
    plan.write_bytes(PDF)

    sign_in(page, council_officer)
    expect(page.get_by_role("heading", level=1, name="Your council home")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name=f"Write a new challenge for {council.name}").click()
    expect(_field(page, "Title*")).to_be_visible()
    check_page(page, excused=WAGTAIL_ADMIN_EXCLUSIONS["add challenge"])

    _field(page, "Title*").fill(TITLE)
    _field(page, "Summary*").fill("Help us miss fewer collections.")
    page.get_by_role("button", name="Add Document").click()
    page.locator("#inline_child_documents-0").get_by_role(
        "button", name="Choose a document"
    ).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("tab", name="Upload").click()
    _field(dialog, "Title*").fill("Collection routes")
    _field(dialog, "File*").set_input_files(plan)
    dialog.get_by_role("button", name="Upload").click()
    dialog.wait_for(state="hidden")
    _fill_row(page, "documents", 0, {"Type*": "background"})

    page.get_by_role("tab", name="Dates, budget and terms").click()
    publication = _field(page, "Publication date")
    publication.click()
    # The date picker is started by one of Wagtail's inline scripts.
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    for label, moment in [
        # Today, so that the approval publishes it (a later date schedules it instead).
        ("Publication date", now),
        ("Clarification question deadline", now + timedelta(days=8)),
        ("Submission deadline", now + timedelta(days=15)),
    ]:
        page.get_by_label(label, exact=True).fill(clock.uk(moment).strftime("%Y-%m-%d %H:%M"))
    page.keyboard.press("Escape")
    _field(page, "Minimum budget (£)*").fill("20000")
    _field(page, "Maximum budget (£)*").fill("80000")
    page.get_by_role("button", name="Add Phase").click()
    _fill_row(
        page,
        "phases",
        0,
        {"Name*": "Phase 1 feasibility", "Value of each award (£)*": "20000"},
    )
    _field(page, "CPV codes").fill("90500000")
    check_page(page, excused=WAGTAIL_ADMIN_EXCLUSIONS["add challenge: terms"])

    page.get_by_role("tab", name="Questions and scoring").click()
    page.get_by_role("button", name="Add Question").click()
    page.get_by_role("button", name="Add Question").click()
    _fill_row(
        page,
        "questions",
        0,
        {
            "Reference*": "Q1",
            "Kind*": "long_text",
            "Question*": "How will it work?",
            "Word limit": "500",
            "Scored": True,
        },
    )
    _fill_row(
        page, "questions", 1, {"Reference*": "Q2", "Kind*": "price", "Question*": "Your price"}
    )
    for index, (name, weight) in enumerate([("Quality", "60"), ("Delivery", "40")]):
        page.get_by_role("button", name="Add Criterion").click()
        _fill_row(
            page,
            "criteria",
            index,
            {"Name*": name, "Weight (%)*": weight, "Questions scored*": "Q1"},
        )
    check_page(page, excused=WAGTAIL_ADMIN_EXCLUSIONS["add challenge: questions"])

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Challenge publication").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    challenge = ChallengePage.objects.get(title=TITLE)
    assert challenge.status == Status.IN_REVIEW
    revision = challenge.get_latest_revision_as_object()
    # Exact lists: each row the officer added is saved once, in order.
    assert [q.reference for q in revision.questions.all()] == ["Q1", "Q2"]
    assert [(c.name, c.weight) for c in revision.criteria.all()] == [
        ("Quality", 60),
        ("Delivery", 40),
    ]
    assert [p.name for p in revision.phases.all()] == ["Phase 1 feasibility"]
    assert [d.document.title for d in revision.documents.all()] == ["Collection routes"]

    approver = open_page()
    approver.on(
        "console", lambda m: "Content Security Policy" in m.text and csp_violations.append(m)
    )
    sign_in(approver, second_officer)
    expect(approver.get_by_role("heading", level=1, name="Your council home")).to_be_visible()
    check_page(approver)
    approver.get_by_role("link", name=f"Review {TITLE}").click()
    expect(approver.get_by_role("button", name="More actions")).to_be_visible()
    check_page(approver, excused=WAGTAIL_ADMIN_EXCLUSIONS["review challenge"])
    approver.get_by_role("button", name="More actions").click()
    approver.get_by_role("button", name="Approve and publish").click()
    dialog = approver.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Approve and publish")).to_be_visible()
    check_page(approver, excused=WAGTAIL_ADMIN_EXCLUSIONS["approve dialog"])
    dialog.get_by_role("button", name="Approve and publish").click()
    dialog.wait_for(state="hidden")
    approver.wait_for_load_state()

    challenge.refresh_from_db()
    assert challenge.live
    assert challenge.status == Status.PUBLISHED
    visitor = open_page()
    response = visitor.goto(challenge.url)
    assert response.status == 200
    expect(visitor.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(visitor.get_by_text("How will it work?")).to_be_visible()
    check_page(visitor)

    assert not csp_violations, [m.text for m in csp_violations]
