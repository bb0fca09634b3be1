"""The terms suppliers have been given (key dates and documents), and how to describe a change
to them as a public amendment."""

from datetime import datetime

from procurement.clock import format_uk

from .key_dates import ORDER

DATE_FIELDS = dict(ORDER)


def snapshot(challenge) -> dict:
    return {
        "dates": {
            field: value.isoformat() if (value := getattr(challenge, field)) else None
            for field in DATE_FIELDS
        },
        "documents": {
            str(item.document_id): {
                "title": item.document.title,
                "kind": item.get_kind_display(),
                "file_hash": item.document.file_hash,
            }
            for item in challenge.documents.select_related("document")
        },
    }


def _when(iso: str | None) -> str:
    if not iso:
        return "not set"
    return format_uk(datetime.fromisoformat(iso))


def describe_changes(before: dict, after: dict) -> list[str]:
    """One plain sentence per change, in the order a supplier would care about."""
    changes = []
    old_dates, new_dates = before.get("dates", {}), after.get("dates", {})
    for field, label in DATE_FIELDS.items():
        if old_dates.get(field) != new_dates.get(field):
            changes.append(
                f"The {label} changed from {_when(old_dates.get(field))} to "
                f"{_when(new_dates.get(field))} (UK time)."
            )
    old_docs, new_docs = before.get("documents", {}), after.get("documents", {})
    for key, doc in new_docs.items():
        if key not in old_docs:
            changes.append(f"Document added: {doc['title']} ({doc['kind']}).")
        elif old_docs[key]["file_hash"] != doc["file_hash"]:
            changes.append(f"Document updated: {doc['title']} ({doc['kind']}).")
    for key, doc in old_docs.items():
        if key not in new_docs:
            changes.append(f"Document withdrawn: {doc['title']}.")
    return changes
