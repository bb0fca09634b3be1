"""Forms for the council team pages. None of them touches a council's own details: whether a
council is verified is for platform staff alone, in the Django admin."""

from django import forms

from .roles import Role


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        help_text="They will need to sign in with this address to accept.",
        error_messages={
            "required": "Enter the e-mail address of the person you want to invite",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role you are inviting them to take"},
    )


class MemberRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        help_text="Select all that apply.",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one role. To take someone off the team, remove them "
            "instead."
        },
    )


class ConfirmForm(forms.Form):
    """No fields: it carries the CSRF token and any reason the action was refused."""
