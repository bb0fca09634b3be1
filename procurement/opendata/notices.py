"""Which public event becomes which OCDS release, and which Procurement Act 2023 notice that
release is.

Each release carries its notice as two release-level fields, `noticeType` (the code, e.g. "UK4")
and `noticeTypeName` ("Tender notice"). OCDS allows extra fields, so packages still validate
against the plain 1.1 schema, and a reader can pick out, say, every contract award notice
without knowing our tags.
"""

from dataclasses import dataclass

from procurement.audit.actions import AuditAction


class Notice:
    # Preliminary market engagement: a "planning" release. The portal has no separate
    # engagement stage yet, so nothing emits it; it is here so the map is complete when one is
    # added.
    UK2 = "UK2"
    UK4 = "UK4"
    UK6 = "UK6"
    UK7 = "UK7"
    UK12 = "UK12"


NOTICE_NAMES = {
    Notice.UK2: "Preliminary market engagement notice",
    Notice.UK4: "Tender notice",
    Notice.UK6: "Contract award notice",
    Notice.UK7: "Contract details notice",
    Notice.UK12: "Procurement termination notice",
}

# OCDS release tag -> the notice it is published as.
TAG_NOTICES = {
    "planning": Notice.UK2,
    "tender": Notice.UK4,
    "tenderAmendment": Notice.UK4,
    "tenderCancellation": Notice.UK12,
    "award": Notice.UK6,
    "contract": Notice.UK7,
}


@dataclass(frozen=True)
class PublicEvent:
    """An audit action that is published as a release, and the model its event targets."""

    tag: str
    target_type: str

    @property
    def notice_type(self) -> str:
        return TAG_NOTICES[self.tag]


PUBLIC_EVENTS = {
    AuditAction.CHALLENGE_PUBLISHED: PublicEvent("tender", "challenges.challengepage"),
    AuditAction.CHALLENGE_AMENDED: PublicEvent("tenderAmendment", "challenges.challengepage"),
    AuditAction.CHALLENGE_CANCELLED: PublicEvent("tenderCancellation", "challenges.challengepage"),
    AuditAction.AWARD_NOTICE_PUBLISHED: PublicEvent("award", "awards.awarddecision"),
    AuditAction.CONTRACT_SIGNED: PublicEvent("contract", "awards.contract"),
}
