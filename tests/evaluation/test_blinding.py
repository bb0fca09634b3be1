"""Blind downloads: a supplier's file reaches evaluators without the metadata that names the
supplier, and with everything a reader sees unchanged.

Every file here is built the way real software writes it, stamped with the supplier's name and
its author's, and the check looks for those names everywhere in the output: in the raw bytes,
in every ZIP member and every inflated PDF stream, in UTF-8, UTF-16 and hex.
"""

import contextlib
import io
import re
import struct
import zipfile
import zlib

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    RectangleObject,
    StreamObject,
    create_string_object,
)

from procurement.evaluation.blinding import CannotBlind, blind_file_name, without_identity
from tenders.attachments import check_package, check_signature

COMPANY = "Acme Widgets Ltd"
PERSON = "Jo Bloggs"
IDENTITIES = (COMPANY, PERSON, "Acme", "Bloggs", "jo@acme.example")


def _encodings(name: str) -> list[bytes]:
    utf8 = name.encode()
    return [
        utf8,
        name.encode("utf-16-be"),
        name.encode("utf-16-le"),
        utf8.hex().encode(),
        utf8.hex().upper().encode(),
    ]


def _inflated_pdf_streams(data: bytes) -> list[bytes]:
    streams = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        with contextlib.suppress(zlib.error):
            streams.append(zlib.decompressobj().decompress(raw))
    return streams


