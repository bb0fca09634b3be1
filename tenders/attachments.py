"""Checking an uploaded file before it goes into the sealed box.

A file is accepted for what it is, not what it is called: the first bytes must be the
signature of one of the types the question allows, and office documents must contain the
parts that make them one. The size limit is enforced as the bytes arrive, never from the size
the browser claims, and the name is reduced to something safe to show and to put in a
download header.
"""

import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from challenges.question_kinds import FILE_TYPES

BYTES_PER_MB = 1024 * 1024
# For a file question saved without a limit.
DEFAULT_LIMIT_MB = 10
NAME_MAX_LENGTH = 100
SIGNATURE_BYTES = 8

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
}
EXTENSION_ALIASES = {"jpeg": "jpg"}

# Programs and scripts, by their first bytes: Windows (MZ), Linux (ELF), macOS (Mach-O, both
# byte orders and the universal header) and scripts with a #! line.
PROGRAM_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
# Extensions that have no business in the middle of a document's name ("plan.exe.pdf").
PROGRAM_EXTENSIONS = frozenset(
    {
        "exe", "com", "bat", "cmd", "scr", "msi", "dll", "ps1", "vbs", "js", "jar", "sh",
        "app", "apk", "html", "htm", "svg", "hta", "lnk",
    }
)  # fmt: skip
ZIP_SIGNATURE = b"PK\x03\x04"

# Bounds on what an office package may unpack to. A real document of a few MB unpacks to a few
# tens; a "zip bomb" of a few hundred KB unpacks to gigabytes and would be expanded every time
# the file is read (a blind copy is made from the unpacked parts). The sizes are those the
# package's directory declares: Python's zipfile never inflates an entry beyond its declared
# size, and a lying directory fails its CRC check when read.
MAX_UNPACKED_BYTES = 100 * BYTES_PER_MB
MAX_PACKAGE_ENTRIES = 5_000
# XML compresses ten to thirty times over; only padding compresses hundreds of times. Small
# parts are exempt: whatever their ratio, they cannot add up to much.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM_BYTES = BYTES_PER_MB


class AttachmentRefused(Exception):
    """A file we will not accept, with a message that tells the supplier what to do."""


def type_names(file_types: list[str]) -> str:
    names = [FILE_TYPES.get(t, t.upper()) for t in file_types]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def limit_bytes(question) -> int:
    return (question.max_file_size_mb or DEFAULT_LIMIT_MB) * BYTES_PER_MB


def safe_name(name: str) -> str:
    """The file's own name, without any folder, in characters safe anywhere (a download
    header included), at most NAME_MAX_LENGTH long with its extension kept."""
    name = re.split(r"[\\/]", name or "")[-1]
    # Accented letters keep their base letter ("café" becomes "cafe"); anything else outside
    # the safe set becomes an underscore.
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._ ()-]+", "_", name)
    name = re.sub(r"\s+", " ", name)
    stem, dot, extension = name.rpartition(".")
    extension = extension.strip(" _")[:10]
    if not dot or not extension:
        stem, extension = name, ""
    stem = stem.strip(" ._") or "file"
    if not extension:
        return stem[:NAME_MAX_LENGTH]
    return f"{stem[: NAME_MAX_LENGTH - len(extension) - 1].rstrip(' ._') or 'file'}.{extension}"


def file_type_of(details) -> str:
    """The type a stored attachment was accepted as ("pdf", "docx", …), from the content type
    in its unsealed details (`sealing.FileDetails`) rather than from its name."""
    return next(
        kind for kind, content_type in CONTENT_TYPES.items() if content_type == details.content_type
    )


def _extension(name: str) -> str:
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    return EXTENSION_ALIASES.get(extension, extension)


def check_name(name: str, allowed: list[str]) -> str:
    """The file type the name claims, if the question allows it."""
    parts = [part.lower() for part in name.split(".")]
    extension = _extension(name)
    inner = [EXTENSION_ALIASES.get(part, part) for part in parts[1:-1]]
    wanted = type_names(allowed)
    if extension not in allowed and any(part in FILE_TYPES for part in inner):
        raise AttachmentRefused(
            f"“{name}” has two extensions and ends in .{extension}, so it is not a {wanted}. "
            f"Upload the {wanted} itself."
        )
    if extension not in allowed:
        raise AttachmentRefused(f"The file must be a {wanted}. “{name}” is not.")
    if any(part in PROGRAM_EXTENSIONS for part in inner):
        raise AttachmentRefused(
            f"“{name}” has more than one extension, one of them for a program. Rename the file "
            "so it has only one extension and upload it again."
        )
    return extension


