"""Proof of receipt: the digest that pins down what was submitted, the receipt a supplier keeps
(on screen, as a PDF, by e-mail), and the receipt number.

The digest is SHA-256 over a canonical serialisation of the content: the answers as
sorted-key JSON and the (question, file SHA-256) pairs in order. The same content always gives
the same digest, whoever submits it and whenever; a change of one byte gives another.
"""

import hashlib
import json
import secrets
from datetime import UTC

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string

from procurement import clock
from procurement.documents.pdf import render_pdf

RECEIPT_TEMPLATE = "challenges/receipts/receipt.html"


def canonical_content(answers: dict, attachments: list[dict]) -> bytes:
    files = sorted([item["question"], item["sha256"]] for item in attachments)
    document = {"answers": answers, "files": files}
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_digest(answers: dict, attachments: list[dict]) -> str:
    return hashlib.sha256(canonical_content(answers, attachments)).hexdigest()


def new_receipt_number(submitted_at) -> str:
    # Unguessable, so a receipt number alone proves nothing to someone who merely guessed it.
    return f"CX-{submitted_at:%Y%m%d}-{secrets.token_hex(4).upper()}"


def receipt_context(submission) -> dict:
    proposal = submission.proposal
    challenge = proposal.challenge
    questions = {q.reference: q for q in challenge.questions.all()}
    return {
        "submission": submission,
        "challenge": challenge,
        "organisation": proposal.organisation,
        # To the second, in both zones: UTC is what the server recorded, UK time is what the
        # deadline was published in.
        "received_utc": f"{submission.submitted_at.astimezone(UTC):%-d %B %Y at %H:%M:%S} UTC",
        "received_uk": f"{clock.uk(submission.submitted_at):%-d %B %Y at %H:%M:%S %Z}",
        "received_iso": submission.submitted_at.astimezone(UTC).isoformat(),
        "answered": [questions[ref] for ref in submission.answered_questions if ref in questions],
        "attachments": submission.attachments,
        "site_url": settings.SITE_URL,
    }


def receipt_pdf(submission) -> bytes:
    return render_pdf(RECEIPT_TEMPLATE, receipt_context(submission))


def receipt_filename(submission) -> str:
    return f"receipt-{submission.receipt_number}.pdf"


@task()
def send_receipt(submission_id: int) -> int:
    """E-mail the receipt, with its PDF, to whoever submitted."""
    from .models import Submission

    submission = Submission.objects.select_related(
        "proposal__challenge", "proposal__organisation", "submitted_by"
    ).get(pk=submission_id)
    if submission.submitted_by is None:
        return 0
    context = receipt_context(submission)
    message = EmailMessage(
        subject=f"Proposal received: {context['challenge'].title}",
        body=render_to_string("challenges/receipts/email.txt", context),
        to=[submission.submitted_by.email],
    )
    message.attach(receipt_filename(submission), receipt_pdf(submission), "application/pdf")
    return message.send()
