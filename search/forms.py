"""Forms: the search filters (checked here, turned into a NoticeQuery) and saving a search."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

from procurement.reference.regions import Region

from . import vocabulary
from .models import SavedSearch
from .query import (
    DEFAULT_PAGE_SIZE,
    MAX_KEYWORDS_LENGTH,
    MAX_RESULT_WINDOW,
    MAX_WORDS,
    NoticeQuery,
    Sort,
)
from .records import VALUE_BANDS, NoticeStatus, NoticeType
from .synonyms import words

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y"]
MAX_BUYERS = 20
MAX_BUYER_LENGTH = 300


class _Choices(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, label: str, choices, noun: str):
        super().__init__(
            label=label,
            choices=choices,
            required=False,
            error_messages={
                "invalid_choice": f"Choose {noun} from the list",
                "invalid_list": f"Choose {noun} from the list",
            },
        )


class CpvField(forms.Field):
    """CPV codes at any level: a division ticked (`90`) or any code typed (`90511000`), which
    also finds the notices coded under it."""

    widget = forms.MultipleHiddenInput
    MAX_CODES = 20

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        typed = [str(code).strip() for code in value if str(code).strip()]
        if len(typed) > self.MAX_CODES:
            raise ValidationError(f"Choose no more than {self.MAX_CODES} categories")
        codes = []
        for code in typed:
            found = vocabulary.cpv_filter_value(code)
            if found is None:
                raise ValidationError(
                    "Enter a CPV code from the CPV 2008 list, like 90511000 for refuse "
                    "collection, or choose a category from the list"
                )
            codes.append(found)
        return list(dict.fromkeys(codes))


class BuyerField(forms.Field):
    """Buyer names, any text: the choices come from the facet counts of the current search."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        names = [str(name).strip() for name in value if str(name).strip()]
        if len(names) > MAX_BUYERS:
            raise ValidationError(f"Choose no more than {MAX_BUYERS} buyers")
        for name in names:
            if len(name) > MAX_BUYER_LENGTH:
                raise ValidationError(
                    f"A buyer name must be {MAX_BUYER_LENGTH} characters or fewer"
                )
            ProhibitNullCharactersValidator()(name)
        return list(dict.fromkeys(names))


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 2026-11-27",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": f"{label} must be a real date, like 2026-11-27",
        },
    )


def _pounds_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10**12,
        error_messages={
            "invalid": f"{label} must be a whole number of pounds, like 25000",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be £1,000,000,000,000 or less",
        },
    )


class NoticeSearchForm(forms.Form):
    q = forms.CharField(
        label="Search words",
        required=False,
        max_length=MAX_KEYWORDS_LENGTH,
        error_messages={
            "max_length": (
                f"Search words must be {MAX_KEYWORDS_LENGTH} characters or fewer. "
                "Use a few words that describe the work"
            ),
        },
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    status = _Choices(label="Status", choices=NoticeStatus.choices, noun="a status")
    type = _Choices(label="Type of notice", choices=NoticeType.choices, noun="a type of notice")
    region = _Choices(label="Region", choices=Region.choices, noun="a region")
    cpv = CpvField(label="Category (CPV code)", required=False)
    value = _Choices(
        label="Value", choices=[(band.slug, band.label) for band in VALUE_BANDS], noun="a value"
    )
    buyer = BuyerField(label="Buyer", required=False)
    value_from = _pounds_field("Value from")
    value_to = _pounds_field("Value to")
    sme = forms.BooleanField(label="Suitable for SMEs", required=False)
    as_typed = forms.BooleanField(label="Search for the words exactly as typed", required=False)
    vcse = forms.BooleanField(label="Suitable for VCSEs", required=False)
    published_from = _date_field("Published from")
    published_to = _date_field("Published to")
    closing_from = _date_field("Closing from")
    closing_to = _date_field("Closing to")
    sort = forms.ChoiceField(
        label="Sort by",
        choices=Sort.choices,
        required=False,
        error_messages={"invalid_choice": "Choose how to sort the results from the list"},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Page must be a whole number, like 2",
            "min_value": "Page must be 1 or more",
        },
    )
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Results per page must be a whole number, like 20",
            "min_value": "Results per page must be 1 or more",
        },
    )

    def __init__(self, *args, max_page_size: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_page_size = max_page_size

    def clean_q(self):
        keywords = " ".join(self.cleaned_data["q"].split())
        if len(words(keywords)) > MAX_WORDS:
            raise ValidationError(f"Use {MAX_WORDS} search words or fewer")
        return keywords

    def clean_page_size(self):
        size = self.cleaned_data["page_size"] or DEFAULT_PAGE_SIZE
        if size > self.max_page_size:
            raise ValidationError(f"Results per page must be {self.max_page_size} or fewer")
        return size

    def clean(self):
        data = super().clean()
        for name in ("published", "closing"):
            start, end = data.get(f"{name}_from"), data.get(f"{name}_to")
            if start and end and start > end:
                self.add_error(
                    f"{name}_to",
                    f"{name.capitalize()} to must be the same as or after {name} from",
                )
        low, high = data.get("value_from"), data.get("value_to")
        if low is not None and high is not None and low > high:
            self.add_error("value_to", "Value to must be the same as or more than value from")
        page, size = data.get("page") or 1, data.get("page_size") or DEFAULT_PAGE_SIZE
        page_checked = "page" not in self.errors and "page_size" not in self.errors
        if page_checked and (page - 1) * size >= MAX_RESULT_WINDOW:
            self.add_error(
                "page",
                f"Only the first {MAX_RESULT_WINDOW:,} results can be shown page by page. "
                "Add filters to narrow the search, or download the results as CSV",
            )
        return data

    def to_query(self) -> NoticeQuery:
        data = self.cleaned_data
        return NoticeQuery(
            keywords=data["q"],
            statuses=tuple(data["status"]),
            notice_types=tuple(data["type"]),
            regions=tuple(data["region"]),
            cpv_divisions=tuple(data["cpv"]),
            value_bands=tuple(data["value"]),
            buyers=tuple(data["buyer"]),
            value_from=data["value_from"],
            value_to=data["value_to"],
            sme=data["sme"],
            vcse=data["vcse"],
            published_from=data["published_from"],
            published_to=data["published_to"],
            closing_from=data["closing_from"],
            closing_to=data["closing_to"],
            sort=Sort(data["sort"] or Sort.RELEVANCE),
            page=data["page"] or 1,
            page_size=data["page_size"],
            as_typed=data["as_typed"],
        )


class SaveSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
        labels = {"name": "Name this search", "frequency": "How often should we e-mail you?"}
        help_texts = {"name": "So you can tell your saved searches apart."}
        widgets = {"frequency": forms.RadioSelect}
        error_messages = {
            "name": {
                "required": "Enter a name for this search",
                "max_length": "The name must be 120 characters or fewer",
            },
            "frequency": {"required": "Choose how often we should e-mail you"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = SavedSearch.Frequency.choosable()
