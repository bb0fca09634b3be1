"""The sealed box: proposal answers, files and the files' details encrypted at rest.

Envelope encryption. Each challenge has its own random 256-bit data key; the database holds it
only wrapped (RFC 3394 AES key wrap) by the master key, which comes from the environment. A copy
of the database, a backup or the sealed files on disk therefore open nothing without the
master key, and the application itself decrypts only through the checks below:

- the owning supplier organisation may read its own proposal (to edit it, see its receipt);
- the council side may read only after the two-person opening (`opening.py`), and
  every such decryption is audited;
- every refused attempt is audited, whoever made it.

Decrypting functions audit refusals in their own savepoint; call them outside a transaction
that the refusal will roll back, or the record of the attempt goes with it.
"""

import base64
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from enum import StrEnum

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction

from procurement import clock
from procurement.accounts import policies
from procurement.audit.actions import AuditAction
from procurement.audit.services import record as audit

from .models import ChallengeKey
from .opening import is_open_for_evaluation

JSON_MAGIC = b"CXJ1"
FILE_MAGIC = b"CXF1"
NONCE_BYTES = 12
TAG_BYTES = 16
# Files are sealed in segments so that neither sealing nor opening holds a whole file in
# memory. Each segment's nonce carries its number and a last-segment flag, so segments cannot
# be reordered, dropped or the file cut short without the tag check failing (the STREAM
# construction of Hoang, Reyhanitabar, Rogaway and Vizár).
SEGMENT_BYTES = 64 * 1024
FILE_NONCE_PREFIX_BYTES = 7


class Purpose(StrEnum):
    # The supplier organisation that owns the proposal.
    SUPPLIER = "supplier"
    # The council's evaluation, after the two-person opening.
    EVALUATION = "evaluation"


class SealBroken(Exception):
    """The ciphertext does not authenticate: it was altered, cut short or is not ours."""


# --- keys ---------------------------------------------------------------------------------------


def _master_key() -> bytes:
    return base64.b64decode(settings.SEALED_BOX_MASTER_KEY)


def master_key_id(master_key: bytes) -> str:
    """A name for the master key that reveals nothing about it."""
    return hashlib.sha256(b"challenge-exchange master key id:" + master_key).hexdigest()[:16]


def _data_key(challenge) -> bytes:
    master = _master_key()
    row = ChallengeKey.objects.filter(challenge_id=challenge.pk).first()
    if row is None:
        row, _ = ChallengeKey.objects.get_or_create(
            challenge_id=challenge.pk,
            defaults={
                "wrapped_key": aes_key_wrap(master, AESGCM.generate_key(bit_length=256)),
                "master_key_id": master_key_id(master),
                "created_at": clock.now(),
            },
        )
    return unwrap_data_key(row, master)


def unwrap_data_key(row, master: bytes) -> bytes:
    """The data key held by `row`, a ChallengeKey (or its historical model in a migration)."""
    if row.master_key_id != master_key_id(master):
        raise ImproperlyConfigured(
            f"The data key of challenge {row.challenge_id} was wrapped by master key "
            f"{row.master_key_id}, but SEALED_BOX_MASTER_KEY is {master_key_id(master)}."
        )
    try:
        return aes_key_unwrap(master, bytes(row.wrapped_key))
    except InvalidUnwrap:
        raise SealBroken(
            f"The data key of challenge {row.challenge_id} has been altered."
        ) from None


def decode_master_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise ImproperlyConfigured("A sealed-box master key is 32 random bytes in base64.")
    return key


