"""The numbers that identify a supplier organisation in a public register, and which ones each
type of organisation gives.

- Companies House: 8 characters, either 8 digits (England and Wales, e.g. 01234567) or a
  2-letter prefix and 6 digits (SC for Scotland, NI for Northern Ireland, OC for LLPs, IP for
  older registered societies, and so on).
- Charity: England and Wales numbers are 6 or 7 digits, with "-n" after them for a linked
  charity (e.g. 1098765-1); Scotland's regulator (OSCR) issues SC and 6 digits; Northern
  Ireland's Charity Commission issues NIC and 6 digits.
- Co-operatives and community benefit societies are registered with the Financial Conduct
  Authority; the Mutuals Public Register number is digits, often with R after them (e.g. 31234R).

Only the format is checked: there is no call to the registers, so a well-formed number that
does not exist is accepted.
"""

import re

from django.core.exceptions import ValidationError

COMPANIES_HOUSE = "companies_house_number"
CHARITY = "charity_number"
SOCIETY = "society_number"
FIELDS = (COMPANIES_HOUSE, CHARITY, SOCIETY)

_PATTERNS = {
    COMPANIES_HOUSE: re.compile(r"\d{8}|[A-Z]{2}\d{6}"),
    CHARITY: re.compile(r"\d{6,7}(-\d{1,2})?|SC\d{6}|NIC\d{6}"),
    SOCIETY: re.compile(r"\d{1,6}R?"),
}

FORMAT_MESSAGES = {
    COMPANIES_HOUSE: (
        "Enter a Companies House number in the correct format: 8 characters, either 8 digits "
        "like 01234567, or 2 letters and 6 digits like SC123456"
    ),
    CHARITY: (
        "Enter a charity number in the correct format: 6 or 7 digits like 1098765 for England "
        "and Wales (add -1 for a linked charity), SC and 6 digits like SC012345 for Scotland, "
        "or NIC and 6 digits like NIC100002 for Northern Ireland"
    ),
    SOCIETY: (
        "Enter a society number in the correct format: the digits of your Financial Conduct "
        "Authority registration, with R after them if your number has one, like 31234R"
    ),
}

LABELS = {
    COMPANIES_HOUSE: "Companies House number",
    CHARITY: "Charity number",
    SOCIETY: "Financial Conduct Authority society number",
}


def normalise(text: str) -> str:
    """People type these with spaces and in lower case; the registers print neither."""
    return re.sub(r"\s+", "", text or "").upper()


def format_problem(field: str, value: str) -> str | None:
    if value and not _PATTERNS[field].fullmatch(value):
        return FORMAT_MESSAGES[field]
    return None


# Which numbers each type of organisation must give and may give. Kept next to the formats so
# the form, the model and the admin all apply the same rule.
REQUIRED = {
    "company": {COMPANIES_HOUSE},
    "cic": {COMPANIES_HOUSE},
    "charity": {CHARITY},
    "cooperative": set(),
    "sole_trader": set(),
    "other": set(),
}
ALLOWED = {
    "company": {COMPANIES_HOUSE},
    "cic": {COMPANIES_HOUSE},
    # A charitable company is registered with both the charity regulator and Companies House.
    "charity": {CHARITY, COMPANIES_HOUSE},
    # A co-operative is either a registered society (FCA) or a company limited by guarantee.
    "cooperative": {COMPANIES_HOUSE, SOCIETY},
    "sole_trader": set(),
    "other": {COMPANIES_HOUSE, CHARITY, SOCIETY},
}

_REQUIRED_MESSAGES = {
    COMPANIES_HOUSE: (
        "Enter your Companies House number. Companies and community interest companies are "
        "registered at Companies House"
    ),
    CHARITY: "Enter your charity number. Registered charities must give it",
}

_ARTICLED = {
    COMPANIES_HOUSE: "a Companies House number",
    CHARITY: "a charity number",
    SOCIETY: "a Financial Conduct Authority society number",
}

_TYPE_NAMES = {
    "company": "Companies",
    "cic": "Community interest companies",
    "charity": "Charities",
    "cooperative": "Co-operatives",
    "sole_trader": "Sole traders",
    "other": "Organisations of this type",
}


def problems(organisation_type: str, numbers: dict[str, str]) -> dict[str, str]:
    """What is wrong with the numbers given for an organisation of this type, by field.

    `numbers` maps each field to its normalised value (empty when not given)."""
    found: dict[str, str] = {}
    required = REQUIRED.get(organisation_type, set())
    allowed = ALLOWED.get(organisation_type, set())
    for field in FIELDS:
        value = numbers.get(field, "")
        if value and field not in allowed:
            found[field] = (
                f"{_TYPE_NAMES.get(organisation_type, 'Organisations of this type')} do not "
                f"have {_ARTICLED[field]}. Leave it blank, or choose a different type of "
                "organisation"
            )
        elif not value and field in required:
            found[field] = _REQUIRED_MESSAGES[field]
        elif problem := format_problem(field, value):
            found[field] = problem
    return found


def validate(organisation_type: str, numbers: dict[str, str]) -> None:
    if found := problems(organisation_type, numbers):
        raise ValidationError(found)
