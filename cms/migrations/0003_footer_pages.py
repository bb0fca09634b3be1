"""The pages every public service links from its footer, as ordinary guidance pages that the
platform's staff edit in the Wagtail admin. A fresh site starts with plain, true wording that
the organisation running it should complete (who it is, how to reach it)."""

import json
import uuid

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

PAGES = [
    (
        "accessibility-statement",
        "Accessibility statement",
        "How accessible Challenge Exchange is, and how to report a problem.",
        [
            "<p>This statement covers Challenge Exchange: the public pages, supplier accounts "
            "and proposals, and the council pages.</p>",
            "<h2>How accessible this service is</h2>",
            "<p>The service is built with GOV.UK Frontend and aims to meet the Web Content "
            "Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page works without "
            "JavaScript, at 320 pixels wide and zoomed to 400%, and with a keyboard alone. Each "
            "page is checked with the axe accessibility engine whenever the service changes.</p>",
            "<p>Proposal documents that suppliers upload, and documents councils attach to "
            "their challenges, are not checked by the service and may not be accessible.</p>",
            "<h2>Reporting a problem</h2>",
            "<p>If you find a problem or need information in a different format, use the "
            '<a href="/contact/">contact page</a>. We aim to reply within 5 working days.</p>',
            "<h2>Enforcement procedure</h2>",
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018. If you are not happy with how we respond to your complaint, "
            "contact the Equality Advisory and Support Service (EASS).</p>",
        ],
    ),
    (
        "privacy",
        "Privacy notice",
        "What personal information Challenge Exchange keeps, why, and your rights.",
        [
            "<h2>What we keep</h2>",
            "<p>Your e-mail address, name and password (stored only as a secure hash); the "
            "organisations and councils you belong to; the questions you ask, the interests you "
            "register and the proposals you write; and a log of what you did and when, which "
            "councils need to show that a procurement was fair.</p>",
            "<h2>Why</h2>",
            "<p>To run the procurement: so that councils can publish challenges, suppliers can "
            "bid for them, and the outcome can be checked. Proposals are encrypted and no "
            "council can read them before the deadline.</p>",
            "<h2>Your rights</h2>",
            "<p>You can download everything we hold about you, and delete your account, from "
            "<em>Your account</em>. Proposals stay with the organisation that submitted them, "
            "because procurement law requires councils to keep them. To ask about your data or "
            'to complain, use the <a href="/contact/">contact page</a>; you can also complain to '
            "the Information Commissioner's Office (ICO).</p>",
        ],
    ),
    (
        "cookies",
        "Cookies",
        "The cookies Challenge Exchange puts on your device.",
        [
            "<p>Challenge Exchange uses only the cookies it needs to work. It does not use "
            "analytics or advertising cookies, so it does not ask for your consent.</p>",
            "<h2>Essential cookies</h2>",
            "<ul><li><strong>sessionid</strong>: keeps you signed in; removed when you sign "
            "out or after two weeks.</li><li><strong>csrftoken</strong>: protects the forms "
            "you submit from being sent by another website; expires after a year.</li>"
            "<li><strong>messages</strong>: carries a confirmation from one page to the "
            "next; removed when you close your browser.</li></ul>",
        ],
    ),
    (
        "contact",
        "Contact us",
        "How to get help with Challenge Exchange, report a problem or give feedback.",
        [
            "<h2>Help with a challenge</h2>",
            "<p>Ask the council about a challenge through <em>Ask a question</em> on the "
            "challenge's page, so every supplier can read the answer.</p>",
            "<h2>Help with the service</h2>",
            "<p>For problems with your account, signing in, or the service itself, e-mail the "
            "team that runs this site. The team should put its address here.</p>",
            '<h2 id="feedback">Feedback</h2>',
            "<p>This is a new service and your feedback helps us improve it. Tell us what "
            "worked and what did not at the same address.</p>",
        ],
    ),
]


def _child_path(parent, number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
        if number == 0:
            break
    return parent.path + digits.rjust(4, "0")


def create_footer_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("cms.HomePage")
    GuidancePage = apps.get_model("cms.GuidancePage")
    home = HomePage.objects.first()
    if home is None:
        return
    page_type, _ = ContentType.objects.get_or_create(model="guidancepage", app_label="cms")
    for slug, title, summary, paragraphs in PAGES:
        if Page.objects.filter(depth=home.depth + 1, path__startswith=home.path, slug=slug).exists():
            continue
        last = (
            Page.objects.filter(depth=home.depth + 1, path__startswith=home.path)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        number = int(last[-4:], 36) + 1 if last else 1
        body = [
            {"type": "paragraph", "value": "".join(paragraphs), "id": str(uuid.uuid4())}
        ]
        GuidancePage.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            summary=summary,
            body=json.dumps(body),
            content_type=page_type,
            path=_child_path(home, number),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
            live=True,
        )
        home.numchild += 1
        home.save(update_fields=["numchild"])


def remove_footer_pages(apps, schema_editor):
    apps.get_model("cms.GuidancePage").objects.filter(
        slug__in=[slug for slug, *_ in PAGES], depth=3
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_create_home_page")]

    operations = [migrations.RunPython(create_footer_pages, remove_footer_pages)]
