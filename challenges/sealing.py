"""The sealed box: proposal answers and files encrypted at rest.

Envelope encryption. Each challenge has its own random 256-bit data key; the database holds it
only wrapped (RFC 3394 AES key wrap) by the master key, which comes from the environment. A copy
of the database, a backup or the sealed files on disk therefore open nothing without the
master key, and the application itself decrypts only through the checks below:

- the owning supplier organisation may read its own proposal (to edit it, see its receipt);
- the council side may read only after the two-person opening (procurement.evaluation), and
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
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from procurement import clock
from procurement.accounts import policies
from procurement.audit.services import record as audit

from .models import ChallengeKey

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
    if row.master_key_id != master_key_id(master):
        raise ImproperlyConfigured(
            f"The data key of challenge {challenge.pk} was wrapped by master key "
            f"{row.master_key_id}, but SEALED_BOX_MASTER_KEY is {master_key_id(master)}."
        )
    try:
        return aes_key_unwrap(master, bytes(row.wrapped_key))
    except InvalidUnwrap:
        raise SealBroken(f"The data key of challenge {challenge.pk} has been altered.") from None


def _associated_data(challenge) -> bytes:
    # Ties ciphertext to its challenge: a blob copied into another challenge's rows fails.
    return b"challenge:%d" % challenge.pk


# --- answers (JSON) -----------------------------------------------------------------------------


def seal_json(challenge, obj) -> bytes:
    plaintext = json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_data_key(challenge)).encrypt(nonce, plaintext, _associated_data(challenge))
    return JSON_MAGIC + nonce + sealed


def open_json(challenge, blob: bytes, *, purpose: Purpose, actor, proposal):
    """The answers in `blob`, if `actor` may read `proposal` for `purpose` (404 otherwise)."""
    authorise(challenge, purpose=purpose, actor=actor, proposal=proposal, what="answers")
    return _open_json(challenge, blob, proposal=proposal, actor=actor)


def _open_json(challenge, blob: bytes, *, proposal, actor):
    blob = bytes(blob)
    if not blob:
        return {}
    if not blob.startswith(JSON_MAGIC):
        _integrity_failure(proposal, actor, "answers are not in the sealed format")
    nonce = blob[len(JSON_MAGIC) : len(JSON_MAGIC) + NONCE_BYTES]
    sealed = blob[len(JSON_MAGIC) + NONCE_BYTES :]
    try:
        plaintext = AESGCM(_data_key(challenge)).decrypt(nonce, sealed, _associated_data(challenge))
    except InvalidTag:
        _integrity_failure(proposal, actor, "answers do not authenticate")
    return json.loads(plaintext)


# --- files --------------------------------------------------------------------------------------


def storage_root() -> Path:
    return Path(settings.SEALED_STORAGE_ROOT)


def seal_stream(challenge, chunks: Iterable[bytes]) -> str:
    """Encrypt `chunks` to a new file under SEALED_STORAGE_ROOT; returns its storage name.

    Reads `chunks` to the end. If they raise (an upload found too big half way, say), the
    partly written file is removed and the exception passes on.
    """
    folder = storage_root() / str(challenge.pk)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    aead = AESGCM(_data_key(challenge))
    prefix = os.urandom(FILE_NONCE_PREFIX_BYTES)
    associated = _associated_data(challenge)
    handle = tempfile.NamedTemporaryFile(dir=folder, prefix=".upload-", delete=False)  # noqa: SIM115
    try:
        with handle:
            handle.write(FILE_MAGIC + prefix)
            pending = bytearray()
            number = 0
            for chunk in chunks:
                pending += chunk
                # Only a segment known not to be the last is written here; the last one is
                # flagged as such below.
                while len(pending) > SEGMENT_BYTES:
                    segment = bytes(pending[:SEGMENT_BYTES])
                    del pending[:SEGMENT_BYTES]
                    nonce = _segment_nonce(prefix, number, last=False)
                    handle.write(aead.encrypt(nonce, segment, associated))
                    number += 1
            nonce = _segment_nonce(prefix, number, last=True)
            handle.write(aead.encrypt(nonce, bytes(pending), associated))
        name = f"{challenge.pk}/{uuid.uuid4().hex}.sealed"
        os.replace(handle.name, storage_root() / name)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
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


def _open_file(challenge, storage_name: str, *, proposal, actor) -> Iterator[bytes]:
    path = storage_root() / storage_name
    aead = AESGCM(_data_key(challenge))
    associated = _associated_data(challenge)
    with path.open("rb") as sealed:
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
    (storage_root() / storage_name).unlink(missing_ok=True)


def _segment_nonce(prefix: bytes, number: int, *, last: bool) -> bytes:
    return prefix + number.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


# --- who may open -------------------------------------------------------------------------------


def may_open(challenge, *, purpose: Purpose, actor, proposal) -> bool:
    if purpose == Purpose.SUPPLIER:
        return policies.can(actor, "proposal.view", proposal)
    from procurement.evaluation.selectors import is_open_for_evaluation

    return is_open_for_evaluation(challenge) and policies.can(
        actor, "proposal.read_opened", proposal
    )


def authorise(challenge, *, purpose: Purpose, actor, proposal, what: str) -> None:
    """Allow, or audit the refusal and raise NotPermitted (a 404). Council-side reads that are
    allowed are audited too; a supplier reading its own work is not, it is theirs."""
    purpose = Purpose(purpose)
    data = {"purpose": purpose.value, "what": what, "challenge": challenge.pk}
    if not may_open(challenge, purpose=purpose, actor=actor, proposal=proposal):
        audit("proposal.decryption_refused", actor=actor, target=proposal, data=data)
        raise policies.NotPermitted("proposal.decrypt")
    if purpose == Purpose.EVALUATION:
        audit("proposal.decrypted", actor=actor, target=proposal, data=data)


def _integrity_failure(proposal, actor, reason: str):
    audit("proposal.integrity_failure", actor=actor, target=proposal, data={"reason": reason})
    raise SealBroken(reason)
