from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from django import forms


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="To make sure it is you, enter the password you use to sign in.",
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


# allauth's forms with the GOV.UK wording: sentence-case labels, no placeholders (a hint that
# vanishes as you type is no label) and an error per field that says what to do, instead of
# "This field is required." on every field. settings.ACCOUNT_FORMS and MFA_FORMS select them.

ENTER_EMAIL = "Enter your email address"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
ENTER_PASSWORD = "Enter your password"  # noqa: S105
PASSWORD_HINT = (
    "At least 12 characters. Not a common password, not only numbers and not one character "  # noqa: S105
    "repeated."
)
CODE_HINT = "Open the authenticator app on your phone. You can use a recovery code instead."
ENTER_CODE = "Enter the 6-digit code from your authenticator app"


def _govuk_fields(form, labels, messages):
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]
        field.error_messages.update(messages.get(name, {}))


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            {"login": "Email address", "password": "Password", "remember": "Remember me"},
            {
                "login": {"required": ENTER_EMAIL, "invalid": EMAIL_FORMAT},
                "password": {"required": ENTER_PASSWORD},
            },
        )
        # allauth puts a "Forgot your password?" link in the help text; the page has its own.
        self.fields["password"].help_text = ""


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            {"email": "Email address", "password1": "Password", "password2": "Confirm password"},
            {
                "email": {"required": ENTER_EMAIL, "invalid": EMAIL_FORMAT},
                "password1": {"required": "Enter a password"},
                "password2": {"required": "Enter your password again"},
            },
        )
        self.fields["password1"].help_text = PASSWORD_HINT


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            {"email": "Email address"},
            {"email": {"required": ENTER_EMAIL, "invalid": EMAIL_FORMAT}},
        )


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            {"password1": "New password", "password2": "Confirm new password"},
            {
                "password1": {"required": "Enter a new password"},
                "password2": {"required": "Enter your new password again"},
            },
        )
        self.fields["password1"].help_text = PASSWORD_HINT


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_fields(self, {"password": "Password"}, {"password": {"required": ENTER_PASSWORD}})
        self.fields["password"].help_text = ""


class _CodeFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _govuk_fields(
            self,
            {"code": "Code from your authenticator app"},
            {"code": {"required": ENTER_CODE}},
        )
        self.fields["code"].help_text = CODE_HINT
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "spellcheck": "false", "autocomplete": "one-time-code"}
        )


class AuthenticateForm(_CodeFormMixin, mfa_forms.AuthenticateForm):
    pass


class MfaReauthenticateForm(_CodeFormMixin, mfa_forms.ReauthenticateForm):
    pass
