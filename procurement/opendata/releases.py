"""Building OCDS 1.1 releases from the live models, at the moment of the public event.

Conventions the data follows (also on the /opendata/ page, which is the publication policy):

- One ocid per challenge, `{OCDS_PREFIX}-{challenge id}`; tender, award and contract releases
  share it. Award ids are `Award.uuid` and contract ids `Contract.uuid`, so when releases are
  compiled two awards can never merge into one.
- Amounts are pounds (numbers), in GBP. Times are UTC, to the second.
- Organisations are identified by the register that knows them: Companies House (GB-COH), the
  Charity Commission for England and Wales (GB-CHC), OSCR (GB-SC), the Charity Commission for
  Northern Ireland (GB-NIC), the FCA Mutuals Public Register (GB-MPR). Councils are identified by
  their GSS code (ONS Government Statistical Service code) under our own prefix GB-GSS, as OCDS
  guidance describes for a register without an org-id.guide code.
- A supplier's `details` say whether it is a VCSE (`vcse`) and, when it has answered the SME
  test, its `scale` ("sme" or "large").
- Each release names the Procurement Act 2023 notice it is (`noticeType`, `noticeTypeName`:
  see notices.py). `tender.suitability` says whether the buyer thinks the work suits SMEs and
  VCSEs.
"""

from datetime import UTC, date, datetime, time
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.html import strip_tags

from procurement.reference.models import CpvCode

from .notices import NOTICE_NAMES, TAG_NOTICES

UK = ZoneInfo("Europe/London")

# Wagtail's document kinds -> OCDS documentType (an open codelist).
DOCUMENT_TYPES = {
    "background": "technicalSpecifications",
    "data": "technicalSpecifications",
    "terms": "contractDraft",
    "pricing": "biddingDocuments",
    "other": "biddingDocuments",
}

# OCDS tender status as of each kind of release. Taken from the event rather than the
# challenge's status now, so a release replayed later still says what the notice said.
TENDER_STATUS = {
    "tender": "active",
    "tenderAmendment": "active",
    "tenderCancellation": "cancelled",
    "award": "complete",
    "contract": "complete",
}

CONTRACT_STATUS = {"active": "active", "completed": "terminated", "terminated": "terminated"}

GSS_SCHEME = "GB-GSS"


def ocid_for(challenge) -> str:
    return f"{settings.OCDS_PREFIX}-{challenge.pk}"


# --- the three kinds of release ---------------------------------------------------------------


def tender_release(challenge, *, tag: str, release_id: str, at: datetime) -> dict:
    """A tender, tender amendment or tender cancellation release for a challenge, as it stood
    at `at`: amendments made later are not in it."""
    release = _envelope(challenge, tag=tag, release_id=release_id, at=at)
    release["tender"] = _tender(challenge, status=TENDER_STATUS[tag], at=at)
    if tag == "tenderCancellation" and challenge.cancellation_reason:
        release["tender"].setdefault("documents", []).append(
            {
                "id": "cancellation",
                "documentType": "cancellationDetails",
                "title": "Reason for cancelling",
                "description": challenge.cancellation_reason,
                "datePublished": ocds_datetime(challenge.cancelled_at or at),
                **_url(challenge.get_url()),
            }
        )
    return release


def award_release(decision, *, release_id: str, at: datetime) -> dict:
    """The award notice: every winner in the decision, each an award with its own id."""
    challenge = decision.challenge
    release = _envelope(challenge, tag="award", release_id=release_id, at=at)
    release["tender"] = {"id": ocid_for(challenge), "status": TENDER_STATUS["award"]}
    awards = []
    standstill = _period(decision.decided_at, decision.standstill_ends_at)
    for award in decision.awards.select_related("organisation").order_by("rank", "pk"):
        supplier = supplier_party(award.organisation)
        _add_party(release, supplier)
        awards.append(
            {
                "id": str(award.uuid),
                "title": f"{challenge.title}: award to {award.organisation.name}",
                "status": "active",
                "date": ocds_datetime(decision.concluded_at or at),
                "value": _value(award.value_pence),
                "suppliers": [_reference(supplier)],
                # The UK extension's standstill: from the decision to the end of the period in
                # which it could be challenged.
                **({"standstillPeriod": standstill} if standstill else {}),
            }
        )
    release["awards"] = awards
    return release


