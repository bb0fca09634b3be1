"""StreamField blocks shared by the site's pages; each renders with GOV.UK Frontend markup from
templates/blocks/."""

from wagtail import blocks


class InsetTextBlock(blocks.StructBlock):
    text = blocks.TextBlock()

    class Meta:
        icon = "openquote"
        template = "blocks/inset_text.html"


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=120)
    content = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "collapse-down"
        template = "blocks/details.html"


class WarningTextBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)

    class Meta:
        icon = "warning"
        template = "blocks/warning_text.html"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class GuidanceStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/rich_text.html")
    inset_text = InsetTextBlock()
    details = DetailsBlock()
    warning_text = WarningTextBlock()
