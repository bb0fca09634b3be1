"""A supplier controls its organisation's name: on the chair's award form it is text, never
markup."""

import pytest
from django.urls import reverse

from suppliers.models import SupplierOrganisation

pytestmark = pytest.mark.django_db

INJECTED = '<img src=x onerror="alert(1)">Testworks'


def test_an_organisation_name_with_markup_shows_as_text_on_the_award_form(
    client, moderated, panel_chair
):
    SupplierOrganisation.objects.filter(legal_name="Testworks Ltd").update(legal_name=INJECTED)
    client.force_login(panel_chair)

    page = client.get(reverse("awards:challenge", kwargs={"pk": moderated.challenge.pk}))

    html = page.content.decode()
    assert '<img src=x onerror="alert(1)">' not in html
    assert "Used only if you award &lt;img src=x onerror=&quot;alert(1)&quot;&gt;Testworks" in html
