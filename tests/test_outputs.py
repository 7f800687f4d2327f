"""generator.outputs: every refusal of the operating system becomes an OutputError naming the path and the fix."""

from __future__ import annotations

import doctest
import errno
import os

import pytest

from generator import outputs
from generator.errors import BuildError, OutputError
from generator.outputs import explain, output_errors, write_file


def test_write_file_round_trip_and_refusals(tmp_path):
    write_file(tmp_path / "a.bin", b"\x00\x01")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    with pytest.raises(OutputError, match=rf"^cannot write {tmp_path}: it is a folder; give a file path inside it$"):
        write_file(tmp_path, b"x")
    with pytest.raises(OutputError, match=r"^cannot write /dev/full: no space left on its device"):
        write_file("/dev/full", b"x" * 10)


@pytest.mark.parametrize("code,fix", [
    (errno.EROFS, "it is on a read-only file system; write elsewhere"),
    (errno.EACCES, "permission denied; choose a place you may write to"),
    (errno.EDQUOT, "the disk quota is used up"),
    (errno.EFBIG, "the file is over the size limit"),
    (errno.EIO, "Input/output error; check the path"),
])
def test_each_errno_names_its_fix(code, fix):
    assert explain(OSError(code, os.strerror(code), "d/f.png"), "write").startswith(f"cannot write d/f.png: {fix}")


def test_output_errors_names_the_given_path_when_the_error_has_none():
    with pytest.raises(BuildError, match=r"^cannot write out/: no space left on its device") as info:
        with output_errors(BuildError, "write", "out/"):
            raise OSError(errno.ENOSPC, "No space left on device")
    assert isinstance(info.value.__cause__, OSError)


def test_docstring_examples():
    result = doctest.testmod(outputs)
    assert result.attempted > 0 and result.failed == 0
