"""
Every uploaded image passes through `clean_image` before it is stored.

The file is judged by its content, never its name or Content-Type; it is checked for size
and pixel count before any pixel is decoded, fully decoded (which catches truncated files
that Pillow's `verify()` lets through), turned upright from its EXIF orientation, shrunk to
a sensible size, and re-encoded. The stored file is a new encoding with no metadata at all,
under a random name: never the bytes the person sent.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_EDGE = 2000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ACCEPTED_TYPES = "JPEG, PNG or WebP"
TOO_MANY_PIXELS = (
    "This image has too many pixels (more than 40 megapixels). Please upload a smaller version."
)


def clean_image(upload, *, max_edge: int = MAX_EDGE) -> ContentFile:
    """Validate an uploaded image and return a re-encoded copy, or raise ValidationError."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            "This image is larger than 10 MB. Please choose a smaller one.", code="too_large"
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; treat a warning as a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in FORMATS:
                    raise ValidationError(
                        f"Please upload a {ACCEPTED_TYPES} image.", code="wrong_type"
                    )
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
                image.load()
                fmt = image.format
                upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses, in Image.open, images far beyond our own limit.
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from None
    except UnidentifiedImageError:
        raise ValidationError(
            f"This file is not an image we can use. Please upload a {ACCEPTED_TYPES} image.",
            code="invalid",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            "This image seems to be damaged or incomplete. Please try another file.",
            code="damaged",
        ) from None

    upright.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    return ContentFile(_encode(upright, fmt), name=f"{uuid.uuid4().hex}.{FORMATS[fmt]}")


def _encode(image: Image.Image, fmt: str) -> bytes:
    # A fresh image from the pixels alone: no EXIF, GPS, XMP, ICC or text chunks survive.
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True},
               "WEBP": {"quality": 85}}[fmt]  # fmt: skip
    clean.save(out, format=fmt, **options)
    return out.getvalue()


THUMBNAIL_EDGE = 480


def make_thumbnail(image_file) -> ContentFile:
    """A small copy of an image that `clean_image` already accepted and re-encoded."""
    image_file.seek(0)
    with Image.open(image_file) as image:
        image.load()
        fmt = image.format
        small = image.copy()
    small.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    return ContentFile(_encode(small, fmt), name=f"{uuid.uuid4().hex}.{FORMATS[fmt]}")
