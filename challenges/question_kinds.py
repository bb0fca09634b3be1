"""The kinds of question a challenge can ask, and the file types an upload may be."""

from django.db import models

# File types a question may accept, by the extension people know them by.
FILE_TYPES = {
    "pdf": "PDF",
    "docx": "Word document",
    "xlsx": "Excel spreadsheet",
    "odt": "OpenDocument text",
    "png": "PNG image",
    "jpg": "JPEG image",
}


class QuestionKind(models.TextChoices):
    LONG_TEXT = "long_text", "Long text answer"
    FILE_UPLOAD = "file_upload", "File upload"
    DECLARATION = "declaration", "Yes/no declaration"
    ELIGIBILITY = "eligibility", "Pass/fail eligibility question"
    PRICE = "price", "Price"


SCOREABLE_KINDS = frozenset({QuestionKind.LONG_TEXT, QuestionKind.FILE_UPLOAD})
