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
from procurement.accounts import policies
from procurement.documents.pdf import render_pdf

from . import sealing
from .models import Submission
from .sealing import Purpose
from .selectors import draft_answers, submitted_files

RECEIPT_TEMPLATE = "tenders/receipts/receipt.html"


def manifest(files) -> list[dict]:
    """What a submission records of its files in the clear: which attachment answers which
    question. Their names, sizes and hashes stay sealed with the attachments."""
    return [{"question": a.question_reference, "attachment": str(a.uuid)} for a in files]


def submittable(proposal, answers: dict, questions, files, *, by) -> tuple[list, str]:
    """What submitting now would send: the draft's files for the questions the challenge still
    asks, and the digest of `answers` with those files' hashes (unsealed for `by`)."""
    asked = {q.reference for q in questions}
    files = [a for a in files if a.question_reference in asked]
    details = sealing.attachment_details(
        files, purpose=Purpose.SUPPLIER, actor=by, proposal=proposal
    )
    hashes = [{"question": a.question_reference, "sha256": details[a.uuid].sha256} for a in files]
    return files, content_digest(answers, hashes)


def unsubmitted_changes(proposal, submission, *, by) -> bool:
    """Whether the draft now differs from `submission`, the one that counts."""
    if submission is None:
        return False
    _files, draft = submittable(
        proposal,
        draft_answers(proposal, by=by),
        list(proposal.challenge.questions.all()),
        proposal.attachments.filter(replaced_at__isnull=True),
        by=by,
    )
    return draft != submission.digest


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


def receipt_context(submission, *, by) -> dict:
    """What a receipt shows, for `by` of the supplier: the file details are unsealed for them."""
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
        "attachments": submitted_files(submission, purpose=Purpose.SUPPLIER, by=by),
        "site_url": settings.SITE_URL,
    }


def receipt_pdf(submission, *, by) -> bytes:
    return render_pdf(RECEIPT_TEMPLATE, receipt_context(submission, by=by))


def receipt_filename(submission) -> str:
    return f"receipt-{submission.receipt_number}.pdf"


@task()
def send_receipt(submission_id: int) -> int:
    """E-mail the receipt, with its PDF, to whoever submitted."""
    submission = Submission.objects.select_related(
        "proposal__challenge", "proposal__organisation", "submitted_by"
    ).get(pk=submission_id)
    by = submission.submitted_by
    if by is None:
        return 0
    # Whoever submitted sees the receipt as the supplier would on screen; someone who has left
    # the organisation since is not sent its file details.
    if not policies.can(by, "proposal.view", submission.proposal):
        return 0
    context = receipt_context(submission, by=by)
    message = EmailMessage(
        subject=f"Proposal received: {context['challenge'].title}",
        body=render_to_string("tenders/receipts/email.txt", context),
        to=[submission.submitted_by.email],
    )
    message.attach(receipt_filename(submission), receipt_pdf(submission, by=by), "application/pdf")
    return message.send()
