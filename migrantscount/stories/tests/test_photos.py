"""Photos: checked by content, re-encoded, resized and stripped of every metadata."""

import zipfile
import zlib
from io import BytesIO

import pytest
from PIL import Image

from migrantscount.stories.photos import MAX_SIDE, PhotoError, process_photo

from .factories import jpeg_with_gps


def _process(content: bytes):
    return process_photo(BytesIO(content), size=len(content))


def _png(image: Image.Image, **params: object) -> bytes:
    output = BytesIO()
    image.save(output, "PNG", **params)
    return output.getvalue()


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A 1-bit PNG of width × height that is small on disk (all-zero rows compress)."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height))
    data += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )


def zip_bomb() -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\x00" * 20_000_000)
    return output.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script><rect width="10" '
    b'height="10"/></svg>'
)


def test_gps_exif_and_comments_are_removed():
    original = jpeg_with_gps(artist="MARKER-ARTIST")
    with Image.open(BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the fixture does carry GPS
    photo = _process(original)
    with Image.open(BytesIO(photo.content)) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert "exif" not in image.info
        assert "comment" not in image.info
        assert "icc_profile" not in image.info
    assert b"MARKER-ARTIST" not in photo.content
    assert b"CameraMaker" not in photo.content


def test_large_photo_is_resized_to_the_maximum_side():
    photo = _process(jpeg_with_gps(size=(4000, 1000)))
    assert (photo.width, photo.height) == (MAX_SIDE, 500)


def test_png_with_transparency_and_webp_are_accepted_as_jpeg():
    transparent = Image.new("RGBA", (50, 40), (0, 0, 0, 0))
    assert _process(_png(transparent)).content[:2] == b"\xff\xd8"
    output = BytesIO()
    Image.new("RGB", (30, 30), "blue").save(output, "WEBP")
    assert (_process(output.getvalue()).width, 30) == (30, 30)


def test_exif_orientation_is_applied_before_stripping():
    image = Image.new("RGB", (100, 50))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    output = BytesIO()
    image.save(output, "JPEG", exif=exif)
    photo = _process(output.getvalue())
    assert (photo.width, photo.height) == (50, 100)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(zip_bomb(), id="zip-bomb"),
        pytest.param(SVG_WITH_SCRIPT, id="svg-with-script"),
        pytest.param(b"just some text, not an image", id="text"),
        pytest.param(b"%PDF-1.4\n%...", id="pdf"),
        pytest.param(jpeg_with_gps()[:300], id="truncated-jpeg"),
        pytest.param(
            _png(Image.new("RGB", (10, 10))).replace(b"IHDR", b"IHDX"), id="bad-png"
        ),
    ],
)
def test_files_that_are_not_accepted_images_are_refused(content):
    with pytest.raises(PhotoError, match="JPEG, PNG or WebP"):
        _process(content)


def test_gif_is_refused_even_though_pillow_reads_it():
    output = BytesIO()
    Image.new("P", (10, 10)).save(output, "GIF")
    with pytest.raises(PhotoError, match="JPEG, PNG or WebP"):
        _process(output.getvalue())


def test_decompression_bomb_png_is_refused_before_decoding():
    content = huge_png()
    assert len(content) < 1_000_000  # small on disk, 400 megapixels inside
    with pytest.raises(PhotoError, match="too large"):
        _process(content)


def test_pixel_limit_is_a_setting(settings):
    settings.STORIES_MAX_PHOTO_PIXELS = 100 * 100
    with pytest.raises(PhotoError, match="too large"):
        _process(jpeg_with_gps(size=(101, 100)))
    assert _process(jpeg_with_gps(size=(100, 100))).width == 100


def test_oversized_file_is_refused_by_its_size(settings):
    settings.STORIES_MAX_PHOTO_BYTES = 1000
    content = jpeg_with_gps()
    assert len(content) > 1000
    with pytest.raises(PhotoError, match="too big"):
        _process(content)
