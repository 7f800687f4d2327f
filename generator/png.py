"""PNG for page images: unfiltered rows, deflated by ISA-L.

A page is about 25 times the pixels of a line, and Pillow's PNG writer spends
most of its time choosing a filter for every row. Dark text on a white page
compresses as well without any filter (runs of white), and ISA-L's deflate
is several times faster than zlib's at a similar size
(``scripts/bench_pages.py --png`` measures both). The file is an ordinary
8-bit grayscale (or RGB) PNG that any decoder reads; the same pixels always
give the same bytes::

    >>> import io
    >>> from PIL import Image
    >>> im = Image.new("L", (40, 20), 255)
    >>> im.paste(0, (4, 4, 12, 16))
    >>> data = encode_png(im)
    >>> data[:8] == PNG_SIGNATURE, Image.open(io.BytesIO(data)).tobytes() == im.tobytes()
    (True, True)
    >>> encode_png(im) == data
    True
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from isal import isal_zlib
from PIL import Image

from .errors import RenderError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: ISA-L's level (0 to 3): 1 is as small as 2 and 3 on pages, and the fastest that finds matches.
PAGE_PNG_LEVEL = 1
_COLOR_TYPE = {"L": 0, "RGB": 2}  # PNG colour types of the modes a page is drawn in


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def encode_png(image: Image.Image, level: int = PAGE_PNG_LEVEL) -> bytes:
    """The PNG bytes of an "L" or "RGB" ``image``: 8 bits per sample, filter type 0 (None) on every row."""
    if image.mode not in _COLOR_TYPE:
        raise RenderError(f"encode_png takes an 'L' or 'RGB' image, got mode {image.mode!r}; convert it first")
    width, height = image.size
    rows = np.asarray(image).reshape(height, -1)
    raw = np.zeros((height, rows.shape[1] + 1), np.uint8)  # each row: its filter type byte (0), then its samples
    raw[:, 1:] = rows
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPE[image.mode], 0, 0, 0)
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", isal_zlib.compress(raw, level))
            + _chunk(b"IEND", b""))
