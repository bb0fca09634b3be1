"""factory_boy factories for the domain, with traits for the states tests need."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from challenges.lifecycle import Status
from challenges.models import ChallengePage
from challenges.workspaces import council_challenges_page
from procurement import clock
from procurement.buyers.models import Council
from procurement.reference.regions import Region
from suppliers.models import SupplierOrganisation

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testshire Council {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    gss_code = factory.Sequence(lambda n: f"E{n:08d}")
    region = Region.NORTH_WEST
    verified = True


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierOrganisation

    legal_name = factory.Sequence(lambda n: f"Supplier {n} Ltd")
    slug = factory.Sequence(lambda n: f"supplier-{n}")
    organisation_type = "company"
    companies_house_number = factory.Sequence(lambda n: f"{n:08d}")


class ChallengeFactory(factory.django.DjangoModelFactory):
    """Challenge pages are created in the Wagtail tree under the challenge index."""

    class Meta:
        model = ChallengePage

    title = factory.Sequence(lambda n: f"Reducing household waste, part {n}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")
    council = factory.SubFactory(CouncilFactory)
    summary = "Help residents throw away less and recycle more."
    status = Status.DRAFT
    budget_min_pence = 1_000_000
    budget_max_pence = 5_000_000
    submission_deadline = factory.LazyFunction(lambda: clock.now() + timedelta(days=20))

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: clock.now() - timedelta(days=1)),
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = model_class(*args, **kwargs)
        return council_challenges_page(page.council).add_child(instance=page)
