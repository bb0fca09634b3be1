"""Forms for the team pages. They parse what was typed; each team's services decide."""

from django import forms

from .side import TeamSide


def _role_field(side: TeamSide) -> forms.Field:
    """Checkboxes where a member may hold several roles, radios where they hold one."""
    if side.several_roles:
        return forms.MultipleChoiceField(
            label="Roles",
            help_text="Select all that apply.",
            choices=side.roles.choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": "Select at least one role. To take someone off the team, remove "
                "them instead."
            },
        )
    return forms.ChoiceField(
        label="Role",
        help_text=side.role_help,
        choices=side.roles.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )


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

    def __init__(self, *args, side: TeamSide, **kwargs):
        super().__init__(*args, **kwargs)
        self.side = side
        # One role is offered, whether or not members may later hold several.
        self.fields["role"] = forms.ChoiceField(
            label="Role",
            choices=side.roles.choices,
            initial=side.invitation_role_initial,
            widget=forms.RadioSelect,
            help_text=side.role_help,
            error_messages={"required": "Select the role you are inviting them to take"},
        )

    def role(self):
        return self.side.roles(self.cleaned_data["role"])


class MemberRolesForm(forms.Form):
    """The role, or the roles, a member holds: field `roles` or `role` as the team has it."""

    def __init__(self, *args, side: TeamSide, **kwargs):
        super().__init__(*args, **kwargs)
        self.side = side
        self.fields[side.role_field] = _role_field(side)

    @classmethod
    def initial_for(cls, side: TeamSide, member) -> dict:
        if side.several_roles:
            return {"roles": [role.value for role in member.roles]}
        return {"role": member.roles[0].value}

    def chosen(self) -> dict:
        """The keyword argument the team's service takes for what was chosen."""
        if self.side.several_roles:
            return {"roles": {self.side.roles(value) for value in self.cleaned_data["roles"]}}
        return {"role": self.side.roles(self.cleaned_data["role"])}


class ConfirmForm(forms.Form):
    """No fields: it carries the CSRF token and any reason the action was refused."""
