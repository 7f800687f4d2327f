"""Real source code: the running Python's own standard library (PSF licence).

The standard library directory is found with ``sysconfig``; a pinned list of
modules is read from it, so the pool depends only on the Python version,
which every source string records. Three pools come out of it, all with
their exact whitespace kept:

- ``python_lines``: single non-blank ASCII lines of at most 90 characters;
- ``python_blocks``: short blocks (3 to 8 lines) starting at a ``def``,
  ``class``, ``if``, ``for``, ``while`` or ``with`` line and ending before a blank line;
- ``regex_literals``: the string patterns passed to ``re.compile``,
  ``re.match`` and friends (found with ``ast``) anywhere in the standard
  library outside its tests.

    >>> lines = python_lines()
    >>> len(lines) > 5000, lines[0].source.startswith("CPython ")
    (True, True)
    >>> all(len(b.text.splitlines()) >= 3 for b in python_blocks())
    True
    >>> len(regex_literals()) > 100
    True
"""

from __future__ import annotations

import ast
import os
import platform
import re
import sysconfig
from functools import lru_cache
from pathlib import Path

from . import SourceText
from .coverage import drawable

PYTHON_VERSION = platform.python_version()
PSF_LICENSE = "PSF-2.0"
CODE_LANGUAGE = {"python": "zxx-x-python", "regex": "zxx-x-regex"}

#: The modules read, as paths under the standard library directory.
MODULES = (
    "argparse", "ast", "base64", "bisect", "calendar", "csv", "dataclasses", "datetime", "difflib", "email/utils",
    "enum", "fnmatch", "fractions", "functools", "gettext", "glob", "heapq", "hmac", "http/cookies",
    "imaplib", "inspect", "ipaddress", "json/decoder", "json/encoder", "locale", "logging/__init__", "mailbox",
    "ntpath", "os", "pathlib", "platform", "posixpath", "pprint", "quopri", "re/_parser", "shlex", "shutil",
    "smtplib", "socket", "sre_compile", "statistics", "string", "tarfile", "textwrap", "threading",
    "tokenize", "traceback", "typing", "urllib/parse", "urllib/request", "uuid", "warnings", "zipfile",
)
MAX_LINE = 90
_BLOCK_STARTS = ("def ", "class ", "if ", "for ", "while ", "with ", "try:", "async def ")
_RE_FUNCS = {"compile", "match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
#: A file that may call one of them as ``re.NAME(``, spaces, line continuations and parentheses allowed:
#: only these files are parsed (parsing the others finds nothing).
_RE_CALL = re.compile(r"\bre\b[\s\\)]*\.[\s\\]*(?:" + "|".join(sorted(_RE_FUNCS)) + r")\b")


def stdlib_dir() -> Path:
    """The standard library directory of the running interpreter."""
    return Path(sysconfig.get_paths()["stdlib"])


def _source(rel: str, line: int) -> str:
    return f"CPython {PYTHON_VERSION} standard library, Lib/{rel}.py:{line}"


@lru_cache(maxsize=1)
def _files() -> tuple[tuple[str, tuple[str, ...]], ...]:
    root = stdlib_dir()
    out = []
    for rel in MODULES:
        path = root / f"{rel}.py"
        if path.is_file():
            out.append((rel, tuple(path.read_text(encoding="utf-8").splitlines())))
    return tuple(out)


@lru_cache(maxsize=1)
def ascii_drawable() -> frozenset[str]:
    """The printable ASCII characters, and tab, that the pinned fonts draw (all of them, as it happens)."""
    return frozenset(c for c in map(chr, range(128)) if (c.isprintable() or c == "\t") and drawable(c))


def _ok(line: str) -> bool:
    """Non-blank, short, ASCII, and no control character but tab (patterns may hold a NUL or a form feed)."""
    return bool(line.strip()) and len(line) <= MAX_LINE and line.isascii() and ascii_drawable().issuperset(line)


@lru_cache(maxsize=1)
def python_lines() -> tuple[SourceText, ...]:
    """Distinct non-blank lines (trailing whitespace removed, indentation kept)."""
    seen: dict[str, str] = {}
    for rel, lines in _files():
        for i, raw in enumerate(lines, 1):
            line = raw.rstrip()
            if _ok(line) and len(line.strip()) >= 8:
                seen.setdefault(line, _source(rel, i))
    return tuple(SourceText(t, CODE_LANGUAGE["python"], "Latn", s, PSF_LICENSE) for t, s in seen.items())


@lru_cache(maxsize=1)
def python_blocks() -> tuple[SourceText, ...]:
    """Short blocks of consecutive non-blank lines that open a statement, up to 8 lines."""
    seen: dict[str, str] = {}
    for rel, lines in _files():
        for i, raw in enumerate(lines):
            if not raw.lstrip().startswith(_BLOCK_STARTS):
                continue
            block = []
            for line in lines[i : i + 8]:
                if not _ok(line.rstrip()):
                    break
                block.append(line.rstrip())
            if len(block) >= 3:
                seen.setdefault("\n".join(block), _source(rel, i + 1))
    return tuple(SourceText(t, CODE_LANGUAGE["python"], "Latn", s, PSF_LICENSE) for t, s in seen.items())


_SKIP_DIRS = {"test", "tests", "site-packages", "idlelib", "lib2to3", "turtledemo", "__pycache__"}


def _stdlib_modules(root: Path) -> list[Path]:
    """The ``.py`` files under ``root``, sorted, never descending into :data:`_SKIP_DIRS`.

    The walk skips them rather than filtering after: ``site-packages`` alone
    can hold more files than the standard library, and a walk on a busy machine
    waits on every directory it reads.
    """
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        found.extend(Path(folder, name) for name in files if name.endswith(".py"))
    return sorted(found)


def _regex_files() -> list[tuple[str, str]]:
    root = stdlib_dir()
    out = []
    for path in _stdlib_modules(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        if _RE_CALL.search(text):
            out.append((path.relative_to(root).with_suffix("").as_posix(), text))
    return out


@lru_cache(maxsize=1)
def regex_literals() -> tuple[SourceText, ...]:
    """Single-line string patterns given to the ``re`` module's functions."""
    seen: dict[str, str] = {}
    for rel, text in _regex_files():
        try:
            tree = ast.parse(text)
        except SyntaxError:  # a file of another Python dialect (e.g. a template): not code we use
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_FUNCS
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                pattern = node.args[0].value
                if 4 <= len(pattern) <= 80 and "\n" not in pattern and pattern.strip() == pattern and _ok(pattern):
                    seen.setdefault(pattern, _source(rel, node.lineno))
    return tuple(SourceText(t, CODE_LANGUAGE["regex"], "Latn", s, PSF_LICENSE) for t, s in seen.items())
