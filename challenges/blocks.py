"""Blocks for a challenge's problem statement: what a council can use to explain its problem."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.blocks import RICH_TEXT_FEATURES


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text="Who said it, e.g. 'A carer in Armley'."
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"


class KeyStatisticBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=30, help_text="For example: 1 in 5, £1.2m, 38%.")
    label = blocks.CharBlock(max_length=200, help_text="What the figure measures.")
    source = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "table"
        template = "blocks/key_statistic.html"


class EmbeddedDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/embedded_document.html"


class ProblemStatementBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/rich_text.html")
    image = ImageBlock()
    quote = QuoteBlock()
    key_statistic = KeyStatisticBlock()
    document = EmbeddedDocumentBlock()
