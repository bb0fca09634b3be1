"""Score arithmetic, and nothing else: no database, no requests. Every total, spread and ranking
the portal shows is computed here, so the rules can be checked exhaustively on their own.

Totals are exact fractions until they are shown: a tie is a tie, not two floats that happen to
round differently.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# Moderation flags a criterion when evaluators differ by half the scale or more: 2 points on
# the usual 0–4 scale, 5 on a 0–10 scale.
SPREAD_SHARE = Fraction(1, 2)


@dataclass(frozen=True)
class Criterion:
    key: Hashable
    weight: int
    scale_max: int

    def __post_init__(self):
        if self.weight < 0 or self.scale_max < 1:
            raise ValueError("A criterion needs a weight of 0 or more and a scale of at least 1.")


def weighted_total(
    scores: Mapping[Hashable, int | None], criteria: Sequence[Criterion]
) -> Fraction:
    """The weighted total out of 100. A criterion not yet scored counts as 0, so a running
    total only grows as scores are added. Weights are shares: if they do not add up to 100 the
    total is scaled as though they did."""
    weight_sum = sum(c.weight for c in criteria)
    if weight_sum == 0:
        return Fraction(0)
    total = Fraction(0)
    for criterion in criteria:
        score = scores.get(criterion.key)
        if score is None:
            continue
        if not 0 <= score <= criterion.scale_max:
            raise ValueError(f"A score of {score} is outside the scale 0 to {criterion.scale_max}.")
        total += Fraction(criterion.weight * score, criterion.scale_max)
    return total * 100 / weight_sum


def unscored(scores: Mapping[Hashable, int | None], criteria: Sequence[Criterion]) -> list:
    """Keys of the criteria that have no score yet, in the criteria's order."""
    return [c.key for c in criteria if scores.get(c.key) is None]


def as_points(total: Fraction) -> Decimal:
    """A total as people read it: two decimal places, halves rounded up."""
    return (Decimal(total.numerator) / Decimal(total.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def spread(scores: Iterable[int]) -> int:
    values = list(scores)
    return max(values) - min(values) if values else 0


def is_wide_spread(scores: Iterable[int], scale_max: int) -> bool:
    """Whether evaluators' scores on one criterion differ enough to need discussion."""
    return Fraction(spread(scores), scale_max) >= SPREAD_SHARE


@dataclass(frozen=True)
class Place:
    """One place in a ranking: several members when they tie."""

    position: int
    members: tuple
    total: Fraction

    @property
    def is_tie(self) -> bool:
        return len(self.members) > 1


def rank(totals: Mapping[Hashable, Fraction]) -> list[Place]:
    """Highest total first. Equal totals share a place, and the next place skips past them
    ("1, 2=, 2=, 4"), as in sports. Members of a tie are listed in their keys' order, which
    means nothing."""
    by_total: dict[Fraction, list] = {}
    for key, total in totals.items():
        by_total.setdefault(total, []).append(key)
    places, position = [], 1
    for total in sorted(by_total, reverse=True):
        members = tuple(sorted(by_total[total], key=str))
        places.append(Place(position=position, members=members, total=total))
        position += len(members)
    return places


def break_ties(places: Sequence[Place], decided: Iterable[Sequence]) -> list[Place]:
    """Apply the chair's decisions: each decided order (best first) that is exactly the
    members of one tie, each once, splits it into consecutive places. Ties without a decision
    stay ties; of two decisions for the same tie, the later counts."""
    # An order that names a proposal twice is no decision at all.
    orders = {frozenset(order): tuple(order) for order in decided if len(set(order)) == len(order)}
    result = []
    for place in places:
        order = orders.get(frozenset(place.members)) if place.is_tie else None
        if order is None:
            result.append(place)
            continue
        for offset, key in enumerate(order):
            result.append(
                Place(position=place.position + offset, members=(key,), total=place.total)
            )
    return result
