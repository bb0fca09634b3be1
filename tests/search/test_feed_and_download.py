"""The same search as an Atom feed and as a CSV download."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import timedelta

from django.http import StreamingHttpResponse

from procurement import clock
from search import indexing
from tests.search.conftest import notice

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_atom_feed_parses_and_lists_the_search_newest_first(client, listings):
    now = clock.now()
    listings.add(
        notice("1", "Older waste notice", published_at=now - timedelta(days=9), summary="Skips."),
        notice("2", "Newer waste notice", published_at=now - timedelta(days=1), summary="Bins."),
        notice("3", "Bus routes", published_at=now),
    )
    response = client.get("/opportunities/feed/?q=waste&sort=value&page=3")
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
    assert header[:4] == ["id", "type", "status", "title"]
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
