"""PNG of pages: lossless in every mode a page is drawn in, readable by Pillow and by plain zlib, deterministic."""

from __future__ import annotations

import doctest
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from generator import png, render_page
from generator.errors import RenderError
from generator.png import PNG_SIGNATURE, encode_png


def test_doctests():
    assert doctest.testmod(png).failed == 0


def _noise(mode: str, size=(37, 23)) -> Image.Image:
    rng = np.random.default_rng(8)
    shape = (size[1], size[0]) + ((3,) if mode == "RGB" else ())
    return Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8), mode)


@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_pillow_reads_back_the_exact_pixels(mode):
    im = _noise(mode)
    back = Image.open(io.BytesIO(encode_png(im)))
    assert back.mode == mode and back.size == im.size
    assert np.array_equal(np.asarray(back), np.asarray(im))


def test_chunks_rows_and_checksums_follow_the_png_format():
    im = _noise("L", (5, 3))
    data = encode_png(im)
    assert data[:8] == PNG_SIGNATURE
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks.append((kind, body))
        pos += 12 + length
    assert [k for k, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    assert chunks[0][1] == struct.pack(">IIBBBBB", 5, 3, 8, 0, 0, 0, 0)
    raw = np.frombuffer(zlib.decompress(chunks[1][1]), np.uint8).reshape(3, 6)
    assert (raw[:, 0] == 0).all()  # filter type None on every row
    assert np.array_equal(raw[:, 1:], np.asarray(im))


def test_other_modes_are_a_named_error():
    with pytest.raises(RenderError, match="mode 'RGBA'"):
        encode_png(Image.new("RGBA", (4, 4)))


def test_a_page_png_holds_the_page_pixels_and_is_smaller_than_pillows():
    r = render_page("Pages are mostly white. " * 40 + "\nשלום עולם", width=512, height=512)
    data = r.to_png()
    assert data == encode_png(r.image) and data == r.to_png()
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), r.pixels())
    out = io.BytesIO()
    r.image.save(out, format="PNG", compress_level=1)
    assert len(data) < len(out.getvalue())


def test_a_page_with_colour_emoji_is_an_rgb_png():
    r = render_page("Weather 🌧️ then ☀️ today", width=256, height=128)
    back = Image.open(io.BytesIO(r.to_png()))
    assert back.mode == "RGB" and np.array_equal(np.asarray(back), r.pixels())