def _zip_members(data: bytes) -> list[bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return [package.read(info) for info in package.infolist()]
    except zipfile.BadZipFile:
        return []


def leaks(data: bytes) -> list[str]:
    """The identities that can still be found anywhere in the file."""
    haystacks = [data, *_inflated_pdf_streams(data), *_zip_members(data)]
    return [
        name
        for name in IDENTITIES
        if any(needle in haystack for haystack in haystacks for needle in _encodings(name))
    ]


# --- names ---------------------------------------------------------------------------------


def test_blind_name_says_only_which_proposal_and_question():
    assert blind_file_name("A", "Q2", "pdf") == "Proposal-A-Q2.pdf"
    assert blind_file_name("AB", "Q10", "jpg") == "Proposal-AB-Q10.jpg"


def test_blind_name_is_safe_for_a_download_header():
    assert blind_file_name("C", 'Q3"/x', "docx") == "Proposal-C-Q3_x.docx"


def test_blind_name_refuses_a_type_files_cannot_have():
    with pytest.raises(ValueError):
        blind_file_name("A", "Q1", "exe")


def test_unknown_type_is_refused():
    with pytest.raises(ValueError):
        without_identity(b"MZ", "exe")


# --- PDF -----------------------------------------------------------------------------------

PAGE_TEXT = "Our approach to winter gritting"
XMP = f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:creator><rdf:Seq><rdf:li>{PERSON}</rdf:li></rdf:Seq></dc:creator>
   <pdf:Producer>{COMPANY} Word 2019</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream.set_data(data)
    return stream.flate_encode()


def make_pdf(*, page_metadata=False, annotation=False, password=None) -> bytes:
    writer = PdfWriter()
    for number in (1, 2):
        page = writer.add_blank_page(width=595, height=842)
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        page.replace_contents(
            _stream(f"BT /F1 12 Tf 72 770 Td ({PAGE_TEXT}, page {number}) Tj ET".encode())
        )
        if page_metadata:
            page[NameObject("/Metadata")] = writer._add_object(_stream(XMP))
        if annotation:
            note = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Text"),
                    NameObject("/Rect"): RectangleObject([72, 700, 92, 720]),
                    NameObject("/T"): create_string_object(PERSON),
                    NameObject("/Contents"): create_string_object("Check the gritting routes"),
                }
            )
            page[NameObject("/Annots")] = ArrayObject([writer._add_object(note)])
    writer.add_metadata(
        {
            "/Author": PERSON,
            "/Creator": f"{COMPANY} templates",
            "/Producer": f"{COMPANY} PDF engine",
            "/Title": f"Proposal from {COMPANY}",
            "/Subject": f"Bid by {COMPANY}",
            "/Keywords": f"{COMPANY}, {PERSON}",
        }
    )
    writer.xmp_metadata = XMP
    if password:
        writer.encrypt(user_password=password, algorithm="AES-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_the_test_pdf_really_names_the_supplier():
    original = make_pdf(page_metadata=True, annotation=True)
    assert set(leaks(original)) >= {COMPANY, PERSON}
    assert PdfReader(io.BytesIO(original)).metadata.author == PERSON


def test_pdf_loses_its_document_information_and_xmp():
    blind = without_identity(make_pdf(), "pdf")

    reader = PdfReader(io.BytesIO(blind))
    assert not reader.metadata
    assert reader.xmp_metadata is None
    assert "/Metadata" not in reader.trailer["/Root"]
    assert b"/Producer" not in blind
    assert leaks(blind) == []


def test_pdf_keeps_every_page_and_its_text():
    blind = without_identity(make_pdf(page_metadata=True, annotation=True), "pdf")

    reader = PdfReader(io.BytesIO(blind))
    assert len(reader.pages) == 2
    assert f"{PAGE_TEXT}, page 1" in reader.pages[0].extract_text()
    assert f"{PAGE_TEXT}, page 2" in reader.pages[1].extract_text()
    check_signature(blind[:8], "pdf", name="blind.pdf")


def test_pdf_page_metadata_and_note_authors_are_removed():
    blind = without_identity(make_pdf(page_metadata=True, annotation=True), "pdf")

    reader = PdfReader(io.BytesIO(blind))
    for page in reader.pages:
        assert "/Metadata" not in page
        (note,) = [annotation.get_object() for annotation in page["/Annots"]]
        assert note["/T"] == "Author"
        assert note["/Contents"] == "Check the gritting routes"
    assert leaks(blind) == []


def test_pdf_with_an_empty_user_password_is_blinded():
    blind = without_identity(make_pdf(password=""), "pdf")

    reader = PdfReader(io.BytesIO(blind))
    assert not reader.is_encrypted
    assert PAGE_TEXT in reader.pages[0].extract_text()
    assert leaks(blind) == []


def test_pdf_that_needs_a_password_is_refused():
    with pytest.raises(CannotBlind):
        without_identity(make_pdf(password="secret"), "pdf")


@pytest.mark.parametrize("content", [b"%PDF-1.7\nnot really a pdf", b"", b"\x00" * 100])
def test_pdf_that_cannot_be_read_is_refused(content):
    with pytest.raises(CannotBlind):
        without_identity(content, "pdf")


# --- Office Open XML -------------------------------------------------------------------------

CORE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Proposal from {COMPANY}</dc:title><dc:subject>Bid by {COMPANY}</dc:subject><dc:creator>{PERSON}</dc:creator><cp:keywords>{COMPANY}</cp:keywords><dc:description><![CDATA[Written by {PERSON}]]></dc:description><cp:lastModifiedBy>{PERSON}</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-02T09:00:00Z</dcterms:created></cp:coreProperties>"""  # noqa: E501
APP = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Office Word</Application><Pages>1</Pages><Manager>{PERSON}</Manager><Company>{COMPANY}</Company></Properties>"""  # noqa: E501
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BODY = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body><w:p><w:r><w:t>We will grit every route by 6am.</w:t></w:r></w:p></w:body></w:document>"""  # noqa: E501
TRACKED_BODY = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body><w:p><w:ins w:id="1" w:author="{PERSON}" w:date="2026-11-02T09:00:00Z"><w:r><w:t>We will grit every route by 6am.</w:t></w:r></w:ins><w:del w:id="2" w:author='{COMPANY}'><w:r><w:delText>by 7am</w:delText></w:r></w:del></w:p></w:body></w:document>"""  # noqa: E501
COMMENTS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments {W}><w:comment w:id="0" w:author="{PERSON}" w:date="2026-11-02T09:00:00Z" w:initials="JB"><w:p><w:r><w:t>Ask finance</w:t></w:r></w:p></w:comment></w:comments>"""  # noqa: E501
PEOPLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="{PERSON}"><w15:presenceInfo w15:providerId="AD" w15:userId="jo@acme.example"/></w15:person></w15:people>"""  # noqa: E501
CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"""  # noqa: E501
RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"""


def make_zip(entries: list[tuple[str, bytes | str]], *, stored=()) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries:
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            package.writestr(name, data, compress_type=kind)
        package.comment = f"Packed by {PERSON}".encode()
    return output.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def names_in_order(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.namelist()


def make_docx(body=BODY, *, content_types_first=True) -> bytes:
    entries = [
        ("_rels/.rels", RELS),
        ("docProps/core.xml", CORE),
        ("docProps/app.xml", APP),
        ("word/document.xml", body),
        ("word/comments.xml", COMMENTS),
        ("word/people.xml", PEOPLE),
        ("word/media/logo.bin", COMPANY.encode() * 3),
    ]
    types = ("[Content_Types].xml", CONTENT_TYPES)
    entries = [types, *entries] if content_types_first else [*entries, types]
    return make_zip(entries)


def test_docx_core_and_app_properties_are_emptied_but_kept():
    blind = without_identity(make_docx(), "docx")

    core = members(blind)["docProps/core.xml"].decode()
    for element in (
        "dc:title",
        "dc:subject",
        "dc:creator",
        "cp:keywords",
        "dc:description",
        "cp:lastModifiedBy",
    ):
        assert f"<{element}></{element}>" in core
    assert "<cp:revision>3</cp:revision>" in core
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-02T09:00:00Z' in core
    app = members(blind)["docProps/app.xml"].decode()
    assert "<Company></Company>" in app
    assert "<Manager></Manager>" in app
    assert "<Application>Microsoft Office Word</Application>" in app


def test_docx_comment_authors_become_author():
    blind = without_identity(make_docx(), "docx")

    comments = members(blind)["word/comments.xml"].decode()
    assert 'w:author="Author"' in comments
    assert 'w:initials="Author"' in comments
    assert "<w:t>Ask finance</w:t>" in comments
    assert 'w15:author="Author"' in members(blind)["word/people.xml"].decode()


def test_docx_without_tracked_changes_keeps_its_body_byte_for_byte():
    original = make_docx()
    blind = without_identity(original, "docx")

    assert members(blind)["word/document.xml"] == members(original)["word/document.xml"]
    assert names_in_order(blind) == names_in_order(original)


def test_docx_tracked_change_authors_become_author():
    blind = without_identity(make_docx(TRACKED_BODY), "docx")

    body = members(blind)["word/document.xml"].decode()
    assert body == TRACKED_BODY.replace(f'"{PERSON}"', '"Author"').replace(
        f"'{COMPANY}'", '"Author"'
    )


def test_docx_has_no_identity_left_anywhere_except_in_files_it_does_not_describe():
    blind = without_identity(make_docx(TRACKED_BODY), "docx")

    # An embedded file's own bytes are content, copied untouched; everything else is clean.
    original_media = members(make_docx())["word/media/logo.bin"]
    assert members(blind)["word/media/logo.bin"] == original_media
    rest = {
        name: data for name, data in members(blind).items() if not name.startswith("word/media")
    }
    assert [name for name, data in rest.items() if leaks(data)] == []
    with zipfile.ZipFile(io.BytesIO(blind)) as package:
        assert package.comment == b""


def test_docx_still_passes_the_upload_checks():
    blind = without_identity(make_docx(content_types_first=False), "docx")

    assert names_in_order(blind)[0] == "[Content_Types].xml"
    check_signature(blind[:8], "docx", name="blind.docx")
    check_package(io.BytesIO(blind), "docx", name="blind.docx")


def test_xlsx_properties_and_comment_authors_are_removed():
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet_comments = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments {main}>'
        f"<authors><author>{PERSON}</author></authors><commentList>"
        '<comment ref="B2" authorId="0"><text><t>Unit rate</t></text></comment>'
        "</commentList></comments>"
    )
    workbook = f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook {main}><sheets/></workbook>'
    original = make_zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("docProps/core.xml", CORE),
            ("docProps/app.xml", APP),
            ("xl/workbook.xml", workbook),
            ("xl/comments1.xml", sheet_comments),
        ]
    )

    blind = without_identity(original, "xlsx")

    assert [name for name, data in members(blind).items() if leaks(data)] == []
    assert "<author>Author</author>" in members(blind)["xl/comments1.xml"].decode()
    assert "<t>Unit rate</t>" in members(blind)["xl/comments1.xml"].decode()
    assert members(blind)["xl/workbook.xml"] == workbook.encode()
    check_package(io.BytesIO(blind), "xlsx", name="blind.xlsx")


