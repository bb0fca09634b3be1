"""The score arithmetic, checked as rules over any valid scores rather than a few examples:
totals stay between 0 and 100, more points never lower a total, the order criteria are listed
in changes nothing, and rankings place everyone exactly once. A few worked examples pin the
numbers people will check by hand."""

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from procurement.evaluation.scoring import (
    Criterion,
    Place,
    as_points,
    break_ties,
    is_wide_spread,
    rank,
    spread,
    unscored,
    weighted_total,
)

# The evaluation conftest sets up sealed storage for every test; it does not vary between
# examples, so sharing it across them is harmless.
PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@st.composite
def criteria(draw, min_size=1, max_size=8):
    """Criteria as the challenge editor allows them: weights 1 to 100, scales 0–1 to 0–10."""
    size = draw(st.integers(min_size, max_size))
    return [
        Criterion(
            key=f"C{index}",
            weight=draw(st.integers(1, 100)),
            scale_max=draw(st.integers(1, 10)),
        )
        for index in range(size)
    ]


@st.composite
def scored(draw, allow_unscored=True):
    """Criteria with a valid score (or, while scoring is in progress, none) for each."""
    chosen = draw(criteria())
    scores = {}
    for criterion in chosen:
        score = st.integers(0, criterion.scale_max)
        scores[criterion.key] = draw(st.none() | score if allow_unscored else score)
    return chosen, scores


# --- totals ---------------------------------------------------------------------------------


@PROPERTY
@given(scored())
def test_total_is_between_0_and_100(case):
    chosen, scores = case
    total = weighted_total(scores, chosen)
    assert isinstance(total, Fraction)
    assert 0 <= total <= 100
    assert Decimal(0) <= as_points(total) <= Decimal(100)


@PROPERTY
@given(scored(), st.data())
def test_raising_one_score_never_lowers_the_total(case, data):
    chosen, scores = case
    criterion = data.draw(st.sampled_from(chosen))
    before = scores[criterion.key]
    assume((before or 0) < criterion.scale_max)
    raised = data.draw(st.integers((before or 0) + 1, criterion.scale_max))

    higher = weighted_total({**scores, criterion.key: raised}, chosen)
    lower = weighted_total(scores, chosen)

    # Every weight here is at least 1, so more points always show.
    assert higher > lower


@PROPERTY
@given(scored(), st.data())
def test_raising_a_score_on_a_zero_weight_criterion_changes_nothing(case, data):
    chosen, scores = case
    free = Criterion(key="unweighted", weight=0, scale_max=4)
    low, high = sorted(data.draw(st.lists(st.integers(0, 4), min_size=2, max_size=2)))

    with_low = weighted_total({**scores, "unweighted": low}, [*chosen, free])
    with_high = weighted_total({**scores, "unweighted": high}, [*chosen, free])

    assert with_high == with_low == weighted_total(scores, chosen)


@PROPERTY
@given(scored(), st.randoms(use_true_random=False))
def test_the_order_of_criteria_does_not_matter(case, random):
    chosen, scores = case
    shuffled = list(chosen)
    random.shuffle(shuffled)

    assert weighted_total(scores, shuffled) == weighted_total(scores, chosen)


@PROPERTY
@given(criteria())
def test_full_marks_everywhere_is_exactly_100(chosen):
    full = {criterion.key: criterion.scale_max for criterion in chosen}
    assert weighted_total(full, chosen) == 100
    assert as_points(weighted_total(full, chosen)) == Decimal("100.00")


@PROPERTY
@given(criteria())
def test_zero_everywhere_or_nothing_scored_is_0(chosen):
    zeros = {criterion.key: 0 for criterion in chosen}
    assert weighted_total(zeros, chosen) == 0
    assert weighted_total({}, chosen) == 0
    assert unscored({}, chosen) == [criterion.key for criterion in chosen]


@PROPERTY
@given(scored())
def test_a_total_is_the_weighted_share_of_each_scale(case):
    """The same rule worked independently: each criterion contributes its weight's share of
    100 times the fraction of its scale the score reaches."""
    chosen, scores = case
    weight_sum = sum(criterion.weight for criterion in chosen)
    expected = sum(
        Fraction(100 * criterion.weight, weight_sum)
        * Fraction(scores[criterion.key] or 0, criterion.scale_max)
        for criterion in chosen
    )
    assert weighted_total(scores, chosen) == expected


