"""factory_boy factories for the domain, with traits for the states tests need."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from challenges import terms
from challenges.lifecycle import Status
from challenges.models import ChallengePage, EvaluationCriterion, ProposalQuestion
from challenges.workspaces import council_challenges_page
from procurement import clock
from procurement.accounts.mfa import activate_totp_without_app
from procurement.buyers.models import Council, Membership
from procurement.buyers.roles import Role
from procurement.buyers.workspace import sync_member_groups
from procurement.reference.regions import Region
from suppliers.models import SupplierMembership, SupplierOrganisation, SupplierRole

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
    """A small company. `owner=user` puts someone on the team as its owner."""

    class Meta:
        model = SupplierOrganisation
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Supplier {n} Ltd")
    slug = factory.Sequence(lambda n: f"supplier-{n}")
    organisation_type = "company"
    companies_house_number = factory.Sequence(lambda n: f"{n:08d}")
    staff_headcount = 12
    annual_turnover_pence = 80_000_000
    balance_sheet_total_pence = 30_000_000
    regions = factory.LazyFunction(lambda: [Region.NORTH_WEST.value])
    description = "Practical help for councils."

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if create and extracted is not None:
            SupplierMembershipFactory(organisation=self, user=extracted, role=SupplierRole.OWNER)


class SupplierMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierMembership

    organisation = factory.SubFactory(SupplierFactory)
    user = factory.SubFactory(UserFactory)
    role = SupplierRole.MEMBER


class ChallengeFactory(factory.django.DjangoModelFactory):
    """Challenge pages are created in the Wagtail tree under their council's page, with a
    revision, valid key dates, two scored questions and criteria that add up to 100%.
    `published=True` gives a challenge open for questions and proposals."""

    class Meta:
        model = ChallengePage

    title = factory.Sequence(lambda n: f"Reducing household waste, part {n}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")
    council = factory.SubFactory(CouncilFactory)
    summary = "Help residents throw away less and recycle more."
    status = Status.DRAFT
    live = False
    budget_min_pence = 1_000_000
    budget_max_pence = 5_000_000
    publication_date = factory.LazyFunction(lambda: clock.now() - timedelta(days=1))
    clarification_deadline = factory.LazyFunction(lambda: clock.now() + timedelta(days=10))
    submission_deadline = factory.LazyFunction(lambda: clock.now() + timedelta(days=20))

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            live=True,
            published_at=factory.LazyFunction(lambda: clock.now() - timedelta(days=1)),
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = model_class(*args, **kwargs)
        page.questions = [
            ProposalQuestion(
                reference="Q1", kind="long_text", text="Your approach", word_limit=500
            ),
            ProposalQuestion(
                reference="Q2",
                kind="file_upload",
                text="Your plan",
                allowed_file_types="pdf",
                max_file_size_mb=5,
            ),
            ProposalQuestion(reference="Q3", kind="price", text="Price", scored=False),
        ]
        page.criteria = [
            EvaluationCriterion(name="Approach", weight=60, question_references="Q1"),
            EvaluationCriterion(name="Plan", weight=40, question_references="Q2"),
        ]
        council_challenges_page(page.council).add_child(instance=page)
        page.save_revision()
        if page.published_at:
            page.public_terms = terms.snapshot(page)
            page.save(update_fields=["public_terms"], clean=False)
        return page


class MembershipFactory(factory.django.DjangoModelFactory):
    """One role at a council. The member joins the council's Wagtail editors group as the
    membership services would put them there."""

    class Meta:
        model = Membership

    council = factory.SubFactory(CouncilFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PROCUREMENT_OFFICER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        membership = super()._create(model_class, *args, **kwargs)
        sync_member_groups(membership.council, membership.user)
        return membership


def with_totp(user):
    """Give `user` an authenticator app (TOTP) and recovery codes; returns the user."""
    activate_totp_without_app(user)
    return user