@transaction.atomic
def rewrap_data_keys(*, new_master: bytes) -> int:
    """Re-wrap every challenge's data key under `new_master`; returns how many were re-wrapped.

    The current master key (SEALED_BOX_MASTER_KEY) unwraps them. Keys already under the new
    master key are left alone, so running it again after an interruption finishes the job. The
    data keys themselves, and so every sealed answer and file, do not change. All or nothing:
    one key that does not unwrap leaves every row as it was.
    """
    old_master = _master_key()
    old_id, new_id = master_key_id(old_master), master_key_id(new_master)
    if old_id == new_id:
        raise ImproperlyConfigured("The new master key is the one in use.")
    rewrapped = 0
    for row in ChallengeKey.objects.select_for_update().order_by("pk"):
        if row.master_key_id == new_id:
            continue
        if row.master_key_id != old_id:
            raise ImproperlyConfigured(
                f"The data key of challenge {row.challenge_id} was wrapped by master key "
                f"{row.master_key_id}, which is neither the current nor the new key."
            )
        try:
            data_key = aes_key_unwrap(old_master, bytes(row.wrapped_key))
        except InvalidUnwrap:
            raise SealBroken(
                f"The data key of challenge {row.challenge_id} has been altered."
            ) from None
        row.wrapped_key = aes_key_wrap(new_master, data_key)
        row.master_key_id = new_id
        row.save(update_fields=["wrapped_key", "master_key_id"])
        rewrapped += 1
    audit(
        AuditAction.SEALED_BOX_MASTER_KEY_ROTATED,
        data={"from": old_id, "to": new_id, "rewrapped": rewrapped},
    )
    return rewrapped


def _associated_data(challenge) -> bytes:
    return associated_data(challenge.pk)


def associated_data(challenge_pk: int, *context: str) -> bytes:
    # Ties ciphertext to its challenge (and `context`, to one row in it): a blob copied into
    # another challenge's rows, or another row's column, fails.
    return b":".join([b"challenge:%d" % challenge_pk, *(part.encode() for part in context)])


# --- answers (JSON) -----------------------------------------------------------------------------


def seal_json(challenge, obj) -> bytes:
    return seal_json_with_key(_data_key(challenge), _associated_data(challenge), obj)


def seal_json_with_key(data_key: bytes, associated: bytes, obj) -> bytes:
    """`obj` sealed under key material the caller holds; migrations, which cannot use today's
    models, unwrap the key themselves (`unwrap_data_key`)."""
    plaintext = json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(data_key).encrypt(nonce, plaintext, associated)
    return JSON_MAGIC + nonce + sealed


def open_json_with_key(data_key: bytes, associated: bytes, blob: bytes):
    """The JSON sealed in `blob`, with no permission check: only for code that already holds
    the key material (migrations); raises SealBroken if it does not authenticate."""
    blob = bytes(blob)
    if not blob.startswith(JSON_MAGIC):
        raise SealBroken("are not in the sealed format")
    nonce = blob[len(JSON_MAGIC) : len(JSON_MAGIC) + NONCE_BYTES]
    try:
        plaintext = AESGCM(data_key).decrypt(
            nonce, blob[len(JSON_MAGIC) + NONCE_BYTES :], associated
        )
    except InvalidTag:
        raise SealBroken("do not authenticate") from None
    return json.loads(plaintext)


def open_json(challenge, blob: bytes, *, purpose: Purpose, actor, proposal):
    """The answers in `blob`, if `actor` may read `proposal` for `purpose` (404 otherwise)."""
    authorise(challenge, purpose=purpose, actor=actor, proposal=proposal, what="answers")
    return _open_json(challenge, blob, proposal=proposal, actor=actor)


def _open_json(challenge, blob: bytes, *, proposal, actor):
    blob = bytes(blob)
    if not blob:
        return {}
    try:
        return open_json_with_key(_data_key(challenge), _associated_data(challenge), blob)
    except SealBroken as broken:
        _integrity_failure(proposal, actor, f"answers {broken}")


def open_answers_and_files(
    challenge, blob: bytes, attachments: Iterable, *, purpose: Purpose, actor, proposal
) -> tuple[dict, dict[uuid.UUID, "FileDetails"]]:
    """The answers in `blob` and the details of `attachments`: what one page that shows a
    proposal needs, under one permission check (and so one audit event)."""
    authorise(challenge, purpose=purpose, actor=actor, proposal=proposal, what="answers")
    return (
        _open_json(challenge, blob, proposal=proposal, actor=actor),
        _open_details(challenge, attachments, proposal=proposal, actor=actor),
    )


