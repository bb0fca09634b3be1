"""The same search as an Atom feed and as a CSV download."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import timedelta

from django.http import StreamingHttpResponse

from procurement import clock
from search import indexing
from tests.search import atom
from tests.search.conftest import notice

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_atom_feed_parses_and_lists_the_search_newest_first(client, listings):
    now = clock.now()
    listings.add(
        notice("1", "Older waste notice", published_at=now - timedelta(days=9), summary="Skips."),
        notice("2", "Newer waste notice", published_at=now - timedelta(days=1), summary="Bins."),
        notice("3", "Bus routes", published_at=now),
    )
    response = client.get("/opportunities/feed/?q=waste&sort=value&page_size=3")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert feed.tag == f"{ATOM}feed"
    assert "waste" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Newer waste notice",
        "Older waste notice",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == "http://testserver/notices/2/"
    assert first.find(f"{ATOM}summary").text == "Bins."
    assert first.find(f"{ATOM}author/{ATOM}name").text == "Testshire County Council"


def test_a_bad_feed_address_is_a_clear_400(client, listings):
    response = client.get("/opportunities/feed/?region=ATLANTIS")
    assert response.status_code == 400
    assert "Choose a region from the list" in response.content.decode()


def test_ten_thousand_results_stream_as_csv(client, listings):
    now = clock.now()
    indexing.write(
        [
            notice(str(n), f"Waste notice {n}", published_at=now - timedelta(minutes=n))
            for n in range(10_000)
        ],
        [],
        refresh=True,
    )
    response = client.get("/opportunities/export.csv?q=waste&sort=newest&page=600")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="opportunities.csv"'
    # Read as it streams: one chunk per row, never the whole file at once.
    reader = csv.reader(chunk.decode() for chunk in response.streaming_content)
    header = next(reader)
    assert header[:4] == ["\ufeffid", "type", "status", "title"]
    first = next(reader)
    assert first[3] == "Waste notice 0"
    rows = 1 + sum(1 for _ in reader)
    assert rows == 10_000


def test_csv_cells_cannot_become_spreadsheet_formulas(client, listings):
    listings.add(notice("1", '=HYPERLINK("http://evil.example") waste', buyer="+Buyer"))
    body = b"".join(client.get("/opportunities/export.csv").streaming_content).decode()
    (row,) = list(csv.reader(io.StringIO(body)))[1:]
    assert row[3].startswith("'=HYPERLINK")
    assert row[4] == "'+Buyer"


def test_the_csv_says_it_is_utf8_so_excel_keeps_the_pound_sign(client, listings):
    listings.add(notice("1", "Waste: up to £50,000", buyer="Testshire County Council"))
    body = b"".join(client.get("/opportunities/export.csv").streaming_content)
    # Excel reads UTF-8 only when the file starts with the byte order mark.
    assert body.startswith(b"\xef\xbb\xbf")
    (row,) = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    assert row[3] == "Waste: up to £50,000"


def test_control_characters_in_the_search_still_give_a_valid_feed(client, listings):
    listings.add(notice("1", "Bins\x0b and skips", summary="Weekly\x01 rounds."))
    response = client.get("/opportunities/feed/?q=bins%01%0B%1F")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert feed.find(f"{ATOM}title").text.startswith("Opportunities on Challenge Exchange")


def test_the_feed_keeps_rfc_4287_with_its_own_address_and_pages(client, listings):
    from search.records import NoticeType

    now = clock.now()
    listings.add(
        *(
            notice(str(n), f"Waste notice {n}", published_at=now - timedelta(hours=n))
            for n in range(55)
        ),
        # A challenge and its award notice point to the same page but are two notices.
        notice("c", "Waste award", url="/notices/1/", notice_type=NoticeType.AWARD),
    )
    response = client.get("/opportunities/feed/?q=waste")
    first = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert atom.problems(response.content) == []
    links = {link.get("rel"): link.get("href") for link in first.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver/opportunities/feed/?q=waste"
    assert links["next"] == "http://testserver/opportunities/feed/?q=waste&page=2"
    assert "previous" not in links
    assert first.findall(f"{ATOM}entry")[0].findtext(f"{ATOM}updated") != (
        first.findall(f"{ATOM}entry")[1].findtext(f"{ATOM}updated")
    )
    response = client.get(links["next"])
    second = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert atom.problems(response.content) == []
    links = {link.get("rel"): link.get("href") for link in second.findall(f"{ATOM}link")}
    assert links["previous"] == "http://testserver/opportunities/feed/?q=waste"
    assert "next" not in links
    ids = [e.findtext(f"{ATOM}id") for f in (first, second) for e in f.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)) == 56