def test_office_package_that_is_not_a_zip_is_refused():
    with pytest.raises(CannotBlind):
        without_identity(b"PK\x03\x04 and then nothing", "docx")


def test_office_package_without_content_types_is_refused():
    with pytest.raises(CannotBlind):
        without_identity(make_zip([("word/document.xml", BODY)]), "docx")


@pytest.mark.parametrize(
    "core",
    [
        # A name split across a child element cannot be emptied by editing text alone.
        CORE.replace(f"<dc:creator>{PERSON}</dc:creator>", "<dc:creator>Jo <b>B</b></dc:creator>"),
        # A DTD could define entities; Office never writes one.
        CORE.replace("?>\n", '?>\n<!DOCTYPE x [<!ENTITY who "Jo Bloggs">]>\n', 1),
        CORE.replace("<cp:revision>", "<cp:revision"),
        CORE.encode("utf-16").decode("latin-1"),
    ],
    ids=["child element", "dtd", "malformed", "utf-16"],
)
def test_properties_that_cannot_be_safely_rewritten_refuse_the_file(core):
    original = make_zip(
        [("[Content_Types].xml", CONTENT_TYPES), ("docProps/core.xml", core.encode("latin-1"))]
    )
    with pytest.raises(CannotBlind):
        without_identity(original, "docx")


