"""Checking an Atom feed against RFC 4287: its grammar (the RFC's Appendix B, as RELAX NG in
`schemas/atom-rfc4287.rng`, run by libxml2 through lxml) and the rules the RFC states that a
grammar cannot (sections 4.1.1 and 4.1.2: an author for every entry, ids unique in the feed),
plus the one self link every feed of ours carries."""

from pathlib import Path

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"

GRAMMAR = etree.RelaxNG(etree.parse(Path(__file__).parent / "schemas" / "atom-rfc4287.rng"))


def problems(content: bytes) -> list[str]:
    """Everything wrong with the feed, as readable lines; an empty list for a valid feed."""
    # Our own response, parsed without network access or entity expansion.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    feed = etree.fromstring(content, parser)
    found = [
        f"line {error.line}: {error.message}"
        for error in (GRAMMAR.error_log if not GRAMMAR.validate(feed) else [])
    ]
    return found + rule_problems(feed)


def rule_problems(feed) -> list[str]:
    found = []
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    if not feed_has_author and any(entry.find(f"{ATOM}author") is None for entry in entries):
        found.append("an entry has no author in a feed without one (4.1.1)")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    if len(set(ids)) != len(ids):
        found.append(f"entry ids repeat: {ids}")
    if len([link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]) != 1:
        found.append("the feed needs one rel=self link")
    return found
