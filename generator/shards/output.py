"""Where a dataset is written: a local folder or any fsspec URL, with files that appear whole or not at all.

:class:`Output` takes a path or a URL (``/data/percels``, ``file:///data/percels``,
``s3://bucket/percels``, ``memory://percels``) and offers the few operations a
build needs. A file always appears under its final name in one step: it is
first written under a hidden temporary name (``.NAME.TOKEN.tmp``, the token
differing per attempt, so that two attempts at one shard never write into the
same file), then renamed. On a local folder the shard is written in place and
renamed with ``os.replace``; elsewhere it is written to a local temporary
folder, put, then moved::

    >>> import tempfile
    >>> out = Output(tempfile.mkdtemp())
    >>> out.write_bytes("data/latin/a.stats.json", b"{}")
    >>> out.read_text("data/latin/a.stats.json"), out.files()
    ('{}', ['data/latin/a.stats.json'])
    >>> Output("memory://percels-doctest").shared
    False

A ``memory://`` folder lives inside one process: workers in other processes
would write into their own, so only the in-process executor may use it
(:attr:`Output.shared` is False).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import BuildError


def _is_url(target: str) -> bool:
    return "://" in target or "::" in target


class Output:
    """A dataset folder addressed by path or fsspec URL. Pickles as its URL; the filesystem is opened lazily."""

    def __init__(self, target: str | Path):
        target = str(target)
        # a local path is made absolute here, where it was given: workers may run in another folder
        self.url = target if _is_url(target) else str(Path(target).resolve())
        self._fs = None
        self._root: str | None = None

    def __getstate__(self) -> dict:
        return {"url": self.url}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["url"])

    def __repr__(self) -> str:
        return f"Output({self.url!r})"

    def _open(self) -> None:
        import fsspec

        try:
            self._fs, self._root = fsspec.core.url_to_fs(self.url)
        except (ImportError, ValueError) as exc:
            raise BuildError(f"cannot open output {self.url}: {exc}; give a local folder or an fsspec URL whose "
                             "filesystem is installed (e.g. pip install s3fs for s3://)") from exc
        self._root = self._root.rstrip("/") or "/"

    @property
    def fs(self):
        if self._fs is None:
            self._open()
        return self._fs

    @property
    def root(self) -> str:
        if self._root is None:
            self._open()
        return self._root

    @property
    def is_local(self) -> bool:
        """The output is a folder of this machine's filesystem (written in place, renamed atomically)."""
        protocol = self.fs.protocol
        return "file" in (protocol if isinstance(protocol, tuple) else (protocol,))

    @property
    def shared(self) -> bool:
        """Whether other processes see what this one writes (``memory://`` is private to one process)."""
        protocol = self.fs.protocol
        return "memory" not in (protocol if isinstance(protocol, tuple) else (protocol,))

    def path(self, rel: str) -> str:
        return f"{self.root}/{rel}" if self.root != "/" else f"/{rel}"

    def local_path(self, rel: str) -> Path:
        """The local file of ``rel``; only for a local output."""
        return Path(self.path(rel))

    def exists(self, rel: str) -> bool:
        return self.fs.isfile(self.path(rel))

    def read_text(self, rel: str) -> str | None:
        """The file's text, or None when it is missing or unreadable."""
        try:
            return self.fs.cat_file(self.path(rel)).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def files(self, under: str = "data") -> list[str]:
        """Relative paths of every file below ``under``, sorted."""
        base = self.path(under)
        if not self.fs.isdir(base):
            return []
        prefix = self.root.rstrip("/") + "/"
        return sorted(p[len(prefix):] for p in self.fs.find(base) if p.startswith(prefix))

    def remove(self, rel: str) -> None:
        self.fs.rm_file(self.path(rel))

    def makedirs(self, rel: str) -> None:
        self.fs.makedirs(self.path(rel), exist_ok=True)

    def _tmp_rel(self, rel: str) -> str:
        head, _, name = rel.rpartition("/")
        return f"{head}/.{name}.{uuid.uuid4().hex[:16]}.tmp" if head else f".{name}.{uuid.uuid4().hex[:16]}.tmp"

    @contextmanager
    def staged(self, rel: str) -> Iterator[Path]:
        """A local path to write ``rel`` into; on a clean exit the file appears under ``rel`` in one step.

        On a local output the staging file sits, hidden, beside its final name.
        On any other filesystem it sits in a local temporary folder and is put
        under a hidden name, then moved. On an error nothing appears under
        ``rel`` (a left-over hidden file is removed by the next build).
        """
        tmp_rel = self._tmp_rel(rel)
        if self.is_local:
            local = self.local_path(tmp_rel)
            local.parent.mkdir(parents=True, exist_ok=True)
            try:
                yield local
                with open(local, "rb+") as f:
                    os.fsync(f.fileno())
                os.replace(local, self.local_path(rel))
            finally:
                local.unlink(missing_ok=True)
            return
        folder = Path(tempfile.mkdtemp(prefix="percels-shard-"))
        try:
            local = folder / Path(rel).name
            yield local
            self.makedirs(rel.rpartition("/")[0])
            self.fs.put_file(str(local), self.path(tmp_rel))
            self.fs.mv(self.path(tmp_rel), self.path(rel))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write a small file so that it appears whole (a stats file, the manifest, the card)."""
        with self.staged(rel) as local:
            local.write_bytes(data)
