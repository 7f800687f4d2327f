"""The font lock: every pinned font verifies; a missing or altered font is a named error."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import pytest

from generator import FontError
from generator import fonts
from generator.fonts import entry, load_font, locate, lock


@pytest.fixture
def fresh_fonts(monkeypatch):
    """Forget loaded fonts before and after, so PERCELS_FONT_DIR is honoured."""
    _forget_fonts()
    yield monkeypatch
    _forget_fonts()


def _forget_fonts():
    for cached in (load_font, fonts.file_sha256, fonts._mapped_blob):
        cached.cache_clear()


def test_every_locked_font_matches_its_sha256():
    seen = {}
    for e in lock().values():
        path = locate(e)
        if path not in seen:
            seen[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        assert seen[path] == e.sha256 == fonts.file_sha256(str(path)), e.font_id
        assert e.package.startswith("fonts-") and e.version and e.license


def test_lock_covers_every_font_the_selection_names():
    from generator import selection

    named = set(selection._LAST_RESORT) | {selection.EMOJI_FONT}
    for by_style in selection._PRIMARY.values():
        for ids in by_style.values():
            named |= set(ids)
    for chain in selection._FALLBACK.values():
        named |= set(chain)
    assert named <= set(lock())


def test_missing_font_names_file_package_and_command(fresh_fonts, tmp_path):
    fresh_fonts.setenv("PERCELS_FONT_DIR", str(tmp_path))
    with pytest.raises(FontError) as err:
        load_font("noto-sans-thai")
    msg = str(err.value)
    assert "NotoSansThai-Regular.ttf" in msg and "fonts-noto-core" in msg
    assert "apt-get install fonts-noto-core=20201225-1" in msg


def test_altered_font_is_refused(fresh_fonts, tmp_path):
    e = entry("noto-sans-lao")
    data = bytearray(locate(e).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "NotoSansLao-Regular.ttf").write_bytes(bytes(data))
    fresh_fonts.setenv("PERCELS_FONT_DIR", str(tmp_path))
    with pytest.raises(FontError, match="does not match the lock"):
        load_font("noto-sans-lao")


def test_font_dir_by_bare_file_name(fresh_fonts, tmp_path):
    e = entry("noto-sans-khmer")
    shutil.copy(locate(e), tmp_path / "NotoSansKhmer-Regular.ttf")
    fresh_fonts.setenv("PERCELS_FONT_DIR", str(tmp_path))
    assert load_font("noto-sans-khmer").path.parent == tmp_path
    assert load_font("noto-sans-khmer").covers(0x1780)


def test_unknown_font_id_lists_the_lock():
    with pytest.raises(FontError, match="unknown font id 'comic-sans'.*noto-sans"):
        entry("comic-sans")


def test_cjk_faces_are_distinct_indices_of_one_collection():
    jp, kr, sc, tc = (entry(f"noto-sans-cjk-{r}") for r in ("jp", "kr", "sc", "tc"))
    assert len({jp.file, kr.file, sc.file, tc.file}) == 1
    assert [jp.face_index, kr.face_index, sc.face_index, tc.face_index] == [0, 1, 2, 3]


def test_fonts_command_checks_everything():
    done = subprocess.run([sys.executable, "-m", "generator", "fonts", "--check"], capture_output=True, text=True)
    assert done.returncode == 0 and f"{len(lock())} pinned fonts verified" in done.stdout


def test_a_font_file_is_mapped_once_whatever_its_number_of_locked_faces(fresh_fonts):
    files = {locate(e) for e in lock().values()}
    assert len(files) < len(lock())  # the CJK collections hold several locked faces
    for font_id in lock():
        load_font(font_id)
    assert fonts._mapped_blob.cache_info().currsize == len(files)
    assert fonts.file_sha256.cache_info().currsize == len(files)


@pytest.mark.parametrize("font_id", ["noto-sans-thai", "noto-sans-cjk-jp", "noto-color-emoji"])
def test_coverage_holds_exactly_the_code_points_of_the_face(font_id):
    font = load_font(font_id)
    mapped = set(font.face.unicodes)
    assert set(font.coverage) == mapped and len(font.coverage) == len(mapped)
    assert all(cp in font.coverage for cp in mapped)
    assert not any(cp in font.coverage for cp in (-1, 0x110000, "a", 0x10FFFE) if cp not in mapped)
