"""Text checks before rendering: what is refused and what is allowed."""

from __future__ import annotations

import pytest

from generator.errors import TextError
from generator.textcheck import MAX_CLUSTER_LENGTH, check_text


@pytest.mark.parametrize("text", ["tab\tand\nnewline", "\u200b\u200c\u200d\u2060\u00ad\ufe0f\u202e\u2066",
                                  "𠀋 𝐀 😀", "a" + "\u0301" * (MAX_CLUSTER_LENGTH - 1), " "])
def test_allowed(text):
    check_text(text)


def test_not_a_string():
    with pytest.raises(TextError, match="must be a str, got bytes"):
        check_text(b"abc")


def test_first_offending_index_is_named():
    with pytest.raises(TextError, match=r"U\+0378 at index 5"):
        check_text("สวัสดี"[:5] + "\u0378" + "\u0379")


def test_max_length_is_a_parameter():
    check_text("x" * 10, max_length=10)
    with pytest.raises(TextError, match="11 code points long, over the limit of 10"):
        check_text("x" * 11, max_length=10)


def test_noncharacter_is_refused():
    with pytest.raises(TextError, match=r"U\+FFFF"):
        check_text("a\uffff")
