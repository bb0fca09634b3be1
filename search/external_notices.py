"""Notices imported from other publishers as the listings see them: the "external" source."""

from django.urls import reverse
from django.utils.text import Truncator

from procurement import clock

from .models import ExternalNotice
from .records import NoticeRecord, NoticeStatus, NoticeType

# OCDS tender statuses (codelist tenderStatus) as someone looking for work reads them. "active"
# and "planning" mean open until the closing date passes.
_FINISHED = {
    "complete": NoticeStatus.AWARDED,
    "unsuccessful": NoticeStatus.CLOSED,
    "cancelled": NoticeStatus.CANCELLED,
    "withdrawn": NoticeStatus.CANCELLED,
}


def listed_status(notice: ExternalNotice) -> NoticeStatus:
    finished = _FINISHED.get(notice.ocds_status.lower())
    if finished:
        return finished
    if notice.closing_at and notice.closing_at <= clock.now():
        return NoticeStatus.CLOSED
    return NoticeStatus.OPEN


def external_record(notice: ExternalNotice) -> NoticeRecord:
    # Values in another currency cannot be put in pound bands.
    in_pounds = notice.currency in {"", "GBP"}
    return NoticeRecord(
        source="external",
        key=str(notice.pk),
        notice_type=NoticeType.EXTERNAL,
        status=listed_status(notice),
        title=notice.title,
        url=reverse("search:external_notice", kwargs={"pk": notice.pk}),
        summary=Truncator(notice.description).chars(300),
        description=notice.description,
        buyer=notice.buyer_name,
        value_min_pence=notice.value_min_pence if in_pounds else None,
        value_max_pence=notice.value_max_pence if in_pounds else None,
        suitable_for_sme=notice.suitable_for_sme,
        suitable_for_vcse=notice.suitable_for_vcse,
        published_at=notice.published_at,
        closing_at=notice.closing_at,
        regions=(notice.region,) if notice.region else (),
        cpv_codes=tuple(notice.cpv_codes),
        source_url=notice.source_url,
        ocid=notice.ocid,
    )


class ExternalNotices:
    def all_keys(self):
        return (str(pk) for pk in ExternalNotice.objects.values_list("pk", flat=True).iterator())

    def records(self, keys: list[str]) -> dict[str, NoticeRecord | None]:
        ids = [int(key) for key in keys if key.isdigit()]
        found = {
            str(notice.pk): external_record(notice)
            for notice in ExternalNotice.objects.filter(pk__in=ids).defer("release")
        }
        return {key: found.get(key) for key in keys}

    def record(self, key: str) -> NoticeRecord | None:
        return self.records([key])[key]
