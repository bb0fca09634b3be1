import pytest

from tenders import services
from tenders.opening import opening_approve
from tests.tenders.conftest import (  # noqa: F401
    _sealed_files_in_tmp,
    after_deadline,
    challenge,
    colleague,
    complete,
    proposal,
    submitted,
)

# --- an opened evaluation with three proposals and a panel --------------------------------------


def pdf_by(author: str) -> bytes:
    """A real one-page PDF whose metadata names `author`, as word processors' exports do."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": author, "/Title": f"Delivery plan by {author}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def three_bids(challenge, proposal, supplier_owner):  # noqa: F811
    """Three organisations' submitted proposals: Testworks Ltd (`proposal`), Rival Solutions
    Ltd and Third Way CIC, each with a plan whose PDF metadata names the organisation."""
    from tests.factories import SupplierFactory, UserFactory

    services.proposal_submit(
        proposal=complete(proposal, supplier_owner, pdf=pdf_by("Testworks Ltd")),
        by=supplier_owner,
    )
    proposals = [proposal]
    for name, slug in (("Rival Solutions Ltd", "rival"), ("Third Way CIC", "third-way")):
        owner = UserFactory(email=f"owner@{slug}.example")
        organisation = SupplierFactory(legal_name=name, slug=slug, owner=owner)
        bid = services.proposal_start(challenge=challenge, organisation=organisation, by=owner)
        services.proposal_submit(proposal=complete(bid, owner, pdf=pdf_by(name)), by=owner)
        proposals.append(bid)
    return proposals


@pytest.fixture
def evaluators(council, evaluator):
    from procurement.buyers.roles import Role
    from tests.conftest import _council_person

    return [
        evaluator,
        _council_person(council, "evaluator2@testshire.example", Role.EVALUATOR),
        _council_person(council, "evaluator3@testshire.example", Role.EVALUATOR),
    ]


@pytest.fixture
def opened(challenge, three_bids, council_officer, second_officer, time_machine):  # noqa: F811
    """The deadline has passed and two officers have opened the box: the evaluation exists."""
    from datetime import timedelta

    time_machine.move_to(challenge.submission_deadline + timedelta(minutes=1), tick=False)
    opening_approve(challenge=challenge, by=council_officer)
    opening_approve(challenge=challenge, by=second_officer)
    challenge.refresh_from_db()
    return challenge.evaluation
