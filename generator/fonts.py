"""The pinned fonts: the lock, where each file is found, and its verification.

Every font the renderer may use is listed in ``fonts.lock.toml`` beside this
module, with its Debian package and version, its file, its face index, its
SHA-256 and its licence. A font is looked for in ``$PERCELS_FONT_DIR`` when
that is set (by its path under /usr/share/fonts, or by its bare file name),
otherwise under ``/usr/share/fonts``. Its bytes must match the lock::

    >>> entry = lock()["noto-sans-thai"]
    >>> entry.package, entry.face_index
    ('fonts-noto-core', 0)
    >>> load_font("noto-sans-thai").covers(0x0E01)
    True

Loaded fonts are cached per process: HarfBuzz objects cannot be pickled, so
each worker process opens its own. A font file is hashed in chunks, once per
process, and then memory-mapped by HarfBuzz, never read into Python bytes: the
worker processes of a machine share its pages, and a collection (.ttc) with
several locked faces is mapped once.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import uharfbuzz as hb

from .errors import FontError
from .tomlcompat import tomllib

LOCK_PATH = Path(__file__).with_name("fonts.lock.toml")
SYSTEM_FONT_DIR = Path("/usr/share/fonts")
FONT_DIR_ENV = "PERCELS_FONT_DIR"
_FIELDS = ("package", "version", "file", "face_index", "sha256", "license")


@dataclass(frozen=True)
class FontEntry:
    """One line of the font lock."""

    font_id: str
    package: str
    version: str
    file: str
    face_index: int
    sha256: str
    license: str
    scripts: tuple[str, ...] = ()  # ISO 15924 codes the face covers substantially, most first

    @property
    def install_command(self) -> str:
        return f"apt-get install {self.package}={self.version}"


@lru_cache(maxsize=1)
def lock() -> dict[str, FontEntry]:
    """Read and check the font lock; a malformed lock raises :class:`FontError`."""
    try:
        data = tomllib.loads(LOCK_PATH.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FontError(f"cannot read the font lock {LOCK_PATH}: {exc}") from exc
    fonts = data.get("fonts")
    if not isinstance(fonts, dict) or not fonts:
        raise FontError(f"font lock {LOCK_PATH} has no [fonts.*] tables")
    out = {}
    for font_id, raw in fonts.items():
        missing = [k for k in _FIELDS if k not in raw]
        if missing:
            raise FontError(f"font lock entry '{font_id}' lacks {', '.join(missing)}; regenerate with scripts/lock_fonts.py")
        out[font_id] = FontEntry(font_id, *(raw[k] for k in _FIELDS), scripts=tuple(raw.get("scripts", ())))
    return out


def entry(font_id: str) -> FontEntry:
    try:
        return lock()[font_id]
    except KeyError:
        known = ", ".join(sorted(lock()))
        raise FontError(f"unknown font id '{font_id}'; the font lock has: {known}") from None


def locate(font: FontEntry) -> Path:
    """Path of a locked font's file; :class:`FontError` when it is not installed."""
    env = os.environ.get(FONT_DIR_ENV)
    candidates = [Path(env) / font.file, Path(env) / Path(font.file).name] if env else [SYSTEM_FONT_DIR / font.file]
    for path in candidates:
        if path.is_file():
            return path
    where = f"${FONT_DIR_ENV}={env}" if env else str(SYSTEM_FONT_DIR)
    raise FontError(
        f"font '{font.font_id}' is missing: {Path(font.file).name} from package {font.package} {font.version} "
        f"was not found under {where}. Install it with: {font.install_command}"
    )


