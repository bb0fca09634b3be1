"""The listings' own vocabulary: correcting misspelt words and finding other forms of a word.

Every word of every listed notice is kept in `SearchWord` (search/indexing.py adds them). Before a
search runs, each word typed is looked up there, with the forms it may take in a notice
("landscape": "landscaping", "landscaped"). A word found in no notice, in no form, is corrected
to the nearest word that is (at most one typing mistake in a short word, two in a long one), and
the search says so: "Showing results for recycling. Search instead for recyclng".

PostgreSQL finds the nearest words with a trigram index (pg_trgm); SQLite reads the words that
start with the same letter and are about as long. Either way the nearest is chosen here, by edit
distance, so both databases and Elasticsearch correct a word the same way.
"""

import re

from django.db import connection

from .models import SearchWord
from .synonyms import STOP_WORDS, words

MIN_WORD = 3
MAX_WORD = 40
# Words this short are left as typed: too many real words are one letter away.
MIN_CORRECTED = 5
# Word forms are built from a root of at least this many letters ("care" never becomes "cars").
MIN_ROOT = 4
_ENDINGS = ("ations", "ation", "ances", "ance", "ings", "ing", "ies", "ers", "er", "ed", "es")
_ENDINGS += ("s", "e", "y")
_FORMS = ("", "s", "es", "e", "ed", "ing", "ings", "er", "ers", "ation", "ations", "ance")
_FORMS += ("ies", "y")
_PLAIN_WORD = re.compile(r"^[^\W\d_]+$", re.UNICODE)


def vocabulary_words(*texts: str) -> set[str]:
    """The words of `texts` worth keeping in the vocabulary: no numbers (CPV codes, references)."""
    return {
        word
        for text in texts
        for word in words(text or "")
        if MIN_WORD <= len(word) <= MAX_WORD and not word.isdigit()
    }


def forms(word: str) -> set[str]:
    """Spellings a word may take in a notice: other endings on the same root. Most are not
    words at all; only those found in the vocabulary are searched for."""
    if len(word) < MIN_ROOT or not _PLAIN_WORD.match(word):
        return {word}
    roots = {word} | {
        word[: -len(ending)]
        for ending in _ENDINGS
        if word.endswith(ending) and len(word) - len(ending) >= MIN_ROOT
    }
    return {root + ending for root in roots for ending in _FORMS}


def distance(first: str, second: str, *, limit: int) -> int:
    """Levenshtein distance, or `limit + 1` as soon as it is known to be more than `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for row, a in enumerate(first, start=1):
        current = [row]
        for column, b in enumerate(second, start=1):
            current.append(
                min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (a != b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def allowed_mistakes(word: str) -> int:
    if len(word) < MIN_CORRECTED:
        return 0
    return 1 if len(word) < 8 else 2


def _candidates(word: str) -> list[str]:
    """Vocabulary words that may be near `word`; the nearest is chosen by `correction`."""
    limit = allowed_mistakes(word)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM listings_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT 50",
                [word, word],
            )
            return [row[0] for row in cursor.fetchall()]
    # The unique index on word serves the range; only words of the same first letter are read.
    return list(
        SearchWord.objects.filter(word__gte=word[0], word__lt=word[0] + "\U0010ffff")
        .extra(
            where=["length(word) BETWEEN %s AND %s"],
            params=[len(word) - limit, len(word) + limit],
        )
        .values_list("word", flat=True)
    )


def correction(word: str) -> str | None:
    """The vocabulary word nearest to `word` within the mistakes allowed, or None."""
    limit = allowed_mistakes(word)
    if not limit or not _PLAIN_WORD.match(word):
        return None
    best = None
    for candidate in _candidates(word):
        # Same first letter, as Elasticsearch's fuzziness (prefix_length 1) also requires.
        if candidate[0] != word[0] or candidate == word:
            continue
        found = distance(word, candidate, limit=limit)
        if found <= limit:
            key = (found, abs(len(candidate) - len(word)), candidate)
            if best is None or key < best[0]:
                best = (key, candidate)
    return best[1] if best else None


def known(candidates: set[str]) -> set[str]:
    if not candidates:
        return set()
    return set(
        SearchWord.objects.filter(word__in=sorted(candidates)).values_list("word", flat=True)
    )


def _look_up(query) -> tuple[dict[str, set[str]], set[str]]:
    """The single words the query looks for (not phrases, not words with synonyms), each with
    its possible forms, and which of all those forms the vocabulary holds: one query."""
    typed = [
        clause.original[0]
        for clause in query.clauses
        if len(clause.original) == 1 and len(clause.alternatives) == 1
    ]
    possible = {word: forms(word) for word in typed}
    return possible, known(set().union(*possible.values()))


def prepare(query):
    """The query with the forms of its words found in the vocabulary and, unless the person
    asked for the words as typed, its misspelt words corrected."""
    if not query.has_keywords:
        return query
    possible, found = _look_up(query)
    if not query.as_typed:
        corrections = tuple(
            (word, corrected)
            for word, spellings in possible.items()
            if not found & spellings and word not in STOP_WORDS
            for corrected in [correction(word)]
            if corrected
        )
        if corrections:
            # The corrected words have forms of their own.
            query = query.with_changes(corrections=corrections)
            possible, found = _look_up(query)
    word_forms = tuple(
        (word, tuple(sorted(found & spellings - {word})))
        for word, spellings in possible.items()
        if found & spellings - {word}
    )
    return query.with_changes(word_forms=word_forms)
