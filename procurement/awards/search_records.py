"""Award notices as the public listings see them. Named in the SEARCH_PROVIDERS setting as the
"award" source: a notice exists for each award decision once its standstill has ended."""

import uuid

from procurement.money import format_pounds
from search.records import NoticeRecord, NoticeStatus, NoticeType

from .models import AwardDecision, DecisionStatus


def concluded_decisions():
    return (
        AwardDecision.objects.filter(status=DecisionStatus.CONCLUDED, challenge__live=True)
        .select_related("challenge__council")
        .prefetch_related("awards__organisation")
        .defer("report_pdf")
    )


def award_record(decision: AwardDecision) -> NoticeRecord:
    challenge = decision.challenge
    awards = list(decision.awards.all())
    winners = [f"{a.organisation.legal_name} ({format_pounds(a.value_pence)})" for a in awards]
    total = sum(a.value_pence for a in awards)
    return NoticeRecord(
        source="award",
        key=str(decision.uuid),
        notice_type=NoticeType.AWARD,
        status=NoticeStatus.AWARDED,
        title=f"Award: {challenge.title}",
        url=challenge.get_url() or "",
        summary=f"Awarded to {'; '.join(winners)}.",
        description="\n".join([challenge.summary, *winners]),
        buyer=challenge.council.name,
        value_min_pence=total,
        value_max_pence=total,
        suitable_for_sme=challenge.suitable_for_sme,
        suitable_for_vcse=challenge.suitable_for_vcse,
        published_at=decision.concluded_at,
        regions=tuple(challenge.regions or [challenge.council.region]),
        cpv_codes=tuple(challenge.cpv_codes or ()),
    )


class AwardNotices:
    """The "award" source: one notice per concluded award decision."""

    def all_keys(self):
        # A chunk size is required once the queryset prefetches.
        keys = concluded_decisions().values_list("uuid", flat=True).iterator(chunk_size=500)
        return (str(key) for key in keys)

    def records(self, keys: list[str]) -> dict[str, NoticeRecord | None]:
        found = {
            str(decision.uuid): award_record(decision)
            for decision in concluded_decisions().filter(uuid__in=[k for k in keys if _is_uuid(k)])
        }
        return {key: found.get(key) for key in keys}

    def record(self, key: str) -> NoticeRecord | None:
        return self.records([key])[key]


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
