from django.db import models


class Role(models.TextChoices):
    """What a person may do for their council. A person may hold several roles."""

    COUNCIL_ADMIN = "council_admin", "Council admin"
    PROCUREMENT_OFFICER = "procurement_officer", "Procurement officer"
    EVALUATOR = "evaluator", "Evaluator"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    FINANCE_APPROVER = "finance_approver", "Finance approver"


# Roles that create, edit and publish the council's challenges in the Wagtail admin.
EDITOR_ROLES = frozenset({Role.COUNCIL_ADMIN, Role.PROCUREMENT_OFFICER})

# Who may approve the opening of sealed proposals. The Public Contracts Regulations 2015
# (reg. 22 and Annex IV of Directive 2014/24/EU) require that only authorised people open
# tenders, and only after the deadline; we also require two different people to approve it.
# Evaluators and finance approvers score and pay, they do not open.
OPENING_ROLES = frozenset({Role.COUNCIL_ADMIN, Role.PROCUREMENT_OFFICER, Role.PANEL_CHAIR})

# Who may check a delivery and ask finance to pay it: the people who run the contract.
REQUESTING_ROLES = frozenset({Role.COUNCIL_ADMIN, Role.PROCUREMENT_OFFICER, Role.FINANCE_APPROVER})