# --- file details -------------------------------------------------------------------------------
# A file's name, type, size and hash would tell someone with the database which files each
# bidder sent before the box is opened, so they are sealed too (decision record 0010). Only what
# the application must read without a key stays in the clear: which question, when, by whom,
# and the random name of the ciphertext.


@dataclass(frozen=True)
class FileDetails:
    name: str
    content_type: str
    size: int
    sha256: str


def _details_associated(challenge_pk: int, attachment_uuid) -> bytes:
    # Bound to the attachment, so one file's details cannot be swapped onto another row.
    return associated_data(challenge_pk, "attachment", str(attachment_uuid))


def seal_file_details(challenge, attachment_uuid, details: FileDetails) -> bytes:
    return seal_file_details_with_key(_data_key(challenge), challenge.pk, attachment_uuid, details)


def seal_file_details_with_key(
    data_key: bytes, challenge_pk: int, attachment_uuid, details: FileDetails
) -> bytes:
    return seal_json_with_key(
        data_key, _details_associated(challenge_pk, attachment_uuid), asdict(details)
    )


def open_file_details_with_key(
    data_key: bytes, challenge_pk: int, attachment_uuid, blob: bytes
) -> FileDetails:
    """For migrations, which hold the key material; no permission check."""
    return FileDetails(
        **open_json_with_key(data_key, _details_associated(challenge_pk, attachment_uuid), blob)
    )


def attachment_details(
    attachments: Iterable, *, purpose: Purpose, actor, proposal
) -> dict[uuid.UUID, FileDetails]:
    """The details (name, type, size, SHA-256) of `attachments`, all of `proposal`, by
    attachment UUID: the one way to read them, with the same check as the answers."""
    authorise(
        proposal.challenge, purpose=purpose, actor=actor, proposal=proposal, what="file details"
    )
    return _open_details(proposal.challenge, attachments, proposal=proposal, actor=actor)


def _open_details(challenge, attachments: Iterable, *, proposal, actor):
    attachments = list(attachments)
    if not attachments:
        return {}
    key = _data_key(challenge)
    details = {}
    for attachment in attachments:
        if attachment.proposal_id != proposal.pk:
            raise ValueError(f"Attachment {attachment.uuid} is not part of {proposal}.")
        try:
            details[attachment.uuid] = open_file_details_with_key(
                key, challenge.pk, attachment.uuid, attachment.sealed_details
            )
        except SealBroken as broken:
            _integrity_failure(
                proposal, actor, f"the details of {attachment.storage_name} {broken}"
            )
    return details


# --- files --------------------------------------------------------------------------------------


def sealed_storage():
    """The Django storage holding sealed files: a local folder, or the object store."""
    return storages["sealed"]


def seal_stream(challenge, chunks: Iterable[bytes]) -> str:
    """Encrypt `chunks` into a new sealed file; returns its storage name.

    The ciphertext is written to a local temporary file first and only then handed to the
    storage, so the storage (a local folder or an object store) never sees plaintext.
    Reads `chunks` to the end. If they raise (an upload found too big half way, say), nothing
    is stored and the exception passes on.
    """
    aead = AESGCM(_data_key(challenge))
    prefix = os.urandom(FILE_NONCE_PREFIX_BYTES)
    associated = _associated_data(challenge)
    with tempfile.TemporaryFile(prefix="sealed-") as handle:
        handle.write(FILE_MAGIC + prefix)
        pending = bytearray()
        number = 0
        for chunk in chunks:
            pending += chunk
            # Only a segment known not to be the last is written here; the last one is flagged
            # as such below.
            while len(pending) > SEGMENT_BYTES:
                segment = bytes(pending[:SEGMENT_BYTES])
                del pending[:SEGMENT_BYTES]
                nonce = _segment_nonce(prefix, number, last=False)
                handle.write(aead.encrypt(nonce, segment, associated))
                number += 1
        nonce = _segment_nonce(prefix, number, last=True)
        handle.write(aead.encrypt(nonce, bytes(pending), associated))
        handle.seek(0)
        name = f"{challenge.pk}/{uuid.uuid4().hex}.sealed"
        stored = sealed_storage().save(name, File(handle, name=name))
    if stored != name:
        raise RuntimeError(f"The sealed storage renamed {name} to {stored}.")
    return name


