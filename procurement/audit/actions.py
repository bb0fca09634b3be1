"""Every action the audit log records, by name.

Producers pass these to `services.record`; consumers (open data publishes the public ones as
releases) match on the same members, so a renamed action cannot leave a consumer listening for
a name nobody writes. The values are what is stored and hashed: never change one, add another.
"""

from enum import StrEnum


class AuditAction(StrEnum):
    # People managing their own account.
    ACCOUNT_DATA_EXPORTED = "account.data_exported"
    ACCOUNT_DELETED = "account.deleted"
    # Award decisions, their documents and the award notice.
    AWARD_APPROVED = "award.approved"
    AWARD_LETTERS_PREPARED = "award.letters_prepared"
    AWARD_LETTERS_SENT = "award.letters_sent"
    AWARD_NOTICE_PUBLISHED = "award.notice_published"
    AWARD_PROPOSED = "award.proposed"
    AWARD_REJECTED = "award.rejected"
    AWARD_REPORT_FILED = "award.report_filed"
    # A challenge's publication workflow and lifecycle moves (one per status it can move to).
    CHALLENGE_AMENDED = "challenge.amended"
    CHALLENGE_APPROVAL_REFUSED = "challenge.approval_refused"
    CHALLENGE_AWARDED = "challenge.awarded"
    CHALLENGE_CANCELLED = "challenge.cancelled"
    CHALLENGE_CHANGES_RETURNED = "challenge.changes_returned"
    CHALLENGE_CHANGES_SUBMITTED = "challenge.changes_submitted"
    CHALLENGE_CLOSED = "challenge.closed"
    CHALLENGE_DRAFT = "challenge.draft"
    CHALLENGE_IN_EVALUATION = "challenge.in_evaluation"
    CHALLENGE_IN_REVIEW = "challenge.in_review"
    CHALLENGE_INTEREST_REGISTERED = "challenge.interest_registered"
    CHALLENGE_PUBLISHED = "challenge.published"
    CHALLENGE_RESCHEDULED = "challenge.rescheduled"
    CHALLENGE_SCHEDULED = "challenge.scheduled"
    # Suppliers' questions and the council's answers.
    CLARIFICATION_ANSWERED_PRIVATELY = "clarification.answered_privately"
    CLARIFICATION_ANSWERED_PUBLICLY = "clarification.answered_publicly"
    CLARIFICATION_ASKED = "clarification.asked"
    # Contracts made when an award concludes.
    CONTRACT_SIGNED = "contract.signed"
    # Council teams.
    COUNCIL_INVITATION_ACCEPTED = "council.invitation_accepted"
    COUNCIL_INVITATION_REVOKED = "council.invitation_revoked"
    COUNCIL_INVITATION_SENT = "council.invitation_sent"
    COUNCIL_MEMBER_REMOVED = "council.member_removed"
    COUNCIL_MEMBER_ROLES_CHANGED = "council.member_roles_changed"
    # The panel: assignments, declarations, scoring, moderation, blind copies.
    EVALUATION_ASSIGNED = "evaluation.assigned"
    EVALUATION_BLIND_CHANGED = "evaluation.blind_changed"
    EVALUATION_BLIND_COPY_MADE = "evaluation.blind_copy_made"
    EVALUATION_BLIND_COPY_WITHHELD = "evaluation.blind_copy_withheld"
    EVALUATION_BLIND_FILE_WITHHELD = "evaluation.blind_file_withheld"
    EVALUATION_CONFLICTS_DECLARED = "evaluation.conflicts_declared"
    EVALUATION_MODERATED = "evaluation.moderated"
    EVALUATION_MODERATION_COMPLETED = "evaluation.moderation_completed"
    EVALUATION_SCORES_REOPENED = "evaluation.scores_reopened"
    EVALUATION_SCORES_SUBMITTED = "evaluation.scores_submitted"
    EVALUATION_STARTED = "evaluation.started"
    EVALUATION_TIE_RESOLVED = "evaluation.tie_resolved"
    EVALUATION_UNASSIGNED = "evaluation.unassigned"
    # Onboarding, funding, claims, transfers and payouts.
    PAYMENTS_ACCOUNT_CONNECTED = "payments.account_connected"
    PAYMENTS_ACCOUNT_PAYOUTS_DISABLED = "payments.account_payouts_disabled"
    PAYMENTS_ACCOUNT_PAYOUTS_ENABLED = "payments.account_payouts_enabled"
    PAYMENTS_CLAIM_APPROVED = "payments.claim_approved"
    PAYMENTS_CLAIM_PAYMENT_REQUESTED = "payments.claim_payment_requested"
    PAYMENTS_CLAIM_REJECTED = "payments.claim_rejected"
    PAYMENTS_CLAIM_SUBMITTED = "payments.claim_submitted"
    PAYMENTS_FUNDING_CHECKOUT_STARTED = "payments.funding_checkout_started"
    PAYMENTS_FUNDING_INVOICED = "payments.funding_invoiced"
    PAYMENTS_FUNDING_RECEIVED = "payments.funding_received"
    PAYMENTS_PAYOUT_FAILED = "payments.payout_failed"
    PAYMENTS_PAYOUT_PAID = "payments.payout_paid"
    PAYMENTS_TRANSFER_RETRIED = "payments.transfer_retried"
    PAYMENTS_TRANSFER_REVERSAL_REQUESTED = "payments.transfer_reversal_requested"
    PAYMENTS_TRANSFER_REVERSED = "payments.transfer_reversed"
    PAYMENTS_TRANSFER_SENT = "payments.transfer_sent"
    # The sealed bid, from the first draft to submission.
    PROPOSAL_DECRYPTED = "proposal.decrypted"
    PROPOSAL_DECRYPTION_REFUSED = "proposal.decryption_refused"
    PROPOSAL_DRAFT_SAVED = "proposal.draft_saved"
    PROPOSAL_FILE_ATTACHED = "proposal.file_attached"
    PROPOSAL_INTEGRITY_FAILURE = "proposal.integrity_failure"
    PROPOSAL_STARTED = "proposal.started"
    PROPOSAL_SUBMISSION_REFUSED = "proposal.submission_refused"
    PROPOSAL_SUBMISSION_REPLACED = "proposal.submission_replaced"
    PROPOSAL_SUBMITTED = "proposal.submitted"
    PROPOSAL_WITHDRAWAL_REFUSED = "proposal.withdrawal_refused"
    PROPOSAL_WITHDRAWN = "proposal.withdrawn"
    # Saved searches and their alerts.
    SAVED_SEARCH_CREATED = "saved_search.created"
    SAVED_SEARCH_DELETED = "saved_search.deleted"
    # The sealed box itself.
    SEALED_BOX_MASTER_KEY_ROTATED = "sealed_box.master_key_rotated"
    # Supplier organisations and their teams.
    SUPPLIER_INVITATION_ACCEPTED = "supplier.invitation_accepted"
    SUPPLIER_INVITATION_REVOKED = "supplier.invitation_revoked"
    SUPPLIER_INVITATION_SENT = "supplier.invitation_sent"
    SUPPLIER_MEMBER_REMOVED = "supplier.member_removed"
    SUPPLIER_MEMBER_ROLE_CHANGED = "supplier.member_role_changed"
    SUPPLIER_ORGANISATION_CREATED = "supplier.organisation_created"
    SUPPLIER_ORGANISATION_UPDATED = "supplier.organisation_updated"
    # The two-person opening.
    TENDER_OPENED = "tender.opened"
    TENDER_OPENING_APPROVED = "tender.opening_approved"
    TENDER_OPENING_REFUSED = "tender.opening_refused"