def contract_release(contract, *, release_id: str, at: datetime) -> dict:
    """The contract details notice: the signed contract and the milestones it pays for."""
    challenge = contract.challenge
    release = _envelope(challenge, tag="contract", release_id=release_id, at=at)
    _add_party(release, supplier_party(contract.organisation))
    milestones = list(contract.milestones.order_by("number"))
    period = {"startDate": ocds_datetime(contract.signed_at)}
    if milestones:
        period["endDate"] = _date(max(milestone.due_date for milestone in milestones))
    release["contracts"] = [
        {
            "id": str(contract.uuid),
            "awardID": str(contract.award.uuid),
            "title": contract.title,
            "status": CONTRACT_STATUS.get(contract.status, "active"),
            "value": _value(contract.value_pence),
            "dateSigned": ocds_datetime(contract.signed_at),
            "period": period,
            "implementation": {
                "milestones": [
                    {
                        "id": str(milestone.uuid),
                        "title": milestone.title,
                        "type": "delivery",
                        "dueDate": _date(milestone.due_date),
                        "status": "scheduled",
                        # Not in core OCDS 1.1 (extra fields are allowed): what the milestone
                        # pays when it is met.
                        "value": _value(milestone.amount_pence),
                    }
                    for milestone in milestones
                ]
            },
        }
    ]
    return release


# Where each kind of release puts its notice document, and the document's OCDS type.
NOTICE_DOCUMENT_TYPES = {
    "tender": "tenderNotice",
    "tenderAmendment": "tenderNotice",
    "tenderCancellation": "tenderCancellationNotice",
    "award": "awardNotice",
    "contract": "contractNotice",
}


def finish(data: dict, *, challenge, release_id: str, at: datetime) -> dict:
    """Give a release built earlier (at the moment of its event) its id and date, and the
    notice document that says, as Find a Tender does, which notice it is (`noticeType`)."""
    tag = data["tag"][0]
    data = {**data, "id": release_id, "date": ocds_datetime(at)}
    notice = TAG_NOTICES[tag]
    document = {
        "id": release_id,
        "documentType": NOTICE_DOCUMENT_TYPES[tag],
        "noticeType": notice,
        "title": f"{NOTICE_NAMES[notice]}: {challenge.title}",
        "datePublished": ocds_datetime(at),
        "format": "text/html",
        "language": "en",
        **_url(challenge.get_url()),
    }
    if tag == "award":
        data["awards"] = [
            {**award, "documents": [*award.get("documents", []), document]}
            for award in data.get("awards", [])
        ]
    elif tag == "contract":
        data["contracts"] = [
            {**contract, "documents": [*contract.get("documents", []), document]}
            for contract in data.get("contracts", [])
        ]
    else:
        tender = data.setdefault("tender", {})
        tender["documents"] = [*tender.get("documents", []), document]
    return data


# --- parties ------------------------------------------------------------------------------------


def buyer_party(council) -> dict:
    return {
        "id": f"{GSS_SCHEME}-{council.gss_code}",
        "name": council.name,
        "identifier": {"scheme": GSS_SCHEME, "id": council.gss_code, "legalName": council.name},
        "address": {"region": council.get_region_display(), "countryName": "United Kingdom"},
        "roles": ["buyer", "procuringEntity"],
    }


def supplier_party(organisation) -> dict:
    identifiers = organisation_identifiers(organisation)
    party = {
        "id": (
            f"{identifiers[0]['scheme']}-{identifiers[0]['id']}"
            if identifiers
            else f"{settings.OCDS_PREFIX}-supplier-{organisation.pk}"
        ),
        "name": organisation.name,
        "roles": ["supplier"],
        "details": {"vcse": organisation.is_vcse},
    }
    if identifiers:
        party["identifier"] = {**identifiers[0], "legalName": organisation.legal_name}
    if identifiers[1:]:
        party["additionalIdentifiers"] = identifiers[1:]
    if _answered_sme_test(organisation):
        party["details"]["scale"] = "sme" if organisation.is_sme else "large"
    return party


def organisation_identifiers(organisation) -> list[dict]:
    """The organisation's register entries as OCDS identifiers, the strongest first."""
    identifiers = []
    if organisation.companies_house_number:
        identifiers.append({"scheme": "GB-COH", "id": organisation.companies_house_number})
    if charity := organisation.charity_number:
        # Scotland's (OSCR) and Northern Ireland's regulators prefix their numbers.
        scheme = next(
            (
                scheme
                for prefix, scheme in (("NIC", "GB-NIC"), ("SC", "GB-SC"))
                if charity.startswith(prefix)
            ),
            "GB-CHC",
        )
        identifiers.append({"scheme": scheme, "id": charity})
    if organisation.society_number:
        identifiers.append({"scheme": "GB-MPR", "id": organisation.society_number})
    return identifiers


def _answered_sme_test(organisation) -> bool:
    # Without all three answers we do not know the organisation's size, so we do not say.
    return None not in (
        organisation.staff_headcount,
        organisation.annual_turnover_pence,
        organisation.balance_sheet_total_pence,
    )


# --- pieces -------------------------------------------------------------------------------------