# --- OpenDocument ----------------------------------------------------------------------------

ODF_MIMETYPE = "application/vnd.oasis.opendocument.text"
META = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta><meta:initial-creator>{PERSON}</meta:initial-creator><dc:creator>{PERSON}</dc:creator><dc:title>Proposal from {COMPANY}</dc:title><dc:subject>Bid by {COMPANY}</dc:subject><meta:keyword>{COMPANY}</meta:keyword><dc:description>By {PERSON}</dc:description><meta:printed-by>{PERSON}</meta:printed-by><meta:generator>LibreOffice/24.2</meta:generator></office:meta></office:document-meta>"""  # noqa: E501
ODF_CONTENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text><text:p>We will grit every route by 6am.<office:annotation><dc:creator>{PERSON}</dc:creator><text:p>Ask finance</text:p></office:annotation></text:p></office:text></office:body></office:document-content>"""  # noqa: E501


def make_odt(*, mimetype_stored=True) -> bytes:
    return make_zip(
        [
            ("mimetype", ODF_MIMETYPE),
            ("content.xml", ODF_CONTENT),
            ("meta.xml", META),
            ("META-INF/manifest.xml", "<manifest/>"),
        ],
        stored=("mimetype",) if mimetype_stored else (),
    )


def test_odt_meta_is_emptied_and_annotation_authors_neutral():
    blind = without_identity(make_odt(), "odt")

    assert [name for name, data in members(blind).items() if leaks(data)] == []
    meta = members(blind)["meta.xml"].decode()
    assert "<meta:initial-creator></meta:initial-creator>" in meta
    assert "<meta:generator>LibreOffice/24.2</meta:generator>" in meta
    content = members(blind)["content.xml"].decode()
    assert content == ODF_CONTENT.replace(PERSON, "Author")
    assert members(blind)["META-INF/manifest.xml"] == b"<manifest/>"


def test_odt_keeps_mimetype_first_and_stored():
    blind = without_identity(make_odt(), "odt")

    with zipfile.ZipFile(io.BytesIO(blind)) as package:
        first = package.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
    # Readers sniff the type at a fixed offset in the file.
    assert blind[30:38] == b"mimetype"
    assert blind[38 : 38 + len(ODF_MIMETYPE)] == ODF_MIMETYPE.encode()
    check_package(io.BytesIO(blind), "odt", name="blind.odt")


def test_odt_with_a_compressed_mimetype_is_refused():
    with pytest.raises(CannotBlind):
        without_identity(make_odt(mimetype_stored=False), "odt")


# --- PNG -------------------------------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def chunks(png: bytes) -> list[bytes]:
    found, position = [], 8
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        found.append(png[position : position + 12 + length])
        position += 12 + length
    return found


