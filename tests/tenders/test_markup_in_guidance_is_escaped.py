"""Question guidance is typed by council officers and shown to suppliers as text, never markup."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_guidance_with_markup_shows_as_text_on_the_proposal_form(client, proposal, supplier_owner):
    question = proposal.challenge.questions.order_by("sort_order").first()
    question.guidance = '<script>alert("guidance")</script>Say how you would start.'
    question.save()
    client.force_login(supplier_owner)

    html = client.get(reverse("proposals:edit", kwargs={"uuid": proposal.uuid})).content.decode()

    assert '<script>alert("guidance")</script>' not in html
    assert (
        "&lt;script&gt;alert(&quot;guidance&quot;)&lt;/script&gt;Say how you would start." in html
    )
