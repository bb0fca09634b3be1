"""Render a Django template to PDF with WeasyPrint.

WeasyPrint fetches whatever a document links to. A document made from a supplier's words must
never reach out to the network or read files on the server, so the fetcher here serves only
data: URLs and our own static files, and refuses everything else.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are rendered as if they lived at this address, so that "/static/…" in a template
# resolves to something this fetcher recognises. Nothing is ever requested from it.
DOCUMENT_BASE_URL = "https://documents.invalid/"


class FetchRefused(ValueError):
    pass


class OwnFilesOnly(URLFetcher):
    """Serves data: URLs and files under STATIC_URL; refuses every other URL."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        static_prefix = DOCUMENT_BASE_URL.rstrip("/") + settings.STATIC_URL
        if url.startswith(static_prefix):
            path = _static_file(unquote(urlsplit(url).path)[len(settings.STATIC_URL) :])
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, path.read_bytes(), headers={"Content-Type": content_type}
                )
        raise FetchRefused(f"Documents may only use data: URLs and our static files: {url}")


def _static_file(name: str) -> Path | None:
    if not name or ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    # Under ManifestStaticFilesStorage templates name the collected, hashed copies.
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except NotImplementedError:
        return None
    return None


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=OwnFilesOnly()).write_pdf()