def make_png() -> bytes:
    image = Image.new("RGB", (4, 3), (0, 112, 60))
    output = io.BytesIO()
    image.save(output, "PNG")
    plain = output.getvalue()
    ihdr, rest = chunks(plain)[0], b"".join(chunks(plain)[1:])
    return (
        plain[:8]
        + ihdr
        + png_chunk(b"tEXt", f"Author\x00{PERSON}".encode())
        + png_chunk(b"zTXt", b"Copyright\x00\x00" + zlib.compress(COMPANY.encode()))
        + png_chunk(b"iTXt", f"Comment\x00\x00\x00en\x00\x00Made at {COMPANY}".encode())
        + png_chunk(b"eXIf", b"MM\x00*" + PERSON.encode())
        + rest
        + f"trailing {PERSON}".encode()
    )


def test_png_text_and_exif_chunks_are_dropped_and_pixels_kept():
    original = make_png()
    assert Image.open(io.BytesIO(original)).info["Author"] == PERSON

    blind = without_identity(original, "png")

    assert leaks(blind) == []
    kinds = [chunk[4:8] for chunk in chunks(blind)]
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]
    assert [c for c in chunks(blind) if c[4:8] == b"IDAT"] == [
        c for c in chunks(original) if c[4:8] == b"IDAT"
    ]
    check_signature(blind[:8], "png", name="blind.png")
    image = Image.open(io.BytesIO(blind))
    assert image.getpixel((3, 2)) == (0, 112, 60)
    assert "Author" not in image.info


@pytest.mark.parametrize("cut", [8, 20, -5])
def test_png_cut_short_is_refused(cut):
    with pytest.raises(CannotBlind):
        png = make_png()
        without_identity(png[: png.index(b"IEND") + 8][:cut], "png")


def test_not_a_png_is_refused():
    with pytest.raises(CannotBlind):
        without_identity(b"GIF89a", "png")


# --- JPEG ------------------------------------------------------------------------------------


def segments(jpeg: bytes) -> list[bytes]:
    """Marker segments before the first scan, then the scan and the rest as one piece."""
    found, position = [jpeg[:2]], 2
    while jpeg[position + 1] != 0xDA:
        (length,) = struct.unpack(">H", jpeg[position + 2 : position + 4])
        found.append(jpeg[position : position + 2 + length])
        position += 2 + length
    found.append(jpeg[position:])
    return found


def make_jpeg(*, progressive=False) -> bytes:
    image = Image.new("RGB", (32, 16), (29, 112, 184))
    for x in range(16):
        image.putpixel((x, x % 16), (255, 255, 255))
    exif = Image.Exif()
    exif[0x013B] = PERSON  # Artist
    exif[0x8298] = COMPANY  # Copyright
    output = io.BytesIO()
    image.save(
        output,
        "JPEG",
        exif=exif.tobytes(),
        comment=f"Photo by {PERSON}".encode(),
        progressive=progressive,
        quality=90,
    )
    data = output.getvalue()
    iptc = b"Photoshop 3.0\x00" + COMPANY.encode()
    app13 = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    return data[:2] + app13 + data[2:] + f"after the end {PERSON}".encode()


@pytest.mark.parametrize("progressive", [False, True], ids=["baseline", "progressive"])
def test_jpeg_exif_iptc_and_comments_are_dropped_and_image_kept(progressive):
    original = make_jpeg(progressive=progressive)
    assert set(leaks(original)) >= {COMPANY, PERSON}

    blind = without_identity(original, "jpg")

    assert leaks(blind) == []
    markers = {segment[1] for segment in segments(blind)[1:-1]}
    assert markers.isdisjoint({0xE1, 0xED, 0xFE})
    kept = [s for s in segments(original)[1:-1] if s[1] not in (0xE1, 0xED, 0xFE)]
    assert segments(blind)[1:-1] == kept
    scan = segments(original)[-1]
    assert segments(blind)[-1] == scan[: scan.rindex(b"\xff\xd9") + 2]
    check_signature(blind[:8], "jpg", name="blind.jpg")
    assert Image.open(io.BytesIO(blind)).tobytes() == Image.open(io.BytesIO(original)).tobytes()


@pytest.mark.parametrize(
    "content",
    [b"\xff\xd8\xff\xe1\x00\x10Exif", b"\xff\xd8", b"\x89PNG\r\n\x1a\n"],
    ids=["segment cut short", "no segments", "not a jpeg"],
)
def test_jpeg_that_cannot_be_read_is_refused(content):
    with pytest.raises(CannotBlind):
        without_identity(content, "jpg")