@lru_cache(maxsize=None)
def file_sha256(path: str) -> str:
    """SHA-256 of a file, read in 1 MiB chunks (never the whole file in memory); once per process and path."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@lru_cache(maxsize=None)
def _mapped_blob(path: str) -> hb.Blob:
    """HarfBuzz maps the file: every process on the machine shares its pages through the page cache."""
    return hb.Blob.from_file_path(path)


def verified_blob(font: FontEntry, path: Path) -> hb.Blob:
    """The font file's blob, after checking its SHA-256 against the lock.

    One blob per file, shared by every face of a collection (a .ttc holds
    several locked faces).
    """
    digest = file_sha256(str(path))
    if digest != font.sha256:
        raise FontError(
            f"font '{font.font_id}' at {path} does not match the lock: sha256 {digest}, expected {font.sha256} "
            f"(package {font.package} {font.version}). Reinstall it with: "
            f"apt-get install --reinstall {font.package}={font.version}"
        )
    return _mapped_blob(str(path))


class Coverage:
    """The code points a font maps: a 256-bit mask per block of 256 code points that holds any.

    A flat bitmap of all of Unicode would take 139 KB a face, about 28 MB for
    the ~200 locked faces a pages worker opens; a set of Python ints about 80
    bytes per code point (some 40 MB for the CJK faces alone). The masks take
    a few hundred bytes for a script font and under 20 KB for a CJK face.

        >>> c = Coverage([0x41, 0x0E01, 0x10FFFF, 0x41])
        >>> 0x41 in c, 0x42 in c, 0x10FFFF in c, 0x110000 in c, -1 in c, "A" in c, len(c), sorted(c)
        (True, False, True, False, False, False, 3, [65, 3585, 1114111])
        >>> sorted(Coverage.union([c, Coverage([0x42, 0x41])]))
        [65, 66, 3585, 1114111]
    """

    __slots__ = ("_blocks", "_count")
    _SIZE = 0x110000

    def __init__(self, code_points):
        # numpy sorts the code points into blocks and packs each block's 256 bits; a Python loop over a CJK
        # face's 30,000 code points took most of the time the driver spends opening all the fonts
        cps = np.fromiter(code_points, dtype=np.int64)
        cps = np.unique(cps[(cps >= 0) & (cps < self._SIZE)])
        block_ids, index = np.unique(cps >> 8, return_inverse=True)
        bits = np.zeros((len(block_ids), 256), dtype=bool)
        bits[index, cps & 0xFF] = True
        packed = np.packbits(bits, axis=1, bitorder="little")
        self._blocks = {int(block): int.from_bytes(row.tobytes(), "little") for block, row in zip(block_ids, packed)}
        self._count = len(cps)

    @classmethod
    def union(cls, coverages) -> "Coverage":
        """The code points any of ``coverages`` maps, merged block by block."""
        out = cls(())
        blocks = out._blocks
        for coverage in coverages:
            for block, mask in coverage._blocks.items():
                blocks[block] = blocks.get(block, 0) | mask
        out._count = sum(mask.bit_count() for mask in blocks.values())
        return out

    def __contains__(self, cp: object) -> bool:
        return isinstance(cp, int) and (self._blocks.get(cp >> 8, 0) >> (cp & 0xFF)) & 1 == 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        for block in sorted(self._blocks):
            mask, base = self._blocks[block], block << 8
            while mask:
                low = mask & -mask
                yield base + low.bit_length() - 1
                mask ^= low


@dataclass(eq=False)
class LoadedFont:
    """A verified font opened with HarfBuzz, with its character coverage."""

    entry: FontEntry
    path: Path
    face: hb.Face
    font: hb.Font
    coverage: Coverage
    is_color_bitmap: bool
    upem: int
    _scaled: dict[int, hb.Font] = field(default_factory=dict, repr=False)

    @property
    def font_id(self) -> str:
        return self.entry.font_id

    def covers(self, cp: int) -> bool:
        return cp in self.coverage

    def at_size(self, size: int) -> hb.Font:
        """An ``hb.Font`` scaled to ``size`` px per em in 26.6 units (1/64 px)."""
        f = self._scaled.get(size)
        if f is None:
            f = hb.Font(self.face)
            f.scale = (size * 64, size * 64)
            self._scaled[size] = f
        return f


@lru_cache(maxsize=None)
def load_font(font_id: str) -> LoadedFont:
    """Open a locked font after checking its SHA-256 (once per process)."""
    e = entry(font_id)
    path = locate(e)
    blob = verified_blob(e, path)
    face = hb.Face(blob, e.face_index)
    if face.glyph_count <= 1:
        raise FontError(f"font '{font_id}': face index {e.face_index} of {path} has no glyphs; check the lock")
    return LoadedFont(
        entry=e,
        path=path,
        face=face,
        font=hb.Font(face),
        coverage=Coverage(face.unicodes),
        is_color_bitmap=face.has_color_png,
        upem=face.upem,
    )


def forget_fonts() -> None:
    """Close every font this process opened: their mapped pages leave its memory (a build worker calls this when
    its shards move to another config). Fonts open again when next used, without hashing their files again.

    >>> first = load_font("noto-sans"); forget_fonts(); load_font("noto-sans") is first
    False
    """
    load_font.cache_clear()
    _mapped_blob.cache_clear()


def verify_all() -> list[FontEntry]:
    """Load every locked font, raising on the first missing or altered one."""
    for font_id in lock():
        load_font(font_id)
    return list(lock().values())
