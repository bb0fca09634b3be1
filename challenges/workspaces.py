"""Each council's subtree of challenge pages, created when first needed."""

from .models import ChallengeIndexPage, CouncilChallengesPage


def council_challenges_page(council) -> CouncilChallengesPage:
    """The council's page under the challenge index, created if it does not exist yet."""
    existing = CouncilChallengesPage.objects.filter(council=council).first()
    if existing is not None:
        return existing
    index = ChallengeIndexPage.objects.get()
    return index.add_child(
        instance=CouncilChallengesPage(title=council.name, slug=council.slug, council=council)
    )
