"""Dates on the search pages are written the GOV.UK way, in UK time: "3 March 2027, 12pm",
never "12:00p.m."."""

from datetime import UTC, datetime

import pytest

from search.models import ExternalNotice
from tests.search.conftest import notice


def test_results_give_closing_times_in_uk_time_the_govuk_way(client, listings):
    listings.add(
        notice(
            "winter",
            "Gritting routes",
            closing_at=datetime(2027, 3, 3, 12, 0, tzinfo=UTC),
            published_at=datetime(2027, 1, 4, 23, 30, tzinfo=UTC),
        ),
        # In British Summer Time 11:30 UTC is 12:30pm in the UK.
        notice("summer", "Park cafes", closing_at=datetime(2027, 7, 1, 11, 30, tzinfo=UTC)),
    )
    page = client.get("/opportunities/").content.decode()
    assert "3 March 2027, 12pm" in page
    assert "4 January 2027" in page
    assert "1 July 2027, 12:30pm" in page
    assert "p.m." not in page
    assert "a.m." not in page


@pytest.mark.django_db
def test_an_imported_notice_gives_its_closing_time_in_uk_time(client):
    moment = datetime(2027, 7, 1, 8, 0, tzinfo=UTC)
    imported = ExternalNotice.objects.create(
        release_id="ocds-test-1-tender",
        ocid="ocds-test-1",
        title="Library van",
        published_at=moment,
        closing_at=moment,
        imported_at=moment,
        updated_at=moment,
    )
    page = client.get(f"/opportunities/external-{imported.pk}/").content.decode()
    assert "1 July 2027, 9am (UK time)" in page
    assert "a.m." not in page
