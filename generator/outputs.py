"""Writing output files: an operating-system refusal becomes a named error that says what to do.

    >>> import errno
    >>> print(explain(OSError(errno.ENOSPC, "No space left on device", "out/a.png"), "write"))
    cannot write out/a.png: no space left on its device; free some space, or write elsewhere
    >>> print(explain(OSError(errno.EROFS, "Read-only file system", "/mnt/cd/a.png"), "write"))
    cannot write /mnt/cd/a.png: it is on a read-only file system; write elsewhere

:func:`output_errors` turns the :class:`OSError` of any write in its block
into the given error of the project's hierarchy; :func:`write_file` writes
one file that way.
"""

from __future__ import annotations

import errno
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import OutputError, PercelsError

_FIXES = {
    errno.ENOTDIR: "a part of its path is a file, not a folder; choose a path under a folder",
    errno.EISDIR: "it is a folder; give a file path inside it",
    errno.EEXIST: "a file of that name is in the way; remove it, or choose another path",
    errno.EACCES: "permission denied; choose a place you may write to, or change its permissions",
    errno.EPERM: "the operation is not permitted there; choose another place",
    errno.EROFS: "it is on a read-only file system; write elsewhere",
    errno.ENOSPC: "no space left on its device; free some space, or write elsewhere",
    errno.EDQUOT: "the disk quota is used up; free some space, or write elsewhere",
    errno.EFBIG: "the file is over the size limit of this process or file system (ulimit -f); write a smaller file, "
                 "or raise the limit",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
}


def explain(exc: OSError, action: str, path: str | Path | None = None) -> str:
    """One line naming the path, what went wrong and the fix."""
    where = exc.filename if exc.filename is not None else path
    if exc.errno == errno.ENOENT and where is not None:
        folder = Path(where).parent
        return f"cannot {action} {where}: the folder {folder} does not exist; create it first, or write elsewhere"
    fix = _FIXES.get(exc.errno, f"{exc.strerror or exc}; check the path")
    return f"cannot {action} {where}: {fix}"


@contextmanager
def output_errors(error: type[PercelsError] = OutputError, action: str = "write",
                  path: str | Path | None = None) -> Iterator[None]:
    """Raise ``error`` for an :class:`OSError` of the block, naming the file it concerned."""
    try:
        yield
    except OSError as exc:
        raise error(explain(exc, action, path)) from exc


def write_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (a file, or a device like ``/dev/stdout``); refusals raise :class:`OutputError`.

    >>> write_file("", b"x")
    Traceback (most recent call last):
    ...
    generator.errors.OutputError: cannot write an empty path: give a file path, like out.png
    """
    if str(path) == "":
        raise OutputError("cannot write an empty path: give a file path, like out.png")
    with output_errors(OutputError, "write", path):
        with open(path, "wb") as f:
            f.write(data)
