"""The challenge editor saves only when the officer asks. Wagtail 8's autosave posted the form in
the background; an officer who submitted for review while an autosave was still on its way sent
a form without the new rows' ids, so every question and criterion was saved twice (criteria
then added up to 200% and the challenge could never be approved)."""

import re

import pytest
from django.urls import reverse

from tests.factories import ChallengeFactory

from .editor import add_url

pytestmark = pytest.mark.django_db


def test_neither_the_add_nor_the_edit_view_saves_in_the_background(
    client, council, council_officer
):
    challenge = ChallengeFactory(council=council)
    client.force_login(council_officer)
    for url in (add_url(council), reverse("wagtailadmin_pages:edit", args=[challenge.pk])):
        html = client.get(url).content.decode()
        form = re.search(r'<form[^>]*id="page-edit-form"[^>]*>', html, re.S).group()
        controllers = re.search(r'data-controller="([^"]*)"', form).group(1).split()
        assert "w-unsaved" in controllers  # the editor form and its controllers are there
        assert "w-autosave" not in controllers, url
