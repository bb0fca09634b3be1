"""The Open Contracting Partnership's own checkers, run offline.

lib-cove-ocds (the library behind the OCDS Data Review Tool) and ocdskit fetch the standard's
schema and every declared extension over the network through one `requests` session that
ocdsextensionregistry owns. Here that session gets a transport adapter that answers from the
repository instead: the OCDS 1.1.5 files in `procurement/opendata/schema/1.1.5/` (as a ZIP of
the standard, which ProfileBuilder accepts as bytes) and the extension files vendored in
`procurement/opendata/extensions/`. Any other address gets a 404, so nothing leaves the machine.
Our own code's HTTP layer is not involved.
"""

import io
import json
import zipfile
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jsonref
import requests
import urllib3
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from ocdsextensionregistry import util as registry_util
from ocdskit.combine import merge
from requests.adapters import BaseAdapter

from procurement.opendata.packages import EXTENSIONS_DIR, extension_folders
from procurement.opendata.validation import SCHEMA_DIR


class VendoredFiles(BaseAdapter):
    """Answers GET requests for the vendored extension files; 404 for anything else."""

    def send(self, request, **kwargs):
        archive = _vendored_archive(request.url)
        path = _vendored_path(request.url)
        found = archive is not None or (path is not None and path.is_file())
        content = archive if archive is not None else path.read_bytes() if found else b""
        response = requests.Response()
        response.request = request
        response.url = request.url
        response.status_code = 200 if found else 404
        response.reason = "OK" if found else "Not Found"
        response.encoding = "utf-8"
        # requests-cache (ocdsextensionregistry's session) reads the raw urllib3 response.
        response.raw = urllib3.HTTPResponse(
            body=io.BytesIO(content),
            status=response.status_code,
            reason=response.reason,
            preload_content=False,
            request_url=request.url,
        )
        response._content = content
        return response

    def close(self):
        pass


STANDARD_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/"


def _vendored_archive(url: str) -> bytes | None:
    """A GitHub-hosted extension is read from its repository's ZIP download, as GitHub would
    serve it: every file inside one top folder."""
    for extension_url, directory in extension_folders().items():
        parts = urlsplit(extension_url)
        if parts.netloc != "raw.githubusercontent.com":
            continue
        owner, repo, ref = parts.path.strip("/").split("/")[:3]
        if url == f"https://github.com/{owner}/{repo}/archive/{ref}.zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr(f"{repo}-{ref}/", "")
                root = EXTENSIONS_DIR / directory
                for file in sorted(root.rglob("*")):
                    if file.is_file():
                        name = file.relative_to(root).as_posix()
                        archive.writestr(f"{repo}-{ref}/{name}", file.read_bytes())
            return buffer.getvalue()
    return None


def _vendored_path(url: str) -> Path | None:
    if url.startswith(STANDARD_SCHEMA_URL):
        return SCHEMA_DIR / url.removeprefix(STANDARD_SCHEMA_URL)
    for extension_url, directory in extension_folders().items():
        base = extension_url.removesuffix("extension.json")
        if url.startswith(base):
            relative = urlsplit(url).path.removeprefix(urlsplit(base).path)
            return EXTENSIONS_DIR / directory / relative
    return None


@cache
def offline() -> bytes:
    """Route the registry's session to the vendored files; return the standard as a ZIP."""
    adapter = VendoredFiles()
    registry_util.session.mount("https://", adapter)
    registry_util.session.mount("http://", adapter)
    # jsonref (which lib-cove-ocds uses to dereference the record package schema) fetches the
    # schemas it refers to with `requests.get`; give it a session that answers the same way.
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    jsonref.requests = session
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard-1__1__5/", "")
        for file in sorted(SCHEMA_DIR.rglob("*")):
            if file.is_file() and file.suffix in (".json", ".csv"):
                relative = file.relative_to(SCHEMA_DIR).as_posix()
                archive.writestr(f"standard-1__1__5/schema/{relative}", file.read_bytes())
    return buffer.getvalue()


def _config() -> LibCoveOCDSConfig:
    config = LibCoveOCDSConfig()
    config.config["context"] = "api"
    config.config["standard_zip"] = offline()
    return config


def review(package: dict, tmp_path: Path) -> dict:
    """What lib-cove-ocds says about a package: counts and details of what matters."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    result = ocds_json_output(
        str(tmp_path), json_data=json.loads(json.dumps(package)), lib_cove_ocds_config=_config()
    )
    extensions = result.get("extensions") or {}
    return {
        "validation_errors": result["validation_errors"],
        "additional_fields": result["additional_fields"],
        "invalid_extensions": extensions.get("invalid_extensions", []),
        "additional_checks": result.get("additional_checks", {}),
        "additional_closed_codelist_values": result.get("additional_closed_codelist_values", {}),
        "deprecated_fields": result.get("deprecated_fields", []),
    }


def problems(package: dict, tmp_path: Path) -> list[str]:
    """Everything lib-cove-ocds finds wrong in a package that we must never publish."""
    found = review(package, tmp_path)
    return (
        [f"error at {e['path']}: {e['description']}" for e in found["validation_errors"]]
        + [f"undeclared field {f['path']}/{f['field']}" for f in found["additional_fields"]]
        + [f"extension {url}: {reason}" for url, reason in found["invalid_extensions"]]
        + [f"closed codelist {path}" for path in found["additional_closed_codelist_values"]]
    )


def patched_release_schema(extensions: list[str]) -> dict:
    from ocdsextensionregistry.profile_builder import ProfileBuilder

    builder = ProfileBuilder("1__1__5", list(extensions), standard_base_url=offline())
    return builder.patched_release_schema()


def ocdskit_compile(release_package: dict) -> dict:
    """The compiled release `ocdskit compile` makes of a release package (one ocid)."""
    schema = patched_release_schema(release_package.get("extensions", []))
    compiled = list(merge([json.loads(json.dumps(release_package))], schema=schema))
    assert len(compiled) == 1, f"expected one ocid, got {len(compiled)} compiled releases"
    return compiled[0]
