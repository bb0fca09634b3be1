"""Each "Change" link on the check-your-answers page goes to its own question, not the top of the
editor."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_each_change_link_points_at_its_own_question(client, completed, supplier_owner):
    client.force_login(supplier_owner)

    page = client.get(reverse("proposals:check", kwargs={"uuid": completed.uuid})).content.decode()

    links = re.findall(r'href="([^"]+)">Change<span class="govuk-visually-hidden"> (\w+)', page)
    editor = reverse("proposals:edit", kwargs={"uuid": completed.uuid})
    assert links == [
        (f"{editor}#id_answer_q1", "Q1"),
        (f"{editor}#id_answer_q2", "Q2"),
        (f"{editor}#id_answer_q3", "Q3"),
    ]
    editor_page = client.get(editor).content.decode()
    for anchor in ("id_answer_q1", "id_answer_q2", "id_answer_q3"):
        assert f'id="{anchor}"' in editor_page
