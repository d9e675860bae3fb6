"""Report photos: checked for size and type with Pillow, then re-encoded so that no
metadata (EXIF with GPS position, camera serial numbers, XMP, comments) survives.

Re-encoding is the only way to be sure: removing known tags leaves unknown ones. The
picture is turned upright first (EXIF orientation), so it still looks right without it.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; larger is refused before decoding (image bombs)
MAX_SIDE = 2560  # stored photos are scaled down to this; enough to see a broken lamp
JPEG_QUALITY = 85


def max_bytes() -> int:
    return int(settings.REPORT_PHOTO_MAX_MB) * 1024 * 1024


def clean_photo(upload: UploadedFile) -> ContentFile:
    """A metadata-free copy of an uploaded photo, or ValidationError on the field `photo`.

    JPEG, PNG and WebP are accepted; the copy is a JPEG, or a PNG when the picture has
    transparency.
    """
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {"photo": _("Fotot är för stort (högst %(mb)d MB).") % {"mb": limit // 2**20}}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    {"photo": _("Fotot måste vara en JPEG-, PNG- eller WebP-bild.")}
                )
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError({"photo": _("Fotot har för många pixlar.")})
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationError({"photo": _("Filen är ingen bild som går att läsa.")}) from exc
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = upright.mode in ("RGBA", "LA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    buffer = io.BytesIO()
    if has_alpha:
        clean = upright.convert("RGBA")
        clean.info = {}
        clean.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        clean = upright.convert("RGB")
        clean.info = {}
        clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
