"""The interest a person registered and the questions they asked, for their data export. Who
answered, and anything about other people, stays out."""

from procurement.accounts import personal_data

from .selectors import interests_registered_by, questions_asked_by


@personal_data.export_section("interests_registered")
def _interests(user) -> list[dict]:
    return [
        {
            "challenge": interest.challenge.title,
            "council": interest.challenge.council.name,
            "registered_at": personal_data.iso(interest.registered_at),
        }
        for interest in interests_registered_by(user)
    ]


@personal_data.export_section("questions_asked")
def _questions(user) -> list[dict]:
    return [
        {
            "challenge": question.challenge.title,
            "council": question.challenge.council.name,
            "question": question.question,
            "asked_at": personal_data.iso(question.asked_at),
            "status": question.get_status_display(),
            "answer": question.answer,
            "answered_at": personal_data.iso(question.answered_at),
        }
        for question in questions_asked_by(user)
    ]
