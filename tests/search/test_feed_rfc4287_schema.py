"""The Atom feed checked against RFC 4287 with a real schema checker: the RFC's own grammar
(Appendix B) as RELAX NG, run by libxml2, for every kind of feed the site serves."""

from datetime import timedelta

from lxml import etree

from procurement import clock
from search.feeds import FEED_SIZE
from search.records import NoticeStatus, NoticeType
from tests.search import atom
from tests.search.conftest import notice


def _feed(client, address: str) -> bytes:
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content


def _entries(content: bytes) -> list:
    return etree.fromstring(content).findall(f"{atom.ATOM}entry")


def _links(content: bytes) -> dict[str, str]:
    root = etree.fromstring(content)
    return {link.get("rel"): link.get("href") for link in root.findall(f"{atom.ATOM}link")}


def test_a_feed_with_results_is_valid_atom(client, listings):
    now = clock.now()
    listings.add(
        notice("1", "Bins & boxes <for flats>", summary="Weekly <b>rounds</b> & more."),
        notice("2", "Award: bus stops", notice_type=NoticeType.AWARD, published_at=now),
        notice("3", "Closed café contract", status=NoticeStatus.CLOSED, buyer="Ceredigion"),
    )
    content = _feed(client, "/opportunities/feed/")
    assert atom.problems(content) == []
    assert len(_entries(content)) == 3


def test_an_empty_feed_is_valid_atom(client, listings):
    content = _feed(client, "/opportunities/feed/")
    assert atom.problems(content) == []
    assert _entries(content) == []


def test_a_feed_for_a_query_is_valid_atom(client, listings):
    listings.add(
        notice("1", "Waste collection", summary="Food waste."),
        notice("2", "Bus routes"),
    )
    content = _feed(client, "/opportunities/feed/?q=waste+%26+%3Crecycling%3E&type=challenge")
    assert atom.problems(content) == []
    # The search typed, markup and all, is in the feed's title as text.
    title = etree.fromstring(content).findtext(f"{atom.ATOM}title")
    assert "<recycling>" in title


def test_every_page_of_a_long_feed_is_valid_atom_with_its_neighbours(client, listings):
    now = clock.now()
    listings.add(
        *(
            notice(str(n), f"Waste notice {n}", published_at=now - timedelta(hours=n))
            for n in range(FEED_SIZE * 2 + 5)
        )
    )
    first = _feed(client, "/opportunities/feed/?q=waste")
    assert atom.problems(first) == []
    assert set(_links(first)) >= {"self", "alternate", "next"} and "previous" not in _links(first)

    middle = _feed(client, _links(first)["next"])
    assert atom.problems(middle) == []
    assert {"previous", "next"} <= set(_links(middle))

    last = _feed(client, _links(middle)["next"])
    assert atom.problems(last) == []
    assert "previous" in _links(last) and "next" not in _links(last)
    assert len(_entries(last)) == 5


def test_the_checker_refuses_what_rfc_4287_forbids(client, listings):
    """So a passing check means something: the feed, broken the ways the RFC forbids."""
    listings.add(notice("1", "Waste collection"))
    content = _feed(client, "/opportunities/feed/").decode()
    feed_id = etree.fromstring(content.encode()).findtext(f"{atom.ATOM}id")
    broken = {
        "no feed id": content.replace(f"<id>{feed_id}</id>", "", 1),
        "two titles": content.replace("<entry><title>", "<entry><title>One</title><title>", 1),
        "a date that is not RFC 3339": content.replace("<updated>", "<updated>5 Dec ", 1),
        "a link without href": content.replace('<link href="', '<link data="', 1),
        "an unknown text type": content.replace('type="html"', 'type="markdown"', 1),
    }
    for what, text in broken.items():
        assert text != content, what
        assert atom.problems(text.encode()) != [], what
