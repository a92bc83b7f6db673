import io
import random
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from cryoinfo.images import clean_image

RANDOM_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp)")
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def reopen(result) -> Image.Image:
    """The stored file as Pillow sees it, fully decoded."""
    result.seek(0)
    image = Image.open(io.BytesIO(result.read()))
    image.load()
    return image


def refusal(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    with pytest.raises(ValidationError) as caught:
        clean_image(upload(data, name, content_type))
    return caught.value


def png_claiming_size(width: int, height: int) -> bytes:
    """
    A 1×1 PNG whose header claims `width`×`height`: a few dozen bytes, no matter the claim.

    Its pixel data cannot fill the claimed size, so decoding it would fail as "damaged";
    being refused for its pixel count shows the count was checked before any decoding.
    """
    data = bytearray(encode(Image.new("1", (1, 1)), "PNG"))
    # Signature (8 bytes), then the IHDR chunk: length (4), "IHDR" (4), fields (13), CRC (4).
    assert data[12:16] == b"IHDR"
    fields = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = fields
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + fields))
    return bytes(data)


# --- What is accepted ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mode", "extension"),
    [("JPEG", "RGB", "jpg"), ("PNG", "RGBA", "png"), ("WEBP", "RGB", "webp")],
)
def test_jpeg_png_and_webp_come_back_in_the_same_format(fmt, mode, extension):
    data = encode(Image.new(mode, (120, 80), "teal"), fmt)

    result = clean_image(upload(data, f"photo.{extension}", CONTENT_TYPES[fmt]))

    assert result.name.endswith(f".{extension}")
    image = reopen(result)
    assert image.format == fmt
    assert image.size == (120, 80)


def test_png_keeps_its_transparency():
    original = Image.new("RGBA", (40, 20), (255, 0, 0, 255))
    original.paste((0, 0, 0, 0), (20, 0, 40, 20))

    image = reopen(clean_image(upload(encode(original, "PNG"), "logo.png", "image/png")))

    assert image.mode == "RGBA"
    assert image.getpixel((5, 10)) == (255, 0, 0, 255)
    assert image.getpixel((35, 10))[3] == 0


def test_an_upload_already_read_by_someone_else_is_read_from_the_start():
    photo = upload(encode(Image.new("RGB", (30, 20), "navy"), "JPEG"))
    photo.read()

    assert reopen(clean_image(photo)).size == (30, 20)


@pytest.mark.parametrize("name", ["../../etc/passwd.jpg", "photo.jpg", "x.png", "<script>.webp"])
def test_the_stored_name_is_random_and_ignores_the_uploaded_name(name):
    data = encode(Image.new("RGB", (10, 10)), "JPEG")

    result = clean_image(upload(data, name))

    assert RANDOM_NAME.fullmatch(result.name)
    assert result.name.endswith(".jpg")


def test_two_uploads_of_the_same_file_get_different_names():
    data = encode(Image.new("RGB", (10, 10)), "JPEG")

    assert clean_image(upload(data)).name != clean_image(upload(data)).name


def test_the_extension_follows_the_content_not_the_uploaded_name():
    data = encode(Image.new("RGB", (10, 10)), "PNG")

    result = clean_image(upload(data, "photo.jpg", "image/jpeg"))

    assert result.name.endswith(".png")
    assert reopen(result).format == "PNG"


# --- Metadata is stripped ------------------------------------------------------------------------


def test_jpeg_location_camera_and_other_metadata_are_removed():
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "EOS 5D"  # Model
    exif[0x0132] = "2024:05:01 10:00:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 40.0)})
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(
        Image.new("RGB", (64, 48), "teal"),
        "JPEG",
        exif=exif,
        icc_profile=srgb,
        comment=b"12 Acacia Avenue",
        xmp=b"<x:xmpmeta>Alice at home</x:xmpmeta>",
    )
    sent = Image.open(io.BytesIO(data))
    assert sent.getexif().get_ifd(0x8825)[1] == "N"
    assert {"exif", "icc_profile", "comment", "xmp"} <= set(sent.info)

    result = clean_image(upload(data))

    image = reopen(result)
    assert dict(image.getexif()) == {}
    assert not {"exif", "icc_profile", "comment", "xmp"} & set(image.info)
    result.seek(0)
    stored = result.read()
    assert b"Canon" not in stored
    assert b"Acacia" not in stored
    assert b"Alice" not in stored


def test_png_text_chunks_are_removed():
    text = PngInfo()
    text.add_text("Author", "Alice Example")
    text.add_text("Comment", "Taken at 12 Acacia Avenue")
    data = encode(Image.new("RGB", (30, 20), "teal"), "PNG", pnginfo=text)
    assert Image.open(io.BytesIO(data)).info["Author"] == "Alice Example"

    result = clean_image(upload(data, "scan.png", "image/png"))

    image = reopen(result)
    assert "Author" not in image.info
    assert "Comment" not in image.info
    result.seek(0)
    assert b"Acacia" not in result.read()