def open_file(
    challenge, storage_name: str, *, purpose: Purpose, actor, proposal
) -> Iterator[bytes]:
    """The file's plaintext in chunks, if `actor` may read `proposal` for `purpose`.

    The permission check and its audit event happen on the call, not when the chunks are first
    read, so a refusal is a 404 before any response starts.
    """
    authorise(challenge, purpose=purpose, actor=actor, proposal=proposal, what=storage_name)
    return _open_file(challenge, storage_name, proposal=proposal, actor=actor)


def open_attachment(
    attachment, *, purpose: Purpose, actor, proposal
) -> tuple[FileDetails, Iterator[bytes]]:
    """An attachment's details and plaintext, for a download: one check, one audit event."""
    authorise(
        proposal.challenge,
        purpose=purpose,
        actor=actor,
        proposal=proposal,
        what=attachment.storage_name,
    )
    [details] = _open_details(
        proposal.challenge, [attachment], proposal=proposal, actor=actor
    ).values()
    return details, _open_file(
        proposal.challenge, attachment.storage_name, proposal=proposal, actor=actor
    )


def _open_file(challenge, storage_name: str, *, proposal, actor) -> Iterator[bytes]:
    aead = AESGCM(_data_key(challenge))
    associated = _associated_data(challenge)
    with sealed_storage().open(storage_name, "rb") as sealed:
        header = sealed.read(len(FILE_MAGIC) + FILE_NONCE_PREFIX_BYTES)
        if not header.startswith(FILE_MAGIC):
            _integrity_failure(proposal, actor, f"{storage_name} is not in the sealed format")
        prefix = header[len(FILE_MAGIC) :]
        block = sealed.read(SEGMENT_BYTES + TAG_BYTES)
        number = 0
        while True:
            following = sealed.read(SEGMENT_BYTES + TAG_BYTES)
            nonce = _segment_nonce(prefix, number, last=not following)
            try:
                yield aead.decrypt(nonce, block, associated)
            except InvalidTag:
                _integrity_failure(proposal, actor, f"{storage_name} does not authenticate")
            if not following:
                return
            block, number = following, number + 1


def delete_file(storage_name: str) -> None:
    sealed_storage().delete(storage_name)


def _segment_nonce(prefix: bytes, number: int, *, last: bool) -> bytes:
    return prefix + number.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


# --- who may open -------------------------------------------------------------------------------


def may_open(challenge, *, purpose: Purpose, actor, proposal) -> bool:
    if purpose == Purpose.SUPPLIER:
        return policies.can(actor, "proposal.view", proposal)
    return is_open_for_evaluation(challenge) and policies.can(
        actor, "proposal.read_opened", proposal
    )


def authorise(challenge, *, purpose: Purpose, actor, proposal, what: str) -> None:
    """Allow, or audit the refusal and raise NotPermitted (a 404). Council-side reads that are
    allowed are audited too; a supplier reading its own work is not, it is theirs."""
    purpose = Purpose(purpose)
    data = {"purpose": purpose.value, "what": what, "challenge": challenge.pk}
    if not may_open(challenge, purpose=purpose, actor=actor, proposal=proposal):
        audit(AuditAction.PROPOSAL_DECRYPTION_REFUSED, actor=actor, target=proposal, data=data)
        raise policies.NotPermitted("proposal.decrypt")
    if purpose == Purpose.EVALUATION:
        audit(AuditAction.PROPOSAL_DECRYPTED, actor=actor, target=proposal, data=data)


def _integrity_failure(proposal, actor, reason: str):
    audit(
        AuditAction.PROPOSAL_INTEGRITY_FAILURE,
        actor=actor,
        target=proposal,
        data={"reason": reason},
    )
    raise SealBroken(reason)
