"""Challenges as the public listings see them: plain `NoticeRecord`s, so `search` needs to know
nothing of Wagtail pages. Named in the SEARCH_PROVIDERS setting as the "challenge" source."""

import html

from django.utils.html import strip_tags

from procurement.opendata.releases import ocid_for
from search.records import NoticeRecord, NoticeStatus, NoticeType

from .lifecycle import Status
from .models import ChallengePage
from .selectors import public_challenges

# How each public stage reads to someone looking for work.
LISTED_STATUS = {
    Status.PUBLISHED: NoticeStatus.OPEN,
    Status.CLOSED: NoticeStatus.CLOSED,
    Status.IN_EVALUATION: NoticeStatus.CLOSED,
    Status.AWARDED: NoticeStatus.AWARDED,
    Status.CANCELLED: NoticeStatus.CANCELLED,
}

TEXT_FIELDS = (
    "who_is_affected",
    "desired_outcomes",
    "constraints",
    "eligibility_requirements",
)


def _plain(markup: str) -> str:
    return " ".join(html.unescape(strip_tags(markup or "")).split())


def _description(page: ChallengePage) -> str:
    statement = ChallengePage._meta.get_field("problem_statement")
    parts = [_plain(text) for text in statement.get_searchable_content(page.problem_statement)]
    parts += [_plain(getattr(page, name)) for name in TEXT_FIELDS]
    parts.append(_plain(page.small_organisation_notes))
    return "\n".join(part for part in parts if part)


def challenge_record(page: ChallengePage) -> NoticeRecord:
    return NoticeRecord(
        source="challenge",
        key=str(page.pk),
        notice_type=NoticeType.CHALLENGE,
        status=LISTED_STATUS[Status(page.status)],
        title=page.title,
        url=page.get_url() or "",
        summary=page.summary,
        description=_description(page),
        buyer=page.council.name,
        value_min_pence=page.budget_min_pence or None,
        value_max_pence=page.budget_max_pence or None,
        suitable_for_sme=page.suitable_for_sme,
        suitable_for_vcse=page.suitable_for_vcse,
        published_at=page.published_at,
        closing_at=page.submission_deadline,
        # A challenge that names no region is for its council's own area.
        regions=tuple(page.regions or [page.council.region]),
        cpv_codes=tuple(page.cpv_codes or ()),
        ocid=ocid_for(page),
    )


class ChallengeNotices:
    """The "challenge" source: every challenge the public may see, at any public stage."""

    def all_keys(self):
        return (str(pk) for pk in public_challenges().values_list("pk", flat=True).iterator())

    def records(self, keys: list[str]) -> dict[str, NoticeRecord | None]:
        ids = [int(key) for key in keys if key.isdigit()]
        found = {
            str(page.pk): challenge_record(page) for page in public_challenges().filter(pk__in=ids)
        }
        return {key: found.get(key) for key in keys}

    def record(self, key: str) -> NoticeRecord | None:
        return self.records([key])[key]
