"""Photos: type and size are checked, and re-encoding strips EXIF, GPS included."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from trygga.reports.photos import clean_photo

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraTillverkare"  # Make
    exif[0x0131] = "Telefon 1.0"  # Software
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (59.0, 22.0, 15.0)
    gps[3] = "E"
    gps[4] = (16.0, 30.0, 36.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_jpeg_fixture__really_carries_gps():
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        assert image.getexif().get_ifd(GPS_IFD)[2] == (59.0, 22.0, 15.0)


def test_clean_photo__strips_exif_with_gps(settings):
    upload = SimpleUploadedFile("foto.jpg", jpeg_with_gps(), content_type="image/jpeg")
    clean = clean_photo(upload)
    data = clean.read()
    assert b"KameraTillverkare" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert not image.getexif()
        assert "exif" not in image.info


def test_submit_report__stores_the_stripped_photo(submit, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    report = submit(photo=SimpleUploadedFile("foto.jpg", jpeg_with_gps()))
    assert report.photo.name.startswith("reports/")
    assert not report.photo_is_public
    with Image.open(report.photo.path) as image:
        assert not image.getexif()


def test_clean_photo__keeps_transparency_as_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, format="PNG")
    clean = clean_photo(SimpleUploadedFile("a.png", buffer.getvalue()))
    assert clean.name.endswith(".png")


def test_clean_photo__turns_webp_into_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="WEBP")
    assert clean_photo(SimpleUploadedFile("a.webp", buffer.getvalue())).name.endswith(".jpg")


@pytest.mark.parametrize(
    "content",
    [b"not an image at all", b"%PDF-1.4 a pdf", b"GIF89a" + b"\x00" * 20],
)
def test_clean_photo__refuses_what_is_not_an_accepted_image(content):
    with pytest.raises(ValidationError) as error:
        clean_photo(SimpleUploadedFile("x.jpg", content))
    assert "photo" in error.value.message_dict


def test_clean_photo__refuses_a_gif():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    with pytest.raises(ValidationError) as error:
        clean_photo(SimpleUploadedFile("x.gif", buffer.getvalue()))
    assert "JPEG" in error.value.message_dict["photo"][0]


def test_clean_photo__refuses_a_file_over_the_size_limit(settings):
    settings.REPORT_PHOTO_MAX_MB = 1
    upload = SimpleUploadedFile("big.jpg", jpeg_with_gps() + b"\x00" * (2**20 + 1))
    with pytest.raises(ValidationError) as error:
        clean_photo(upload)
    assert "1 MB" in error.value.message_dict["photo"][0]
