"""Photos and signature images: bytes by sha256, an Attachment record pointing at them."""

from __future__ import annotations

from desktop.domain.canonical import sha256_hex
from desktop.domain.entities import Attachment
from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.ids import uuid7
from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services.base import ChangeSet, Outcome, Session, Store, load_required
from desktop.storage.blobs import get_blob, put_blob

MAX_ATTACHMENT_BYTES = 15_000_000
MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def media_type_of(data: bytes) -> str | None:
    for media_type, prefixes in MAGIC.items():
        if any(data.startswith(prefix) for prefix in prefixes):
            return media_type
    return None


def check_image(name: str, data: bytes) -> str:
    """The media type of a photo, or a sentence saying why it cannot be attached."""
    if not data:
        raise ValidationError(_("The file {name} is empty.").format(name=name))
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file {name} is larger than {limit} MB; take a smaller photo.").format(
                name=name, limit=MAX_ATTACHMENT_BYTES // 1_000_000
            )
        )
    media_type = media_type_of(data)
    if media_type is None:
        raise ValidationError(_("The file {name} is not a PNG or JPEG photo.").format(name=name))
    return media_type


def stage_attachment(changes: ChangeSet, owner_id: str, name: str, data: bytes) -> Attachment:
    """Store the bytes and add the Attachment record to a unit of work already open."""
    media_type = check_image(name, data)
    digest = sha256_hex(data)
    put_blob(changes.connection, digest, data)
    attachment = Attachment(uuid7(), digest, media_type, len(data), name[:200], owner_id)
    changes.put(attachment)
    return attachment


class AttachmentService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, session: Session, owner_id: str, name: str, data: bytes) -> Outcome[Attachment]:
        with self._store.change(session, Action.ATTACH_FILES) as changes:
            attachment = stage_attachment(changes, owner_id, name, data)
        return Outcome(attachment, self._store.report(changes.drafts))

    def attachment(self, attachment_id: str) -> Attachment:
        """The attachment record a photo id names (for its hash, type and name)."""
        with self._store.read() as connection:
            return load_required(connection, Attachment, attachment_id)

    def data(self, sha256: str) -> bytes:
        with self._store.read() as connection:
            data = get_blob(connection, sha256)
        if data is None:
            raise NotFound(
                _("That photo is not on this laptop yet; import it from the laptop that took it.")
            )
        return data
