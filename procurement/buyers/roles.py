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
