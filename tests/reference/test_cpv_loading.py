import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError

from procurement.reference.cpv import DEFAULT_PATH, load_cpv_codes
from procurement.reference.models import CpvCode

pytestmark = pytest.mark.django_db


def test_the_bundled_file_loads_every_code_in_a_few_bulk_queries(django_assert_max_num_queries):
    # Row-by-row saves would take seconds per load; batches keep it a fraction of a second.
    with django_assert_max_num_queries(15):
        count = load_cpv_codes()

    assert count == 9454
    assert CpvCode.objects.count() == 9454


def test_loading_twice_leaves_one_row_per_code():
    load_cpv_codes()
    assert load_cpv_codes() == 9454
    assert CpvCode.objects.count() == 9454


def test_each_code_is_linked_to_its_parent(cpv_codes):
    group = CpvCode.objects.get(code="03100000-2")

    assert group.parent_id == "03000000-1"
    assert group.level == CpvCode.Level.GROUP
    assert CpvCode.objects.get(code="03000000-1").parent is None
    assert group in CpvCode.objects.get(code="03000000-1").children.all()


def test_a_code_whose_direct_parent_is_missing_hangs_under_the_nearest_ancestor(cpv_codes):
    # There is no 30192120, so ballpoint pens sit under 30192100 (erasers).
    assert CpvCode.objects.get(code="30192121-5").parent_id == "30192100-2"


def test_every_code_but_the_divisions_has_a_parent(cpv_codes):
    assert CpvCode.objects.filter(parent__isnull=True).count() == 45
    assert not CpvCode.objects.filter(parent__isnull=True).exclude(level=1).exists()


def test_reloading_corrects_an_edited_label_and_parent(cpv_codes):
    CpvCode.objects.filter(code="03100000-2").update(label="Changed", parent=None)

    load_cpv_codes()

    group = CpvCode.objects.get(code="03100000-2")
    assert group.label == "Agricultural and horticultural products"
    assert group.parent_id == "03000000-1"


def test_a_code_with_children_cannot_be_deleted(cpv_codes):
    with pytest.raises(ProtectedError):
        CpvCode.objects.get(code="03000000-1").delete()


def test_a_code_reads_as_its_number_and_label(cpv_codes):
    code = CpvCode.objects.get(code="03000000-1")

    assert str(code) == "03000000-1 Agricultural, farming, fishing, forestry and related products"
    assert code.division == "03"


def test_labels_keep_their_accents_and_capitals(cpv_codes):
    assert CpvCode.objects.get(code="03131300-1").label == "Maté"
    assert CpvCode.objects.get(code="38416000-4").label == "pH meters"


def test_the_command_reports_how_many_codes_it_loaded():
    out = StringIO()

    call_command("load_cpv_codes", stdout=out)
    call_command("load_cpv_codes", stdout=out)

    assert out.getvalue().splitlines() == ["Loaded 9454 CPV codes."] * 2
    assert CpvCode.objects.count() == 9454


def test_the_command_loads_another_file_given_its_path(tmp_path):
    with open(DEFAULT_PATH, encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))[:4]
    subset = tmp_path / "cpv-subset.csv"
    with open(subset, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    out = StringIO()

    call_command("load_cpv_codes", "--path", str(subset), stdout=out)

    assert out.getvalue().strip() == "Loaded 3 CPV codes."
    assert list(CpvCode.objects.values_list("code", flat=True)) == [
        "03000000-1",
        "03100000-2",
        "03110000-5",
    ]


def test_the_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        call_command("load_cpv_codes", "--path", str(tmp_path / "missing.csv"))
