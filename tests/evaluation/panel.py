"""Steps of the panel's work, through the services, for tests that need to get somewhere."""

from procurement.evaluation import selectors, services


def assign_everyone(evaluation, chair, evaluators):
    for person in evaluators:
        services.assign(
            evaluation=evaluation,
            evaluator=person,
            evaluated=list(evaluation.proposals.all()),
            criteria=[],
            by=chair,
        )


def declare_none(evaluation, *people):
    for person in people:
        services.declare_conflicts(evaluation=evaluation, conflicted_with=[], details="", by=person)


def assignment_of(evaluation, person, label):
    return evaluation.proposals.get(label=label).assignments.get(evaluator=person)


def score(assignment, by, values: list[int], *, submit=True):
    """Score each criterion in order with `values`, with a justification, and submit."""
    criteria = selectors.assigned_criteria(assignment)
    services.scores_save(
        assignment=assignment,
        scores={
            c.pk: (value, f"Scored {value} for {c.name} because the evidence says so.")
            for c, value in zip(criteria, values, strict=True)
        },
        marks={},
        by=by,
    )
    if submit:
        services.scores_submit(assignment=assignment, by=by)
    assignment.refresh_from_db()
    return assignment


def agree(evaluated, chair, values: list[int], *, exclusion_reason=""):
    criteria = selectors.criteria_of(evaluated.evaluation.challenge)
    return services.moderation_record(
        evaluated=evaluated,
        agreed={
            c.pk: (value, f"Agreed {value} on {c.name}: the panel discussed the evidence.")
            for c, value in zip(criteria, values, strict=True)
        },
        exclusion_reason=exclusion_reason,
        by=chair,
    )
