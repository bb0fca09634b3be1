"""Forms for the supplier pages. They parse and check what was typed; the services decide."""

from django import forms

from procurement.money import PoundsFormField
from procurement.reference.regions import Region

from . import registration_numbers
from .models import OrganisationType, SupplierOrganisation
from .selectors import cpv_division_choices
from .services import OrganisationDetails

_YES_NO = [("yes", "Yes"), ("no", "No")]


class OrganisationForm(forms.Form):
    legal_name = forms.CharField(
        label="Legal name",
        max_length=200,
        help_text="As registered, for example at Companies House or with the Charity Commission.",
        error_messages={
            "required": "Enter your organisation’s legal name",
            "max_length": "Legal name must be 200 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    trading_name = forms.CharField(
        label="Trading name (optional)",
        max_length=200,
        required=False,
        help_text="Only if you trade under a different name. Councils will see this name first.",
        error_messages={"max_length": "Trading name must be 200 characters or fewer"},
    )
    organisation_type = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of organisation"},
    )
    companies_house_number = forms.CharField(
        label="Companies House number",
        required=False,
        help_text=(
            "Companies and community interest companies must give this. It is 8 characters, "
            "like 01234567 or SC123456."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-10"}),
    )
    charity_number = forms.CharField(
        label="Charity number",
        required=False,
        help_text=(
            "Registered charities must give this: for example 1098765 (England and Wales), "
            "SC012345 (Scotland) or NIC100002 (Northern Ireland)."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-10"}),
    )
    society_number = forms.CharField(
        label="Financial Conduct Authority society number (optional)",
        required=False,
        help_text="For a co-operative registered as a society, for example 31234R.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-10"}),
    )
    staff_headcount = forms.IntegerField(
        label="How many staff do you employ?",
        min_value=0,
        max_value=10_000_000,
        help_text=(
            "Count everyone on your payroll, full-time and part-time, including owners who "
            "work in the business."
        ),
        error_messages={
            "required": "Enter how many staff you employ",
            "invalid": "Enter the number of staff as a whole number, like 12",
            "min_value": "Number of staff must be 0 or more",
            "max_value": "Enter the number of staff as a whole number, like 12",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
    )
    annual_turnover_pence = PoundsFormField(
        label="Annual turnover (£)",
        help_text="From your latest annual accounts. Enter 0 if you have not traded for a year.",
        error_messages={"required": "Enter your annual turnover in pounds"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    balance_sheet_total_pence = PoundsFormField(
        label="Balance sheet total (£)",
        help_text="Your total assets, from your latest balance sheet.",
        error_messages={"required": "Enter your balance sheet total in pounds"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    is_vcse = forms.ChoiceField(
        label="Is your organisation a voluntary, community or social enterprise (VCSE)?",
        choices=_YES_NO,
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "Charities, community interest companies and co-operatives count as VCSEs unless "
            "you answer no. Any other organisation that exists for a social purpose and "
            "reinvests its surpluses in it can answer yes. If you do not answer, we go by your "
            "type of organisation."
        ),
    )
    regions = forms.MultipleChoiceField(
        label="Where do you work?",
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one part of the UK where you work"},
    )
    capabilities = forms.MultipleChoiceField(
        label="What kind of work do you do?",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Select all that apply. These are the divisions of the Common Procurement "
            "Vocabulary (CPV) that councils use to describe what they buy."
        ),
        error_messages={"required": "Select at least one kind of work you do"},
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://www.example.org"
        },
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label="What does your organisation do?",
        max_length=1000,
        help_text="Up to 1,000 characters. Councils see this on your profile.",
        error_messages={
            "required": "Describe what your organisation does",
            "max_length": "Description must be 1,000 characters or fewer",
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = cpv_division_choices()
        self.fields["capabilities"].choices = choices
        # Without the CPV list loaded there is nothing to choose, and nobody should be stuck.
        self.fields["capabilities"].required = bool(choices)

    @classmethod
    def initial_for(cls, organisation: SupplierOrganisation) -> dict:
        initial = {
            name: getattr(organisation, name)
            for name in cls.base_fields
            if name not in {"is_vcse"} and hasattr(organisation, name)
        }
        initial["is_vcse"] = "yes" if organisation.is_vcse else "no"
        return initial

    def clean(self):
        cleaned = super().clean()
        numbers = {
            name: registration_numbers.normalise(cleaned.get(name, ""))
            for name in registration_numbers.FIELDS
        }
        cleaned.update(numbers)
        organisation_type = cleaned.get("organisation_type")
        if organisation_type:
            for name, problem in registration_numbers.problems(organisation_type, numbers).items():
                self.add_error(name, problem)
        return cleaned

    def details(self) -> OrganisationDetails:
        data = self.cleaned_data
        vcse = {"yes": True, "no": False}.get(data["is_vcse"])
        return OrganisationDetails(
            legal_name=data["legal_name"].strip(),
            trading_name=data["trading_name"].strip(),
            organisation_type=data["organisation_type"],
            companies_house_number=data["companies_house_number"],
            charity_number=data["charity_number"],
            society_number=data["society_number"],
            staff_headcount=data["staff_headcount"],
            annual_turnover_pence=data["annual_turnover_pence"],
            balance_sheet_total_pence=data["balance_sheet_total_pence"],
            is_vcse=vcse,
            regions=[code for code in Region.values if code in data["regions"]],
            capabilities=sorted(data["capabilities"]),
            website=data["website"],
            description=data["description"].strip(),
        )
