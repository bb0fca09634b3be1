"""Password rules of our own, beside Django's (AUTH_PASSWORD_VALIDATORS in settings)."""

from django.core.exceptions import ValidationError

REPEATED_CHARACTER_MESSAGE = (
    "Your password is one character repeated. Use a mix of characters, for example three or "
    "four unrelated words."
)


class RepeatedCharacterValidator:
    """Refuses a password that is a single character repeated ("aaaaaaaaaaaa"), which passes
    a length rule but is among the first guesses anyone tries."""

    def validate(self, password, user=None):
        if password and len(set(password)) == 1:
            raise ValidationError(REPEATED_CHARACTER_MESSAGE, code="password_repeated_character")

    def get_help_text(self):
        return "Your password cannot be one character repeated."