def test_worked_example_on_the_usual_0_to_4_scale():
    approach = Criterion(key="Approach", weight=60, scale_max=4)
    plan = Criterion(key="Plan", weight=40, scale_max=4)

    total = weighted_total({"Approach": 3, "Plan": 2}, [approach, plan])

    # 60 × 3/4 + 40 × 2/4 = 45 + 20
    assert total == 65
    assert as_points(total) == Decimal("65.00")


def test_worked_example_mixing_a_0_to_10_scale():
    quality = Criterion(key="Quality", weight=70, scale_max=10)
    social_value = Criterion(key="Social value", weight=30, scale_max=4)

    total = weighted_total({"Quality": 7, "Social value": 3}, [quality, social_value])

    # 70 × 7/10 + 30 × 3/4 = 49 + 22.5
    assert total == Fraction(143, 2)
    assert as_points(total) == Decimal("71.50")


def test_weights_that_do_not_add_up_to_100_are_scaled_as_shares():
    first = Criterion(key="First", weight=30, scale_max=4)
    second = Criterion(key="Second", weight=20, scale_max=4)

    assert weighted_total({"First": 4, "Second": 0}, [first, second]) == 60


def test_a_running_total_counts_unscored_criteria_as_0():
    approach = Criterion(key="Approach", weight=60, scale_max=4)
    plan = Criterion(key="Plan", weight=40, scale_max=4)

    assert weighted_total({"Approach": 4, "Plan": None}, [approach, plan]) == 60
    assert unscored({"Approach": 4, "Plan": None}, [approach, plan]) == ["Plan"]


@pytest.mark.parametrize("score", [-1, 5])
def test_a_score_outside_the_scale_is_refused(score):
    with pytest.raises(ValueError, match="outside the scale 0 to 4"):
        weighted_total({"Plan": score}, [Criterion(key="Plan", weight=40, scale_max=4)])


@pytest.mark.parametrize(("weight", "scale_max"), [(-1, 4), (10, 0)])
def test_a_criterion_needs_a_weight_and_a_scale(weight, scale_max):
    with pytest.raises(ValueError):
        Criterion(key="Plan", weight=weight, scale_max=scale_max)


# --- points as shown ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "shown"),
    [
        (Fraction(200, 3), "66.67"),
        (Fraction(100, 3), "33.33"),
        (Fraction(1, 8), "0.13"),
        # 2.675 is exact here; as a float it would round down to 2.67.
        (Fraction(2675, 1000), "2.68"),
        (Fraction(65), "65.00"),
        (Fraction(0), "0.00"),
    ],
)
def test_points_show_two_places_with_halves_rounded_up(total, shown):
    assert as_points(total) == Decimal(shown)
    assert str(as_points(total)) == shown


@PROPERTY
@given(scored(allow_unscored=False))
@example(([Criterion(key="C0", weight=1, scale_max=3)], {"C0": 2}))
def test_points_are_the_exact_total_rounded_half_up(case):
    chosen, scores = case
    total = weighted_total(scores, chosen)
    hundredths = total * 100
    rounded_up_at_half = (hundredths.numerator * 2 + hundredths.denominator) // (
        2 * hundredths.denominator
    )
    assert as_points(total) == Decimal(rounded_up_at_half) / 100


# --- spread ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "scale_max", "flagged"),
    [
        ([1, 3], 4, True),
        ([2, 3], 4, False),
        ([0, 4, 2], 4, True),
        ([3, 3, 3], 4, False),
        ([2, 7], 10, True),
        ([3, 7], 10, False),
        ([4], 10, False),
        ([], 4, False),
    ],
)
def test_wide_spread_is_half_the_scale_or_more(scores, scale_max, flagged):
    assert is_wide_spread(scores, scale_max) is flagged


