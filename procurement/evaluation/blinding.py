"""Blind copies of suppliers' files, for evaluators who must not learn who wrote a proposal.

Evaluators see "Proposal A", never the supplier; a file's own metadata (the author a word
processor stamps into it, the company its licence was registered to, the camera owner in a
photo's EXIF) would undo that. So a blind download is a copy with those fields removed and
everything a reader sees left as it was, under a name that says only which proposal and
question it belongs to.

Office and image files are edited in place rather than rebuilt, so the parts we do not touch
stay byte for byte what the supplier sent. A file inside a file is blinded too: photos in a
document lose their EXIF, a spreadsheet embedded in a Word document loses its properties. When
a file (or one inside it) cannot be parsed we refuse with CannotBlind instead of guessing:
serving the original would leak exactly what blind mode hides.
"""

import io
import re
import struct
import zipfile
import zlib
from xml.etree import ElementTree

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    create_string_object,
)

from challenges.question_kinds import FILE_TYPES
from tenders import attachments as upload_checks
from tenders.attachments import safe_name


class CannotBlind(Exception):
    """The file could not be read well enough to be sure its identifying metadata is gone."""


# What replaces a person's name where the format needs one (a comment or tracked change must
# keep an author attribute to stay valid).
NEUTRAL_AUTHOR = "Author"

# The upload checks already refuse packages that unpack beyond their bounds; the same bounds
# apply here to files stored before those checks existed, so a zip bomb is refused rather than
# expanded in the web process.
MAX_UNPACKED_BYTES = upload_checks.MAX_UNPACKED_BYTES


def blind_file_name(label: str, question_reference: str, file_type: str) -> str:
    """The name a blind download is served under, e.g. "Proposal-A-Q2.pdf"."""
    if file_type not in FILE_TYPES:
        raise ValueError(f"Unknown file type {file_type!r}.")
    # Labels and references are ours, but a slash in either would otherwise read as a folder.
    parts = [re.sub(r"[^A-Za-z0-9]+", "_", part).strip("_") for part in (label, question_reference)]
    return safe_name("-".join(["Proposal", *(part for part in parts if part)]) + "." + file_type)


def without_identity(content: bytes, file_type: str) -> bytes:
    """The file with the metadata that can name a person or organisation removed."""
    blinders = {
        "pdf": _pdf,
        "docx": _ooxml,
        "xlsx": _ooxml,
        "odt": _odt,
        "png": _png,
        "jpg": _jpeg,
    }
    if file_type not in blinders:
        raise ValueError(f"Unknown file type {file_type!r}.")
    return blinders[file_type](content)


# --- PDF -----------------------------------------------------------------------------------

# Markup annotations (sticky notes, highlights) carry their author's name in /T. For form
# fields (/Widget) /T is the field's name and links have none, so those are left alone.
_UNAUTHORED_ANNOTATIONS = {"/Widget", "/Link"}


