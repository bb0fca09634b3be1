"""Turning templates into PDFs. Each app owns what its documents say; this package only renders."""