@PROPERTY
@given(st.integers(1, 10).flatmap(lambda m: st.tuples(st.just(m), st.lists(st.integers(0, m)))))
def test_spread_is_flagged_exactly_when_it_reaches_half_the_scale(case):
    scale_max, scores = case
    difference = max(scores) - min(scores) if scores else 0
    assert spread(scores) == difference
    assert is_wide_spread(scores, scale_max) is (2 * difference >= scale_max)


# --- ranking --------------------------------------------------------------------------------

# Few distinct totals, so ties are common.
totals_by_proposal = st.dictionaries(
    st.sampled_from([f"Proposal {letter}" for letter in "ABCDEFGHIJ"]),
    st.sampled_from([Fraction(n, 3) for n in range(0, 301, 50)] + [Fraction(65)]),
    max_size=10,
)


def _positions(places: list[Place]) -> dict:
    return {key: place.position for place in places for key in place.members}


@PROPERTY
@given(totals_by_proposal)
def test_every_proposal_is_ranked_exactly_once(totals):
    places = rank(totals)
    ranked = [key for place in places for key in place.members]
    assert sorted(ranked) == sorted(totals)


@PROPERTY
@given(totals_by_proposal)
def test_higher_totals_come_first_and_ties_share_a_place(totals):
    places = rank(totals)
    assert [place.total for place in places] == sorted(set(totals.values()), reverse=True)
    for place in places:
        assert all(totals[key] == place.total for key in place.members)
        assert place.is_tie is (len(place.members) > 1)
        # A place is one more than the number of proposals ahead of it.
        assert place.position == 1 + sum(total > place.total for total in totals.values())


@PROPERTY
@given(totals_by_proposal)
def test_the_place_after_a_tie_skips_past_it(totals):
    places = rank(totals)
    if places:
        assert places[0].position == 1
    for before, after in itertools.pairwise(places):
        assert after.position == before.position + len(before.members)


def test_ranking_example_with_a_tie():
    places = rank({"A": Fraction(80), "B": Fraction(65), "C": Fraction(65), "D": Fraction(40)})

    assert [(place.position, place.members) for place in places] == [
        (1, ("A",)),
        (2, ("B", "C")),
        (4, ("D",)),
    ]


@st.composite
def ranking_with_a_decision(draw):
    """A ranking with at least one tie, and the chair's order for one of its ties."""
    totals = draw(totals_by_proposal)
    places = rank(totals)
    ties = [place for place in places if place.is_tie]
    if not ties:
        keys = draw(st.lists(st.sampled_from("KLMN"), min_size=2, max_size=4, unique=True))
        totals = {**totals, **{f"Proposal {key}": Fraction(-1) for key in keys}}
        places = rank(totals)
        ties = [place for place in places if place.is_tie]
    tie = draw(st.sampled_from(ties))
    order = draw(st.permutations(tie.members))
    return places, tie, tuple(order)


@PROPERTY
@given(ranking_with_a_decision())
def test_breaking_a_tie_splits_only_that_tie_in_the_order_given(case):
    places, tie, order = case

    decided = break_ties(places, [order])

    assert [place for place in decided if place.total != tie.total] == [
        place for place in places if place.total != tie.total
    ]
    split = [place for place in decided if place.total == tie.total]
    assert [place.members for place in split] == [(key,) for key in order]
    assert [place.position for place in split] == [
        tie.position + offset for offset in range(len(order))
    ]
    assert sorted(_positions(decided)) == sorted(_positions(places))


@PROPERTY
@given(ranking_with_a_decision())
def test_an_order_that_is_not_exactly_one_tie_changes_nothing(case):
    places, _tie, order = case
    not_a_tie = [order[:-1], (*order, "Proposal Z"), (places[0].members[0],)]

    assert break_ties(places, not_a_tie) == places
    assert break_ties(places, []) == places


def test_breaking_a_tie_example():
    places = rank({"A": Fraction(80), "B": Fraction(65), "C": Fraction(65), "D": Fraction(40)})

    decided = break_ties(places, [("C", "B")])

    assert [(place.position, place.members) for place in decided] == [
        (1, ("A",)),
        (2, ("C",)),
        (3, ("B",)),
        (4, ("D",)),
    ]