def test_jpeg_without_its_end_marker_is_refused():
    jpeg = make_jpeg()
    with pytest.raises(CannotBlind):
        without_identity(jpeg[: jpeg.rindex(b"\xff\xd9")], "jpg")


# --- Files inside files ----------------------------------------------------------------------


def _pixels(image: bytes) -> bytes:
    return Image.open(io.BytesIO(image)).convert("RGB").tobytes()


def test_photos_in_a_docx_lose_their_metadata_but_not_their_pixels():
    photo, diagram = make_jpeg(), make_png()
    original = make_zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", BODY),
            ("word/media/image1.jpeg", photo),
            ("word/media/image2.PNG", diagram),
        ]
    )

    blind = members(without_identity(original, "docx"))

    assert leaks(blind["word/media/image1.jpeg"]) == []
    assert leaks(blind["word/media/image2.PNG"]) == []
    assert _pixels(blind["word/media/image1.jpeg"]) == _pixels(photo)
    assert _pixels(blind["word/media/image2.PNG"]) == _pixels(diagram)


def test_a_spreadsheet_embedded_in_a_docx_is_blinded_too():
    costs = make_zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("docProps/core.xml", CORE),
            ("docProps/app.xml", APP),
            ("xl/workbook.xml", "<workbook/>"),
        ]
    )
    original = make_zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", BODY),
            ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", costs),
        ]
    )
    assert leaks(members(original)["word/embeddings/Microsoft_Excel_Worksheet.xlsx"])

    blind = members(without_identity(original, "docx"))

    embedded = blind["word/embeddings/Microsoft_Excel_Worksheet.xlsx"]
    assert leaks(embedded) == []
    assert members(embedded)["xl/workbook.xml"] == b"<workbook/>"
    check_package(io.BytesIO(embedded), "xlsx", name="embedded.xlsx")


def test_a_docx_with_an_object_that_cannot_be_read_is_refused():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + f"SummaryInformation {PERSON}".encode()
    original = make_zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", BODY),
            ("word/embeddings/oleObject1.bin", ole),
        ]
    )

    with pytest.raises(CannotBlind, match="embedded object"):
        without_identity(original, "docx")


def test_a_docx_photo_that_cannot_be_read_refuses_the_document():
    original = make_zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", BODY),
            ("word/media/image1.jpeg", make_jpeg()[:40]),
        ]
    )

    with pytest.raises(CannotBlind):
        without_identity(original, "docx")


def test_odt_pictures_and_embedded_charts_are_blinded():
    original = make_zip(
        [
            ("mimetype", ODF_MIMETYPE),
            ("content.xml", ODF_CONTENT),
            ("meta.xml", META),
            ("Pictures/10000000.png", make_png()),
            ("Object 1/content.xml", ODF_CONTENT),
            ("Object 1/meta.xml", META),
            ("META-INF/manifest.xml", "<manifest/>"),
        ],
        stored=("mimetype",),
    )

    blind = members(without_identity(original, "odt"))

    assert [name for name, data in blind.items() if leaks(data)] == []
    assert "<meta:initial-creator></meta:initial-creator>" in blind["Object 1/meta.xml"].decode()


def test_odt_with_an_ole_object_is_refused():
    original = make_zip(
        [
            ("mimetype", ODF_MIMETYPE),
            ("content.xml", ODF_CONTENT),
            ("Object 2", b"\xd0\xcf\x11\xe0" + PERSON.encode()),
        ],
        stored=("mimetype",),
    )

    with pytest.raises(CannotBlind, match="embedded object"):
        without_identity(original, "odt")


def test_pdf_with_an_attached_file_is_refused():
    reader = PdfReader(io.BytesIO(make_pdf()))
    writer = PdfWriter(clone_from=reader)
    writer.add_attachment("costs-by-jo-bloggs.xlsx", f"{COMPANY} costs".encode())
    output = io.BytesIO()
    writer.write(output)

    with pytest.raises(CannotBlind, match="attached"):
        without_identity(output.getvalue(), "pdf")


def test_pdf_with_a_paperclip_note_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    paperclip = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): RectangleObject([72, 700, 92, 720]),
            NameObject("/FS"): create_string_object("costs.xlsx"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(paperclip)])
    output = io.BytesIO()
    writer.write(output)

    with pytest.raises(CannotBlind, match="attached"):
        without_identity(output.getvalue(), "pdf")
