"""Turning what someone typed into words to look for, with procurement synonyms.

What a person types is never handed to a query parser: it is split into words here, and each
backend builds its own query from those words (see docs/decisions/0002-search-analysis-chain.md
for where Elasticsearch applies the same synonyms itself).
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"

# Letters and digits; punctuation and underscores only separate words.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Lucene's English stop words, which Elasticsearch's english analyzer and PostgreSQL's english
# configuration also drop, so a search for "waste in flats" asks for "waste" and "flats" on every
# backend.
_STOP_WORDS_TEXT = (
    "a an and are as at be but by for if in into is it no not of on or such that the their then "
    "there these they this to was will with"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

Phrase = tuple[str, ...]


def words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


@cache
def synonym_lines() -> tuple[str, ...]:
    """The groups as written in the data file, without comments and blank lines."""
    lines = []
    for raw in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line.casefold())
    return tuple(lines)


@cache
def _groups() -> dict[Phrase, tuple[Phrase, ...]]:
    """Every phrase in the file -> all the phrases of its group (itself first)."""
    groups: dict[Phrase, tuple[Phrase, ...]] = {}
    for line in synonym_lines():
        phrases = [tuple(words(part)) for part in line.split(",")]
        phrases = [phrase for phrase in phrases if phrase]
        for phrase in phrases:
            groups[phrase] = (phrase, *(other for other in phrases if other != phrase))
    return groups


@dataclass(frozen=True)
class Clause:
    """One thing the notice must mention: any of `alternatives`, each a phrase of words."""

    alternatives: tuple[Phrase, ...]

    @property
    def original(self) -> Phrase:
        return self.alternatives[0]


def clauses(text: str, *, max_words: int) -> tuple[Clause, ...]:
    """The clauses for `text`: synonyms matched longest phrase first, stop words dropped unless
    they have synonyms (like "IT"). Text of stop words alone gives no clauses at all."""
    tokens = words(text)[:max_words]
    groups = _groups()
    longest = max((len(phrase) for phrase in groups), default=1)
    found: list[Clause] = []
    position = 0
    while position < len(tokens):
        for length in range(min(longest, len(tokens) - position), 0, -1):
            phrase = tuple(tokens[position : position + length])
            if phrase in groups:
                found.append(Clause(groups[phrase]))
                position += length
                break
        else:
            found.append(Clause(((tokens[position],),)))
            position += 1
    return tuple(
        clause
        for clause in found
        if len(clause.alternatives) > 1 or clause.original[0] not in STOP_WORDS
    )
