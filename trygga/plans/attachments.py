"""Files attached to follow-ups: a size limit and a short list of document and image types,
recognised by their first bytes as well as their name (a renamed program is refused)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

ZIP = b"PK\x03\x04"
# extension -> (content type, magic prefix or None for text)
ALLOWED: dict[str, tuple[str, bytes | None]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP,
    ),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "txt": ("text/plain", None),
    "csv": ("text/csv", None),
}
MAX_FILES = 5


def max_bytes() -> int:
    return int(settings.PLAN_ATTACHMENT_MAX_MB) * 1024 * 1024


@dataclass(frozen=True)
class Checked:
    upload: UploadedFile
    name: str
    content_type: str
    size: int


def check(upload: UploadedFile) -> Checked:
    """The upload if it is allowed; ValidationError on `attachments` naming the file."""
    name = PurePath(upload.name or "").name[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    size = int(upload.size or 0)
    if extension not in ALLOWED:
        raise ValidationError(
            {
                "attachments": _("%(name)s: filtypen är inte tillåten. Tillåtna: %(allowed)s.")
                % {"name": name, "allowed": ", ".join(sorted(ALLOWED))}
            }
        )
    if size == 0:
        raise ValidationError({"attachments": _("%(name)s: filen är tom.") % {"name": name}})
    if size > max_bytes():
        raise ValidationError(
            {
                "attachments": _("%(name)s: filen är större än %(mb)s MB.")
                % {"name": name, "mb": max_bytes() // (1024 * 1024)}
            }
        )
    content_type, magic = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if magic is not None and not head.startswith(magic):
        raise ValidationError(
            {
                "attachments": _("%(name)s: innehållet är inte en %(ext)s-fil.")
                % {"name": name, "ext": extension.upper()}
            }
        )
    if magic is None and (b"\x00" in head or _not_text(head)):
        raise ValidationError(
            {"attachments": _("%(name)s: innehållet är inte text.") % {"name": name}}
        )
    return Checked(upload, name, content_type, size)


def _not_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start < len(head) - 3
    return False