def test_exif_orientation_is_applied_to_the_pixels():
    """Phones store a rotated photo sideways plus an orientation tag; we store it upright."""
    sideways = Image.new("RGB", (200, 100), "blue")
    sideways.paste("red", (0, 0, 100, 100))  # left half red
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to display
    data = encode(sideways, "JPEG", exif=exif, quality=95)

    image = reopen(clean_image(upload(data)))

    assert image.size == (100, 200)
    # Turned clockwise, the left half ends up on top.
    red, _, blue = image.getpixel((50, 50))
    assert red > 200 and blue < 60
    red, _, blue = image.getpixel((50, 150))
    assert red < 60 and blue > 200
    # No tag left behind to make a viewer turn it a second time.
    assert 0x0112 not in image.getexif()


# --- Resizing ------------------------------------------------------------------------------------


def test_a_large_image_is_scaled_to_2000_px_on_its_long_edge_keeping_its_shape():
    data = encode(Image.new("RGB", (3000, 1500), "teal"), "JPEG")

    assert reopen(clean_image(upload(data))).size == (2000, 1000)


def test_a_tall_image_is_scaled_by_its_height():
    data = encode(Image.new("RGB", (1200, 2400), "teal"), "PNG")

    assert reopen(clean_image(upload(data, "tall.png", "image/png"))).size == (1000, 2000)


def test_max_edge_can_be_chosen_by_the_caller():
    data = encode(Image.new("RGB", (1000, 250), "teal"), "JPEG")

    assert reopen(clean_image(upload(data), max_edge=500)).size == (500, 125)


def test_a_small_image_is_not_enlarged():
    data = encode(Image.new("RGB", (300, 200), "teal"), "JPEG")

    assert reopen(clean_image(upload(data))).size == (300, 200)


# --- What is refused -----------------------------------------------------------------------------


def test_html_named_like_a_jpeg_is_refused_as_not_an_image():
    error = refusal(b"<!doctype html><script>alert(1)</script>", "photo.jpg", "image/jpeg")

    assert error.code == "invalid"


def test_an_empty_file_is_refused_as_not_an_image():
    assert refusal(b"", "photo.jpg").code == "invalid"


@pytest.mark.parametrize(
    ("fmt", "name", "content_type"),
    [("GIF", "funny.gif", "image/gif"), ("BMP", "scan.bmp", "image/bmp")],
)
def test_gif_and_bmp_are_refused_as_the_wrong_type(fmt, name, content_type):
    data = encode(Image.new("RGB", (20, 20), "teal"), fmt)

    error = refusal(data, name, content_type)

    assert error.code == "wrong_type"
    assert error.messages == ["Please upload a JPEG, PNG or WebP image."]


def test_a_gif_claiming_to_be_a_jpeg_is_still_the_wrong_type():
    data = encode(Image.new("RGB", (20, 20), "teal"), "GIF")

    assert refusal(data, "photo.jpg", "image/jpeg").code == "wrong_type"


def test_a_truncated_jpeg_is_refused_as_damaged():
    """Pillow's `verify()` passes a JPEG with its second half missing; decoding does not."""
    noise = Image.frombytes("RGB", (800, 600), random.Random(1).randbytes(800 * 600 * 3))
    data = encode(noise, "JPEG")
    truncated = data[: len(data) // 2]
    Image.open(io.BytesIO(truncated)).verify()  # does not raise

    error = refusal(truncated)

    assert error.code == "damaged"
    assert error.messages == [
        "This image seems to be damaged or incomplete. Please try another file."
    ]


def test_an_image_with_too_many_pixels_is_refused_before_decoding():
    error = refusal(png_claiming_size(8000, 6000), "huge.png", "image/png")

    assert error.code == "too_many_pixels"
    assert "40 megapixels" in error.messages[0]


def test_a_100_megapixel_image_is_refused_for_its_pixel_count():
    error = refusal(png_claiming_size(10000, 10000), "bomb.png", "image/png")

    assert error.code == "too_many_pixels"


def test_an_image_past_pillows_own_bomb_limit_is_refused_not_crashing():
    with pytest.raises(ValidationError):
        clean_image(upload(png_claiming_size(20000, 20000), "bomb.png", "image/png"))


def test_a_file_over_10_mb_is_refused_as_too_large():
    error = refusal(b"\0" * (10 * 1024 * 1024 + 1))

    assert error.code == "too_large"
    assert error.messages == ["This image is larger than 10 MB. Please choose a smaller one."]


def test_a_file_of_exactly_10_mb_is_not_too_large():
    assert refusal(b"\0" * (10 * 1024 * 1024)).code == "invalid"
