"""Compression columns: hand-computed token counts for a few image sizes."""

import math

import pytest

from generator.compression import (
    CLIP_336,
    DEEPSEEK_OCR_BASE,
    DEEPSEEK_OCR_LARGE,
    DEEPSEEK_OCR_SMALL,
    DEEPSEEK_OCR_TINY,
    FEATURES,
    PIXEL_16,
    PRESETS,
    QWEN2_5_VL,
    FixedResolutionPreset,
    PatchGridPreset,
    SmartResizePreset,
    compression_columns,
)


@pytest.mark.parametrize(
    "width, height, resized, tokens",
    [
        # 48/28 = 1.71 -> 2 * 28 = 56; 1000/28 = 35.7 -> 36 * 28 = 1008; (56/28) * (1008/28) = 2 * 36
        (1000, 48, (56, 1008), 72),
        # 448 = 16 * 28 exactly: 16 * 16 merged patches
        (448, 448, (448, 448), 256),
        # 28 x 28 = 784 < min_pixels 3136: beta = sqrt(3136 / 400) = 2.8, 20 * 2.8 = 56 on both sides
        (20, 20, (56, 56), 4),
        # 48e6 > max_pixels 12845056: beta = sqrt(48e6 / 12845056) = 1.93309;
        # floor(6000 / beta / 28) = floor(110.85) = 110; floor(8000 / beta / 28) = floor(147.80) = 147
        (8000, 6000, (3080, 4116), 110 * 147),
        # aspect ratio exactly 200 is allowed: 9600 / 28 = 342.86 -> 343
        (9600, 48, (56, 9604), 2 * 343),
    ],
)
def test_qwen_smart_resize_hand_computed(width, height, resized, tokens):
    assert QWEN2_5_VL.resized(height, width) == resized
    assert QWEN2_5_VL.tokens(width, height) == tokens


def test_qwen_refuses_aspect_ratio_over_200_as_none():
    assert QWEN2_5_VL.tokens(9601, 48) is None
    cols = compression_columns("a long line", 9601, 48)
    assert cols["vision_tokens_qwen2_5_vl"] is None
    assert cols["compression_ratio_qwen2_5_vl"] is None
    assert cols["vision_tokens_pixel_16"] == 3 * 601  # ceil(48/16) * ceil(9601/16)


def test_deepseek_ocr_fixed_counts_and_valid_tokens():
    assert [p.tokens(1000, 48) for p in (DEEPSEEK_OCR_TINY, DEEPSEEK_OCR_SMALL, DEEPSEEK_OCR_BASE, DEEPSEEK_OCR_LARGE)] == [
        64, 100, 256, 400]
    # padded modes: ceil(N * min / max)
    assert DEEPSEEK_OCR_BASE.valid_tokens(1000, 48) == 13  # 256 * 0.048 = 12.29
    assert DEEPSEEK_OCR_LARGE.valid_tokens(1280, 640) == 200
    assert DEEPSEEK_OCR_BASE.valid_tokens(512, 512) == 256
    assert DEEPSEEK_OCR_SMALL.valid_tokens(1000, 48) is None  # resized, no padding
    # the native resolutions: tokens = (resolution / 16 / 4) ** 2
    for p in (DEEPSEEK_OCR_TINY, DEEPSEEK_OCR_SMALL, DEEPSEEK_OCR_BASE, DEEPSEEK_OCR_LARGE):
        assert p.n_tokens == (p.resolution // 64) ** 2


def test_clip_and_pixel():
    assert CLIP_336.tokens(1000, 48) == CLIP_336.tokens(3, 3) == 576
    assert PIXEL_16.tokens(8464, 16) == 529  # PIXEL's own strip
    assert PIXEL_16.tokens(16, 16) == 1
    assert PIXEL_16.tokens(17, 17) == 4
    assert PIXEL_16.tokens(100, 48) == 3 * 7


def test_text_side_counts_graphemes_not_code_points():
    from generator.metadata import precision_columns

    cols = precision_columns("ก่า")  # Thai: ko kai + mai ek + sara aa; the text side's units live here
    assert (cols["n_utf8_bytes"], cols["n_codepoints"], cols["n_graphemes"]) == (9, 3, 2)
    khmer = precision_columns("ពេល")
    assert (khmer["n_codepoints"], khmer["n_graphemes"]) == (3, 2)
    assert compression_columns("hello world", 60, 48)["text_tokens_cl100k_base"] == 2
    assert not {"text_utf8_bytes", "text_codepoints", "text_graphemes"} & set(compression_columns("x", 28, 28))


def test_ratio_is_text_tokens_over_vision_tokens():
    cols = compression_columns("hello world", 1000, 48)
    for preset in PRESETS:
        n = cols[f"vision_tokens_{preset.name}"]
        assert math.isclose(cols[f"compression_ratio_{preset.name}"], 2 / n)
    assert cols["compression_ratio_qwen2_5_vl"] == pytest.approx(2 / 72)


def test_features_cover_exactly_the_columns():
    assert list(FEATURES) == list(compression_columns("x", 100, 40))
    assert all(name == name.lower() for name in FEATURES)


@pytest.mark.parametrize(
    "make",
    [
        lambda: SmartResizePreset("Bad Name"),
        lambda: SmartResizePreset("q", min_pixels=10, max_pixels=5),
        lambda: FixedResolutionPreset("f", 336, 576, "crop"),
        lambda: PatchGridPreset("p", patch_size=0),
    ],
)
def test_presets_validate(make):
    with pytest.raises(ValueError):
        make()


@pytest.mark.parametrize("size", [(0, 10), (10, -1), (10.5, 10)])
def test_bad_image_size_is_refused(size):
    with pytest.raises(ValueError, match="image size"):
        compression_columns("a", *size)


def test_presets_are_frozen():
    with pytest.raises(AttributeError):
        QWEN2_5_VL.patch_size = 16  # type: ignore[misc]


def test_docstring_examples():
    import doctest

    import generator.compression as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
