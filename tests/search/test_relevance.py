"""Relevance, as a newcomer searches: real Contracts Finder notices (tests/data) and a few open
challenges, searched with typos, other word forms, everyday words for the same thing, a buyer's
name and phrases. Every case runs on the database (PostgreSQL or SQLite) and on Elasticsearch,
and compares the top results, in order, not only what is found.

The notices are loaded once per backend and every case is a subtest, so a failing case names
itself and the others still run.
"""

from datetime import timedelta
from pathlib import Path

import pytest

from procurement import clock
from search import indexing
from search.ocds import import_ocds
from search.records import NoticeStatus
from tests.search.conftest import notice

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "contracts-finder-sample"

OPEN_CHALLENGES = [
    notice(
        "insulation",
        "Loft and cavity wall insulation for council homes",
        summary="Retrofit 400 homes to cut heating bills.",
        buyer="Testshire County Council",
    ),
    notice(
        "waste",
        "Fewer missed bin collections",
        summary="Help our crews find every bin on collection day: waste rounds in rural villages.",
        buyer="Testshire County Council",
    ),
    notice(
        "meals",
        "Healthier school lunches",
        summary="Menus that children eat: our catering team serves 9,000 school meals a day.",
        buyer="Testshire County Council",
    ),
]

# (what is typed, the titles expected first, in order). A set of titles is a tie in any order.
CASES = {
    # Typos: corrected to the nearest word of the listings' own vocabulary.
    "typo: recyclng": ("recyclng", ["0125/ON WASTE CONTRACT"]),
    "typo: insullation": ("insullation", ["Loft and cavity wall insulation for council homes"]),
    "typo: bailif servises": (
        "bailif servises",
        [
            {
                "United Kingdom-London: Bailiff services",
                "Debt collection agency, bailiff services, tracing and high court enforcement",
            }
        ],
    ),
    "typo: drainge": ("drainge", ["Reactive Maintenance: Drainage Services"]),
    # Word forms.
    "form: landscape": ("landscape", ["United Kingdom-Sheffield: Landscaping work"]),
    "form: caterer": (
        "caterer",
        [
            "Healthier school lunches",
            {
                "United Kingdom-Bristol: School catering services",
                "United Kingdom-Uxbridge: Canteen and catering services",
            },
        ],
    ),
    "form: pests": (
        "pests",
        [
            {
                "United Kingdom-London: Pest-control services",
                "United Kingdom-Southgate: Pest-control services",
            }
        ],
    ),
    # Everyday words for the same thing (search/data/synonyms.txt).
    "synonym: home care": ("home care", ["Individual Domiciliary Care Package - Stanhope"]),
    "synonym: elderly": (
        "elderly residential",
        [
            {
                "Older Persons Dual Residential and Nursing Care and Nursing Care only",
                "SS1331 - Older Person Residential Re-let",
            }
        ],
    ),
    "synonym: solicitors": (
        "solicitors",
        [{"Legal Services Framework 2015", "United Kingdom-Newcastle upon Tyne: Legal services"}],
    ),
    "synonym: retrofit": ("retrofit", ["Loft and cavity wall insulation for council homes"]),
    # A buyer's name puts that buyer's notices first.
    "buyer: Thames Valley Police": (
        "Thames Valley Police",
        [
            {
                "Speech and Text Analytics Framework",
                "The National Collaborative Contract for Public Opinion Polling",
            }
        ],
    ),
    "buyer: Nottingham City Council": (
        "Nottingham City Council",
        [
            {
                "QC126 Oral Health Promotion Programme",
                "Insurance and Risk Management Services CPU 1323",
                "for the service provision of Planned Maintenance Works to the Loxley House "
                "Data Centre CPU 1451",
            }
        ],
    ),
    # The words as a phrase come before the same words apart.
    "phrase: school cleaning": (
        "school cleaning",
        [
            {
                "United Kingdom-Tunbridge Wells: School cleaning services",
                "United Kingdom-Hockley: School cleaning services",
            },
            "United Kingdom-Stockport: Building-cleaning services",
        ],
    ),
    # A title match comes before a passing mention in the description.
    "ranking: drainage": ("drainage", ["Reactive Maintenance: Drainage Services"]),
    "ranking: catering": (
        "catering",
        [
            "Healthier school lunches",
            {
                "United Kingdom-Bristol: School catering services",
                "United Kingdom-Uxbridge: Canteen and catering services",
            },
        ],
    ),
    # Open notices come before closed ones.
    "ranking: open first for waste": ("waste", ["Fewer missed bin collections"]),
}


def _top_matches(titles: list[str], expected: list) -> bool:
    position = 0
    for group in expected:
        wanted = group if isinstance(group, set) else {group}
        if set(titles[position : position + len(wanted)]) != wanted:
            return False
        position += len(wanted)
    return True


@pytest.fixture
def sample_listings(listings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = import_ocds([str(SAMPLE)])
    assert report.created == 100
    listings.add(*OPEN_CHALLENGES)
    if listings.backend == "elasticsearch":
        indexing.rebuild_elasticsearch()
    return listings


def test_relevance_cases(sample_listings, subtests):
    failed = []
    for name, (typed, expected) in CASES.items():
        with subtests.test(msg=name):
            titles = [title.strip() for title in sample_listings.titles(f"q={typed}")]
            if not _top_matches(titles, expected):
                failed.append(name)
            assert _top_matches(titles, expected), titles[:5]
    print(f"\n{sample_listings.backend}: {len(CASES) - len(failed)}/{len(CASES)} relevance cases")


def test_a_corrected_search_says_which_words_it_used(sample_listings):
    result = sample_listings.search("q=insullation+homes")
    assert result.query.searched_keywords == "insulation homes"
    assert result.hits[0].title == "Loft and cavity wall insulation for council homes"


def test_open_notices_come_first_without_search_words(sample_listings):
    sample_listings.add(
        notice(
            "closed",
            "Closed yesterday",
            status=NoticeStatus.CLOSED,
            published_at=clock.now() - timedelta(hours=2),
            closing_at=clock.now() - timedelta(hours=1),
        )
    )
    titles = sample_listings.titles("")
    assert set(titles[:3]) == {challenge.title for challenge in OPEN_CHALLENGES}
    # Asking for the newest still means the newest, open or not.
    assert sample_listings.titles("sort=newest")[0] == "Closed yesterday"
