import pytest
from django import forms
from django.core.exceptions import ValidationError

from procurement.reference.cpv import cpv_labels, divisions, normalise_cpv_code
from procurement.reference.forms import CpvCodeListField

FORMAT_MESSAGE = "Enter CPV codes as 8 digits, for example 90500000-2."


def messages(error: ValidationError) -> list[str]:
    return list(error.messages)


@pytest.mark.parametrize("typed", ["03000000-1", " 03000000-1 ", "03000000", "03000000–1"])
def test_a_code_is_accepted_with_or_without_its_check_digit(cpv_codes, typed):
    assert normalise_cpv_code(typed) == "03000000-1"


def test_a_wrong_check_digit_names_the_right_code(cpv_codes):
    with pytest.raises(ValidationError) as caught:
        normalise_cpv_code("03000000-7")

    assert messages(caught.value) == [
        "03000000-7 has the wrong check digit: the CPV 2008 code is 03000000-1."
    ]


@pytest.mark.parametrize("typed", ["03000001", "03000001-4"])
def test_an_unknown_code_is_named_in_the_message(cpv_codes, typed):
    with pytest.raises(ValidationError) as caught:
        normalise_cpv_code(typed)

    assert messages(caught.value) == [
        f"{typed} is not a CPV 2008 code. Check it against the CPV list."
    ]


@pytest.mark.parametrize("typed", ["", "0300000", "030000001", "03000000-", "03000000-12", "pens"])
def test_text_that_is_not_8_digits_is_refused_with_an_example(typed):
    with pytest.raises(ValidationError) as caught:
        normalise_cpv_code(typed)

    assert messages(caught.value) == [FORMAT_MESSAGE]


class CodesForm(forms.Form):
    codes = CpvCodeListField()


class OptionalCodesForm(forms.Form):
    codes = CpvCodeListField(required=False)


def test_codes_separated_by_commas_spaces_and_new_lines_clean_to_full_codes(cpv_codes):
    form = CodesForm(data={"codes": "90500000, 03100000-2\n30192121-5  72000000"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["codes"] == ["90500000-2", "03100000-2", "30192121-5", "72000000-5"]


def test_repeated_codes_are_kept_once_in_the_order_first_typed(cpv_codes):
    form = CodesForm(data={"codes": "72000000-5, 03000000, 72000000, 03000000-1"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["codes"] == ["72000000-5", "03000000-1"]


def test_every_bad_code_gets_its_own_message_in_the_order_typed(cpv_codes):
    form = CodesForm(data={"codes": "03000001, 90500000-2, 03000000-7, pens, 03000001"})

    assert not form.is_valid()
    assert form.errors["codes"] == [
        "03000001 is not a CPV 2008 code. Check it against the CPV list.",
        "03000000-7 has the wrong check digit: the CPV 2008 code is 03000000-1.",
        f"pens is not in the right format. {FORMAT_MESSAGE}",
    ]


def test_a_refused_form_shows_what_was_typed(cpv_codes):
    typed = "03000001, 90500000-2"
    form = CodesForm(data={"codes": typed})

    assert not form.is_valid()
    assert form["codes"].value() == typed
    assert ">\n03000001, 90500000-2</textarea>" in str(form["codes"])


def test_saved_codes_are_shown_as_text_to_edit(cpv_codes):
    form = CodesForm(initial={"codes": ["90500000-2", "03100000-2"]})

    assert form["codes"].value() == "90500000-2, 03100000-2"
    assert ">\n90500000-2, 03100000-2</textarea>" in str(form["codes"])


def test_resubmitting_the_same_codes_is_not_a_change(cpv_codes):
    form = CodesForm(
        initial={"codes": ["90500000-2", "03100000-2"]},
        data={"codes": "90500000-2, 03100000-2"},
    )
    assert not form.has_changed()

    changed = CodesForm(initial={"codes": ["90500000-2"]}, data={"codes": "03100000-2"})
    assert changed.has_changed()


def test_more_than_twenty_codes_are_refused_with_the_count(cpv_codes, django_assert_num_queries):
    typed = ", ".join(f"031{number:02}000" for number in range(21))
    form = CodesForm(data={"codes": typed})

    with django_assert_num_queries(0):
        assert not form.is_valid()
    assert form.errors["codes"] == ["Enter 20 CPV codes or fewer. You entered 21."]


def test_twenty_codes_are_checked_in_one_query(cpv_codes, django_assert_num_queries):
    twenty = [
        "03100000-2",
        "03110000-5",
        "03111000-2",
        "03111100-3",
        "03111200-4",
        "03111300-5",
        "03111400-6",
        "03111500-7",
        "03111600-8",
        "03111700-9",
        "03111800-0",
        "03111900-1",
        "03112000-9",
        "03113000-6",
        "03113100-7",
        "03113200-8",
        "03114000-3",
        "03114100-4",
        "03114200-5",
        "03115000-0",
    ]
    form = CodesForm(data={"codes": "\n".join(twenty)})

    with django_assert_num_queries(1):
        assert form.is_valid(), form.errors
    assert form.cleaned_data["codes"] == twenty


def test_codes_are_needed_unless_the_field_is_optional(cpv_codes):
    required = CodesForm(data={"codes": " , \n"})
    optional = OptionalCodesForm(data={"codes": ""})

    assert required.errors["codes"] == ["Enter at least one CPV code."]
    assert optional.is_valid()
    assert optional.cleaned_data["codes"] == []


def test_the_field_explains_the_format():
    help_text = CodesForm().fields["codes"].help_text

    assert "commas, spaces or new lines" in help_text
    assert "90500000-2" in help_text
    assert "20" in help_text


def test_labels_are_fetched_in_one_query_for_known_codes(cpv_codes, django_assert_num_queries):
    with django_assert_num_queries(1):
        labels = cpv_labels(["90500000-2", "03000000-1", "03000001-4"])

    assert labels == {
        "90500000-2": "Refuse and waste related services",
        "03000000-1": "Agricultural, farming, fishing, forestry and related products",
    }
    assert list(labels) == ["90500000-2", "03000000-1"]


def test_divisions_are_listed_once_each_in_order():
    assert divisions(["90500000-2", "03100000-2", "90511000-2", "03000000-1"]) == ["03", "90"]
    assert divisions([]) == []
