"""Every URL pattern in the project as a path a client can request, built from the resolver so a
new pattern is covered without anyone listing it."""

import re
import uuid
from dataclasses import dataclass
from itertools import product

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

# Values tried for each captured part of a pattern, first match wins.
SAMPLES = ("1", "a", str(uuid.UUID(int=1)), "a/", "auth", "2026", "01")


@dataclass(frozen=True)
class Route:
    regex: str
    path: str
    name: str


def _strip(regex: str) -> str:
    regex = regex.removeprefix("^")
    for end in ("\\Z", "$"):
        regex = regex.removesuffix(end)
    return regex


def _patterns(resolver, prefix: str, name_prefix: str):
    for entry in resolver.url_patterns:
        regex = prefix + _strip(entry.pattern.regex.pattern)
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from _patterns(entry, regex, name_prefix + namespace)
        elif isinstance(entry, URLPattern):
            yield regex, name_prefix + (entry.name or repr(entry.callback))


def _fill(regex: str) -> str | None:
    anchored = re.compile(f"^{regex}$")
    for template, params in normalize(regex):
        for values in product(SAMPLES, repeat=len(params)):
            candidate = template % dict(zip(params, values, strict=True))
            if anchored.match(candidate):
                return "/" + candidate
    return None


def routes() -> tuple[list[Route], list[str]]:
    """(every pattern as a requestable path, the regexes no sample value could fill)."""
    found, unfilled = [], []
    for regex, name in _patterns(get_resolver(), "", ""):
        path = _fill(regex)
        if path is None:
            unfilled.append(regex)
        else:
            found.append(Route(regex=regex, path=path, name=name))
    return found, unfilled