def check_signature(head: bytes, file_type: str, *, name: str) -> None:
    if head.startswith(PROGRAM_SIGNATURES):
        raise AttachmentRefused(
            f"“{name}” is a program, not a {type_names([file_type])}. Upload the document itself."
        )
    expected = {
        "pdf": (b"%PDF-",),
        "png": (b"\x89PNG\r\n\x1a\n",),
        "jpg": (b"\xff\xd8\xff",),
        "docx": (ZIP_SIGNATURE,),
        "xlsx": (ZIP_SIGNATURE,),
        "odt": (ZIP_SIGNATURE,),
    }[file_type]
    if not head.startswith(expected):
        raise AttachmentRefused(
            f"“{name}” is not a real {type_names([file_type])}: its contents are of another "
            "kind. Save or export it again as that type and upload it again."
        )


def check_package(file, file_type: str, *, name: str) -> None:
    """Office documents are ZIP packages: look inside for the parts that make them the type
    they claim to be. Reads only the package's directory and, for ODT, its tiny mimetype."""
    if file_type not in ("docx", "xlsx", "odt"):
        return
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as package:
            check_package_bounds(package.infolist(), name=name)
            names = package.namelist()
            if file_type == "odt":
                ok = (
                    bool(names)
                    and names[0] == "mimetype"
                    and (package.open("mimetype").read(64) == CONTENT_TYPES["odt"].encode())
                )
            else:
                folder = "word/" if file_type == "docx" else "xl/"
                ok = "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        ok = False
    if not ok:
        raise AttachmentRefused(
            f"“{name}” is not a real {type_names([file_type])}. Save it again from your office "
            "software as that type and upload it again."
        )


def check_package_bounds(entries: list[zipfile.ZipInfo], *, name: str) -> None:
    """Refuse a package that would unpack to more than any real document needs."""
    if len(entries) > MAX_PACKAGE_ENTRIES:
        raise AttachmentRefused(
            f"“{name}” holds more than {MAX_PACKAGE_ENTRIES:,} parts, which no real document "
            "needs. Save it again from your office software and upload it again."
        )
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise AttachmentRefused(
            f"“{name}” unpacks to more than {MAX_UNPACKED_BYTES // BYTES_PER_MB} MB, which no "
            "real document needs. Save it again from your office software (for example, with "
            "smaller images) and upload it again."
        )
    for entry in entries:
        if (
            entry.file_size >= RATIO_CHECKED_FROM_BYTES
            and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        ):
            raise AttachmentRefused(
                f"“{name}” is packed unusually tightly: one of its parts unpacks to more than "
                f"{MAX_COMPRESSION_RATIO} times its packed size, as padding does and documents "
                "do not. Save it again from your office software and upload it again."
            )


class Tally:
    """The size and SHA-256 of the bytes that have passed so far."""

    def __init__(self):
        self.size = 0
        self._hash = hashlib.sha256()

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self._hash.update(chunk)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


def checked_chunks(file, *, file_type: str, limit: int, name: str, tally: Tally) -> Iterator[bytes]:
    """The upload's bytes, checked as they pass: signature first, then the running size.

    Stops with AttachmentRefused the moment the total goes over `limit`, whatever size the
    upload claimed, so an oversized file is never read, let alone stored, to the end.
    """
    file.seek(0)
    head = b""
    for chunk in file.chunks():
        if len(head) < SIGNATURE_BYTES:
            head += chunk[: SIGNATURE_BYTES - len(head)]
            if len(head) >= SIGNATURE_BYTES:
                check_signature(head, file_type, name=name)
        if tally.size + len(chunk) > limit:
            raise AttachmentRefused(
                f"“{name}” is larger than {limit // BYTES_PER_MB} MB. Make it smaller (for "
                "example, compress its images) and upload it again."
            )
        tally.add(chunk)
        yield chunk
    if tally.size == 0:
        raise AttachmentRefused(f"“{name}” is empty. Upload a file with something in it.")
    if len(head) < SIGNATURE_BYTES:
        check_signature(head, file_type, name=name)


def download_response(chunks, details, *, name=None, size=None) -> StreamingHttpResponse:
    """A decrypted attachment as a download, described by its unsealed `details`
    (`sealing.FileDetails`). Always a download, never shown inline, so a file that slipped
    through as something else cannot run in our pages' origin. `name` and `size` stand in for
    the stored ones when what is sent is not the file as uploaded (a blind evaluation's
    anonymised copy); `name` must have been through safe_name."""
    response = StreamingHttpResponse(chunks, content_type=details.content_type)
    response["Content-Length"] = str(details.size if size is None else size)
    # safe_name leaves nothing that could break out of the quotes.
    response["Content-Disposition"] = (
        f'attachment; filename="{details.name if name is None else name}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
