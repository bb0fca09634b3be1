"""Compiling a challenge's releases into one compiled release, by the OCDS 1.1 merge rules.

The rules that matter for what we publish:

- releases are applied oldest first, and a later value replaces an earlier one;
- objects are merged field by field, and a null removes the field;
- an array of objects that all have an `id` is merged object by object on the id, so an award
  or contract from one release is never replaced by a different one from a later release;
- any other array (strings, objects without ids, and the arrays the schema marks
  `wholeListMerge`) is replaced whole;
- a release's own `id`, `date` and `tag` are not merged (`omitWhenMerged`): the compiled release
  gets `tag: ["compiled"]`, the latest date and an id of its own.
"""

import copy
from collections.abc import Iterable

OMIT_WHEN_MERGED = frozenset({"id", "date", "tag"})
WHOLE_LIST_MERGE = frozenset({"additionalIdentifiers", "additionalClassifications"})


def compile_releases(releases: Iterable[dict]) -> dict:
    """The compiled release of releases that share one ocid, given oldest first."""
    compiled: dict = {}
    latest_date = None
    for release in releases:
        latest_date = release["date"]
        _merge(compiled, {k: v for k, v in release.items() if k not in OMIT_WHEN_MERGED})
    if latest_date is None:
        raise ValueError("There is nothing to compile: a record needs at least one release.")
    return {
        "ocid": compiled["ocid"],
        "id": f"{compiled['ocid']}-compiled",
        "date": latest_date,
        "tag": ["compiled"],
        **{key: value for key, value in compiled.items() if key != "ocid"},
    }


def _merge(into: dict, new: dict) -> dict:
    for key, value in new.items():
        if value is None:
            into.pop(key, None)
        elif isinstance(value, dict):
            current = into.get(key)
            into[key] = _merge(current if isinstance(current, dict) else {}, value)
        elif isinstance(value, list) and key not in WHOLE_LIST_MERGE and _identified(value):
            current = into.get(key)
            into[key] = _merge_by_id(current if isinstance(current, list) else [], value)
        else:
            into[key] = copy.deepcopy(value)
    return into


def _identified(items: list) -> bool:
    return bool(items) and all(isinstance(item, dict) and "id" in item for item in items)


def _merge_by_id(current: list, new: list) -> list:
    # Keyed by the id as a string: OCDS ids may be numbers in one release and strings in another.
    merged = {str(item["id"]): item for item in current if isinstance(item, dict) and "id" in item}
    for item in new:
        key = str(item["id"])
        merged[key] = _merge(merged.get(key, {}), item)
    return list(merged.values())