def _pdf(content: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CannotBlind("The PDF is protected with a password.")
        if _pdf_has_attached_files(reader):
            raise CannotBlind("The PDF has files attached inside it, which cannot be checked.")
        # Only the pages are copied: the catalogue (with its XMP /Metadata) and the trailer's
        # /Info stay behind in the original.
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        seen: set = set()
        for page in writer.pages:
            _scrub_pdf_objects(page, seen=seen)
        # A new writer starts with its own /Info (/Producer "pypdf"): drop the dictionary.
        writer.metadata = None
        writer.xmp_metadata = None
        # Copying a page copied its metadata streams too; unlinked above, they must not be
        # written out as orphans that anyone with a text editor could still read.
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        output = io.BytesIO()
        writer.write(output)
    except CannotBlind:
        raise
    except Exception as error:
        # pypdf reports malformed files with many exception types (its own, ValueError,
        # KeyError, RecursionError…); for the caller they all mean the same thing.
        raise CannotBlind("The PDF could not be read.") from error
    return output.getvalue()


def _pdf_has_attached_files(reader: PdfReader) -> bool:
    """Attachments (the document's own, or a page's paperclip notes) are whole files of any
    kind, with their own metadata and names; they are not read here, so a PDF with any is
    refused rather than served with them or silently without them."""
    names = reader.root_object.get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        return True
    for page in reader.pages:
        annotations = page.get("/Annots")
        for annotation in annotations.get_object() if annotations is not None else ():
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                return True
    return False


def _scrub_pdf_objects(obj, *, seen: set) -> None:
    """Remove XMP /Metadata and applications' private /PieceInfo from every dictionary a page
    reaches (the page itself, its images and forms), and neutralise annotation authors."""
    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:
            return
        seen.add(key)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        for name in ("/Metadata", "/PieceInfo"):
            if name in obj:
                del obj[name]
        is_annotation = obj.get("/Type") == "/Annot" or ("/Subtype" in obj and "/Rect" in obj)
        authored = obj.get("/Subtype") not in _UNAUTHORED_ANNOTATIONS
        if is_annotation and authored and "/T" in obj:
            obj[NameObject("/T")] = create_string_object(NEUTRAL_AUTHOR)
        for name, value in list(obj.items()):
            # /Parent leads back up the page tree, and from there to every other page; each
            # page is visited on its own.
            if name not in ("/Parent", "/P"):
                _scrub_pdf_objects(value, seen=seen)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _scrub_pdf_objects(item, seen=seen)


# --- XML parts inside office packages ------------------------------------------------------

# One start tag, attribute values (which may legally contain ">") included.
_TAG = re.compile(r"""<[A-Za-z_][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*/?>""")

DC = "http://purl.org/dc/elements/1.1/"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ODF_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"


def _prefixes(xml: bytes) -> dict[str, set[str]]:
    """Every prefix each namespace URI is bound to in the document ("" for a default one)."""
    # Office parts never declare a DTD; refusing one leaves no entities to expand, which is
    # what makes the standard library's parser safe on these untrusted files.
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise CannotBlind("A part of the document declares a DTD.")
    bound: dict[str, set[str]] = {}
    try:
        events = ElementTree.iterparse(io.BytesIO(xml), events=("start-ns",))  # noqa: S314
        for _event, (prefix, uri) in events:
            bound.setdefault(uri, set()).add(prefix)
    except ElementTree.ParseError as error:
        raise CannotBlind("A part of the document is not well-formed XML.") from error
    return bound


def _qualified(prefix: str, local: str) -> str:
    return f"{prefix}:{local}" if prefix else local


def _rewrite_xml(
    xml: bytes,
    *,
    elements: dict[tuple[str, str], str] | None = None,
    attributes: dict[tuple[str, str], str] | None = None,
) -> bytes:
    """Set the text of the named elements and the value of the named attributes, each given as
    (namespace URI, local name) -> new value, editing only those bytes.

    The edit is textual, so prefixes, declarations and formatting stay exactly as the office
    software wrote them; the result is then parsed and checked, so anything the edit could not
    reach (a name split across child elements, say) refuses the file rather than leaking."""
    elements, attributes = elements or {}, attributes or {}
    bound = _prefixes(xml)
    try:
        # Office and OpenDocument write their XML parts in UTF-8.
        text = xml.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CannotBlind("A part of the document is in an encoding we cannot edit.") from error

    for (uri, local), value in elements.items():
        for prefix in bound.get(uri, ()):
            qualified = _qualified(prefix, local)
            name = re.escape(qualified)
            element = re.compile(
                rf"""(?P<start><{name}(?=[\s/>])(?:[^<>"'/]|"[^"]*"|'[^']*')*)"""
                # The text may be split by character data sections or comments.
                rf"(?:(?P<empty>/>)|>(?:[^<]+|<!\[CDATA\[.*?\]\]>|<!--.*?-->)*</{name}\s*>)",
                re.DOTALL,
            )

            def emptied(match: re.Match, qualified=qualified, value=value) -> str:
                if match.group("empty") and not value:
                    return match.group(0)
                return f"{match.group('start')}>{_escape(value)}</{qualified}>"

            text = element.sub(emptied, text)

    if attributes:
        wanted = {
            _qualified(prefix, local): value
            for (uri, local), value in attributes.items()
            for prefix in bound.get(uri, ())
            if prefix  # unprefixed attributes are in no namespace
        }
        if wanted:
            names = "|".join(re.escape(name) for name in wanted)
            attribute = re.compile(rf"""(\s)({names})(\s*=\s*)("[^"]*"|'[^']*')""")

            def in_tag(tag: re.Match) -> str:
                return attribute.sub(
                    lambda m: (
                        f'{m.group(1)}{m.group(2)}{m.group(3)}"{_escape(wanted[m.group(2)])}"'
                    ),
                    tag.group(0),
                )

            text = _TAG.sub(in_tag, text)

    result = text.encode("utf-8")
    _check_rewritten(result, elements, attributes)
    return result


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _check_rewritten(xml: bytes, elements: dict, attributes: dict) -> None:
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - checked by _prefixes first
    except ElementTree.ParseError as error:
        raise CannotBlind("A part of the document could not be rewritten.") from error
    for element in root.iter():
        for (uri, local), value in elements.items():
            if element.tag == f"{{{uri}}}{local}" and (
                len(element) or (element.text or "") != value
            ):
                raise CannotBlind("A part of the document could not be rewritten.")
        for (uri, local), value in attributes.items():
            found = element.get(f"{{{uri}}}{local}")
            if found is not None and found != value:
                raise CannotBlind("A part of the document could not be rewritten.")


# --- Office packages ------------------------------------------------------------------------

_CORE_PROPERTIES = {
    (DC, "creator"): "",
    (CP, "lastModifiedBy"): "",
    (DC, "title"): "",
    (DC, "subject"): "",
    (CP, "keywords"): "",
    (DC, "description"): "",
}
_APP_PROPERTIES = {(EXTENDED, "Company"): "", (EXTENDED, "Manager"): ""}
# Comments and tracked changes (w:ins, w:del and the formatting-change elements alike) name
# their author; headers, footers and notes can hold them as much as the body can.
_WORD_AUTHORS = {(W, "author"): NEUTRAL_AUTHOR, (W, "initials"): NEUTRAL_AUTHOR}
_WORD_PART = re.compile(r"word/(document|comments|header\d*|footer\d*|footnotes|endnotes)\.xml")
# Word 2013+ keeps the people who commented, with their account ids, in people.xml.
_WORD_PEOPLE = {(W15, "author"): NEUTRAL_AUTHOR, (W15, "userId"): NEUTRAL_AUTHOR}
_SHEET_COMMENTS = re.compile(r"xl/comments\d*\.xml")
_SHEET_AUTHORS = {(SPREADSHEET, "author"): NEUTRAL_AUTHOR}


# Pictures pasted into a document keep their camera and author metadata.
_OOXML_IMAGE = re.compile(r"(?:word|xl|ppt)/media/[^/]+\.(png|jpe?g)", re.IGNORECASE)
# Objects embedded in a document: other Office packages (blinded in turn) or OLE binaries,
# which carry their own author properties in a format not read here.
_OOXML_EMBEDDED = re.compile(r"(?:word|xl|ppt)/embeddings/[^/]+\.([A-Za-z]+)")
_EMBEDDED_PACKAGES = {"docx", "docm", "xlsx", "xlsm", "pptx", "pptm"}


def _image(data: bytes, extension: str) -> bytes:
    return without_identity(data, "png" if extension.lower() == "png" else "jpg")


def _ooxml_part(name: str, data: bytes, *, nested: bool) -> bytes:
    if image := _OOXML_IMAGE.fullmatch(name):
        return _image(data, image.group(1))
    if embedded := _OOXML_EMBEDDED.fullmatch(name):
        # One level is as deep as Office nests in practice; deeper is refused, not recursed.
        if embedded.group(1).lower() in _EMBEDDED_PACKAGES and not nested:
            return _ooxml(data, nested=True)
        raise CannotBlind("The document has an embedded object that cannot be checked.")
    if name == "docProps/core.xml":
        return _rewrite_xml(data, elements=_CORE_PROPERTIES)
    if name == "docProps/app.xml":
        return _rewrite_xml(data, elements=_APP_PROPERTIES)
    if _WORD_PART.fullmatch(name):
        return _rewrite_xml(data, attributes=_WORD_AUTHORS)
    if name == "word/people.xml":
        return _rewrite_xml(data, attributes=_WORD_PEOPLE)
    if _SHEET_COMMENTS.fullmatch(name):
        return _rewrite_xml(data, elements=_SHEET_AUTHORS)
    return data


def _ooxml(content: bytes, *, nested: bool = False) -> bytes:
    entries = _read_package(content)
    names = [info.filename for info, _data in entries]
    if "[Content_Types].xml" not in names:
        raise CannotBlind("The document is not an Office Open XML package.")
    # Readers find the content types first when it leads, as Office itself writes it.
    entries.sort(key=lambda entry: entry[0].filename != "[Content_Types].xml")
    return _write_package(
        [(info, _ooxml_part(info.filename, data, nested=nested)) for info, data in entries]
    )


# OpenDocument keeps all of it in meta.xml; printed-by names whoever last printed the file.
_ODF_META = {
    (ODF_META, "initial-creator"): "",
    (DC, "creator"): "",
    (DC, "title"): "",
    (DC, "subject"): "",
    (ODF_META, "keyword"): "",
    (DC, "description"): "",
    (ODF_META, "printed-by"): "",
}
# Comments and tracked changes in the text name their author in dc:creator.
_ODF_AUTHORS = {(DC, "creator"): NEUTRAL_AUTHOR}


def _odt(content: bytes) -> bytes:
    entries = _read_package(content)
    first = entries[0] if entries else None
    if (
        first is None
        or first[0].filename != "mimetype"
        or first[0].compress_type != zipfile.ZIP_STORED
    ):
        raise CannotBlind("The document is not an OpenDocument package.")
    return _write_package([(info, _odf_part(info.filename, data)) for info, data in entries])


# An embedded chart or formula is a folder ("Object 1/") with its own meta.xml and content.xml;
# an OLE object is a single binary entry ("Object 2"), in a format not read here.
_ODF_OBJECT_FOLDER = r"(?:Object \d+/)?"
_ODF_META_PART = re.compile(_ODF_OBJECT_FOLDER + r"meta\.xml")
_ODF_TEXT_PART = re.compile(_ODF_OBJECT_FOLDER + r"(?:content|styles)\.xml")
_ODF_OLE_OBJECT = re.compile(r"Object \d+")
_ODF_IMAGE = re.compile(r"Pictures/[^/]+\.(png|jpe?g)", re.IGNORECASE)


def _odf_part(name: str, data: bytes) -> bytes:
    if _ODF_META_PART.fullmatch(name):
        return _rewrite_xml(data, elements=_ODF_META)
    if _ODF_TEXT_PART.fullmatch(name):
        return _rewrite_xml(data, elements=_ODF_AUTHORS)
    if image := _ODF_IMAGE.fullmatch(name):
        return _image(data, image.group(1))
    if _ODF_OLE_OBJECT.fullmatch(name):
        raise CannotBlind("The document has an embedded object that cannot be checked.")
    return data


def _read_package(content: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            infos = package.infolist()
            if (
                len(infos) > upload_checks.MAX_PACKAGE_ENTRIES
                or sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES
            ):
                raise CannotBlind("The document unpacks to more than we will handle.")
            # Reading checks each entry's CRC and size against the directory.
            return [(info, package.read(info)) for info in infos]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            OSError, RuntimeError, ValueError, zlib.error) as error:  # fmt: skip
        raise CannotBlind("The document's package could not be read.") from error


def _write_package(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """A new package with the entries in the order given, each stored or deflated as before.

    Fresh ZipInfo objects leave behind the extra fields (owner ids, timestamps) and comments the
    original archive may carry."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        for original, data in entries:
            info = zipfile.ZipInfo(original.filename, date_time=original.date_time)
            info.compress_type = original.compress_type
            info.external_attr = original.external_attr
            package.writestr(info, data)
    return output.getvalue()


# --- Images ---------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Text (often Author, Copyright, Comment, or a whole XMP packet) and EXIF.
_PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf"}


def _png(content: bytes) -> bytes:
    if not content.startswith(PNG_SIGNATURE):
        raise CannotBlind("The image is not a PNG.")
    kept = [PNG_SIGNATURE]
    position = len(PNG_SIGNATURE)
    while True:
        if position + 8 > len(content):
            raise CannotBlind("The PNG image is cut short.")
        length, kind = struct.unpack(">I4s", content[position : position + 8])
        end = position + 12 + length
        if end > len(content):
            raise CannotBlind("The PNG image is cut short.")
        if kind not in _PNG_DROPPED:
            kept.append(content[position:end])
        position = end
        if kind == b"IEND":
            # Anything after the end chunk is not part of the image.
            return b"".join(kept)


_JPEG_DROPPED = {0xE1, 0xED, 0xFE}  # APP1 (Exif, XMP), APP13 (IPTC), COM
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and the restart markers carry no length
SOS, EOI = 0xDA, 0xD9


def _jpeg(content: bytes) -> bytes:
    if not content.startswith(b"\xff\xd8"):
        raise CannotBlind("The image is not a JPEG.")
    kept = [b"\xff\xd8"]
    position = 2
    while True:
        if position + 2 > len(content) or content[position] != 0xFF:
            raise CannotBlind("The JPEG image could not be read.")
        # Any number of 0xFF fill bytes may come before a marker.
        while position + 1 < len(content) and content[position + 1] == 0xFF:
            position += 1
        if position + 2 > len(content):
            raise CannotBlind("The JPEG image is cut short.")
        marker = content[position + 1]
        if marker == EOI:
            kept.append(b"\xff\xd9")
            return b"".join(kept)
        if marker in _JPEG_STANDALONE:
            kept.append(content[position : position + 2])
            position += 2
            continue
        if position + 4 > len(content):
            raise CannotBlind("The JPEG image is cut short.")
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        end = position + 2 + length
        if length < 2 or end > len(content):
            raise CannotBlind("The JPEG image is cut short.")
        if marker not in _JPEG_DROPPED:
            kept.append(content[position:end])
        position = end
        if marker == SOS:
            # Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a
            # restart marker.
            scan_end = position
            while True:
                scan_end = content.find(b"\xff", scan_end)
                if scan_end < 0 or scan_end + 1 >= len(content):
                    raise CannotBlind("The JPEG image is cut short.")
                following = content[scan_end + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    scan_end += 1 if following == 0xFF else 2
                    continue
                break
            kept.append(content[position:scan_end])
            position = scan_end
