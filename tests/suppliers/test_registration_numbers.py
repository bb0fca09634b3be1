"""Companies House, charity and society numbers: the formats, and which type gives which."""

import pytest

from suppliers.registration_numbers import (
    CHARITY,
    COMPANIES_HOUSE,
    SOCIETY,
    normalise,
    problems,
)


@pytest.mark.parametrize("number", ["01234567", "SC123456", "NI123456", "OC301234", "IP031234"])
def test_well_formed_companies_house_numbers_pass(number):
    assert problems("company", {COMPANIES_HOUSE: number}) == {}


@pytest.mark.parametrize(
    "number", ["1234567", "123456789", "S1234567", "SC12345", "SC1234567", "12-34567"]
)
def test_malformed_companies_house_numbers_are_refused_with_the_format(number):
    found = problems("company", {COMPANIES_HOUSE: number})
    assert "8 digits like 01234567" in found[COMPANIES_HOUSE]
    assert "SC123456" in found[COMPANIES_HOUSE]


@pytest.mark.parametrize("number", ["123456", "1098765", "1098765-1", "SC012345", "NIC100002"])
def test_well_formed_charity_numbers_pass(number):
    assert problems("charity", {CHARITY: number}) == {}


@pytest.mark.parametrize(
    "number", ["12345", "12345678", "SC12345", "NIC12345", "NI100002", "1098765-"]
)
def test_malformed_charity_numbers_are_refused_with_the_format(number):
    found = problems("charity", {CHARITY: number})
    assert "6 or 7 digits" in found[CHARITY]


@pytest.mark.parametrize("number", ["31234R", "7985", "123456R"])
def test_well_formed_society_numbers_pass(number):
    assert problems("cooperative", {SOCIETY: number}) == {}


@pytest.mark.parametrize("number", ["R31234", "31234X", "1234567R", "IP31234R"])
def test_malformed_society_numbers_are_refused(number):
    found = problems("cooperative", {SOCIETY: number})
    assert "Financial Conduct Authority" in found[SOCIETY]


def test_numbers_are_tidied_as_people_type_them():
    assert normalise(" sc 123 456 ") == "SC123456"
    assert normalise("nic100002") == "NIC100002"


@pytest.mark.parametrize("organisation_type", ["company", "cic"])
def test_companies_and_cics_must_give_a_companies_house_number(organisation_type):
    found = problems(organisation_type, {})
    assert found == {
        COMPANIES_HOUSE: "Enter your Companies House number. Companies and community interest "
        "companies are registered at Companies House"
    }


def test_charities_must_give_a_charity_number_and_may_give_a_company_number():
    assert CHARITY in problems("charity", {})
    assert problems("charity", {CHARITY: "1098765", COMPANIES_HOUSE: "01234567"}) == {}


def test_co_operatives_may_give_a_society_or_company_number_or_neither():
    assert problems("cooperative", {}) == {}
    assert problems("cooperative", {SOCIETY: "31234R"}) == {}
    assert problems("cooperative", {COMPANIES_HOUSE: "IP031234"}) == {}


def test_a_number_that_does_not_fit_the_type_is_refused_not_dropped():
    found = problems("sole_trader", {COMPANIES_HOUSE: "01234567"})
    assert found[COMPANIES_HOUSE] == (
        "Sole traders do not have a Companies House number. Leave it blank, or choose a "
        "different type of organisation"
    )
    assert (
        "Companies do not have a charity number"
        in problems("company", {COMPANIES_HOUSE: "01234567", CHARITY: "1098765"})[CHARITY]
    )