def _envelope(challenge, *, tag: str, release_id: str, at: datetime) -> dict:
    notice = TAG_NOTICES[tag]
    buyer = buyer_party(challenge.council)
    return {
        "ocid": ocid_for(challenge),
        "id": release_id,
        "date": ocds_datetime(at),
        "tag": [tag],
        "initiationType": "tender",
        "language": "en",
        "noticeType": notice,
        "noticeTypeName": NOTICE_NAMES[notice],
        "parties": [buyer],
        "buyer": _reference(buyer),
    }


def _tender(challenge, *, status: str, at: datetime) -> dict:
    tender = {
        "id": ocid_for(challenge),
        "title": challenge.title,
        "description": challenge.summary,
        "status": status,
        "procurementMethod": "open",
        "procurementMethodDetails": "Open procedure",
        "mainProcurementCategory": main_procurement_category(challenge.cpv_codes),
        "submissionMethod": ["electronicSubmission"],
        "suitability": {"sme": challenge.suitable_for_sme, "vcse": challenge.suitable_for_vcse},
    }
    if challenge.budget_max_pence:
        tender["value"] = _value(challenge.budget_max_pence)
    if challenge.budget_min_pence:
        tender["minValue"] = _value(challenge.budget_min_pence)
    if items := _items(challenge.cpv_codes):
        tender["items"] = items
    if challenge.published_at or challenge.submission_deadline:
        tender["tenderPeriod"] = _period(challenge.published_at, challenge.submission_deadline)
    if challenge.clarification_deadline:
        tender["enquiryPeriod"] = _period(challenge.published_at, challenge.clarification_deadline)
    if challenge.expected_award:
        tender["awardPeriod"] = {"endDate": ocds_datetime(challenge.expected_award)}
    if eligibility := strip_tags(challenge.eligibility_requirements or "").strip():
        tender["eligibilityCriteria"] = eligibility
    if page_url := challenge.get_url():
        tender["submissionMethodDetails"] = (
            f"Submit a proposal on Challenge Exchange: {urljoin(settings.SITE_URL, page_url)}"
        )
    documents = _documents(challenge)
    if documents:
        tender["documents"] = documents
    amendments = [
        {
            "id": str(amendment.number),
            "date": ocds_datetime(amendment.made_at),
            "rationale": f"Amendment {amendment.number}",
            "description": " ".join(amendment.changes),
        }
        for amendment in challenge.amendments.filter(made_at__lte=at).order_by("number")
    ]
    if amendments:
        tender["amendments"] = amendments
    return tender


def _documents(challenge) -> list[dict]:
    documents = []
    for item in challenge.documents.select_related("document"):
        documents.append(
            {
                "id": str(item.document_id),
                "documentType": DOCUMENT_TYPES.get(item.kind, "biddingDocuments"),
                "title": item.document.title,
                "description": item.get_kind_display(),
                "datePublished": ocds_datetime(item.document.created_at),
                **_url(item.document.url),
            }
        )
    return documents


def main_procurement_category(cpv_codes: list[str]) -> str:
    """Goods, works or services, from the first CPV code's division: 45 is construction work,
    divisions up to 44 and 48 (software packages) are supplies, everything else services."""
    if not cpv_codes:
        return "services"
    division = int(str(cpv_codes[0])[:2])
    if division == 45:
        return "works"
    if division < 45 or division == 48:
        return "goods"
    return "services"


def _items(cpv_codes: list[str]) -> list[dict]:
    labels = dict(CpvCode.objects.filter(code__in=cpv_codes).values_list("code", "label"))
    items = []
    for number, code in enumerate(cpv_codes, start=1):
        classification = {"scheme": "CPV", "id": str(code).split("-")[0]}
        if label := labels.get(code):
            classification["description"] = label
        items.append(
            {
                "id": str(number),
                "description": labels.get(code, classification["id"]),
                "classification": classification,
            }
        )
    return items


def _add_party(release: dict, party: dict) -> None:
    if all(existing["id"] != party["id"] for existing in release["parties"]):
        release["parties"].append(party)


def _reference(party: dict) -> dict:
    return {"id": party["id"], "name": party["name"]}


def _value(pence: int) -> dict:
    amount = pence // 100 if pence % 100 == 0 else pence / 100
    return {"amount": amount, "currency": "GBP"}


def _period(start: datetime | None, end: datetime | None) -> dict:
    period = {}
    if start:
        period["startDate"] = ocds_datetime(start)
    if end:
        period["endDate"] = ocds_datetime(end)
    return period


def _url(path: str | None) -> dict:
    return {"url": urljoin(f"{settings.SITE_URL}/", path)} if path else {}


def ocds_datetime(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _date(value: date) -> str:
    """A calendar date as OCDS wants it (a date-time): the start of that day in the UK."""
    return ocds_datetime(datetime.combine(value, time.min, tzinfo=UK))
