"""Seeded generators of realistic code: JavaScript, Rust, C, SQL, shell, JSON and regex.

No licence-clean offline corpus of these languages ships with the stack, so
percels writes them itself: small grammars of idiomatic statements and
blocks, filled with identifiers from a fixed vocabulary and numbers from the
sample's generator. C uses tabs for indentation, the others spaces; exact
whitespace is part of the text::

    >>> import numpy as np
    >>> t = generate(np.random.default_rng(1), "c", block=True)
    >>> t.language, "\\t" in t.text, t.license
    ('zxx-x-c', True, 'CC0-1.0')
    >>> import json
    >>> isinstance(json.loads(generate(np.random.default_rng(2), "json", block=False).text), dict)
    True
"""

from __future__ import annotations

import json
import re

import numpy as np

from . import GENERATED_LICENSE, SourceText

LANGUAGES = ("javascript", "rust", "c", "sql", "shell", "json", "regex")
#: BCP 47 tags of the code languages: private use under ``zxx`` (no linguistic content).
TAGS = {"python": "zxx-x-python", "javascript": "zxx-x-js", "rust": "zxx-x-rust", "c": "zxx-x-c",
        "sql": "zxx-x-sql", "shell": "zxx-x-shell", "json": "zxx-x-json", "regex": "zxx-x-regex"}
SOURCE = "percels codegen (seeded generator)"

_NOUNS = ("user", "order", "item", "file", "buffer", "token", "session", "record", "node", "packet", "account",
          "invoice", "entry", "path", "config", "cache", "event", "row", "frame", "message", "queue", "job")
_VERBS = ("get", "load", "parse", "find", "update", "remove", "create", "read", "write", "check", "build",
          "flush", "send", "merge", "resolve", "fetch", "encode", "decode")
_TYPES_RS = ("u32", "usize", "i64", "String", "&str", "bool", "f64", "Vec<u8>")
_TYPES_C = ("int", "size_t", "char *", "const char *", "uint32_t", "double", "struct node *")
_EXTS = ("txt", "log", "json", "csv", "py", "rs", "c", "md", "tar.gz")


def _p(rng: np.random.Generator, items):
    return items[int(rng.integers(len(items)))]


def _n(rng: np.random.Generator, hi: int = 1000) -> int:
    return int(rng.integers(1, hi))


def _names(rng: np.random.Generator):
    i, j = rng.choice(len(_NOUNS), size=2, replace=False)
    return _NOUNS[int(i)], _NOUNS[int(j)], _p(rng, _VERBS)


def _js(rng: np.random.Generator, block: bool) -> str:
    noun, other, verb = _names(rng)
    cap = verb + noun.capitalize()
    lines = [
        f"const {noun}s = await fetch(`/api/{other}s/${{id}}/{noun}s?limit={_n(rng, 100)}`);",
        f"export function {cap}({noun}, {other} = {{}}) {{",
        f"if ({noun} === null || {noun}.{other} === undefined) return {_n(rng, 10) - 1};",
        f"for (let i = 0; i < {noun}s.length; i += {_n(rng, 4)}) {{",
        f"const {{ {noun}Id, {other} }} = await {cap}({noun}s[{_n(rng, 9)}]);",
        f"{noun}s.filter(({noun}) => {noun}.{other} > {_n(rng)}).map(({noun}) => {noun}.id);",
        f"let {other}Count = Object.keys({noun}).length + {_n(rng, 50)};",
        f"console.log(`{verb} ${{{noun}.id}}: ${{{other}Count}} {other}s`);",
    ]
    if not block:
        return _p(rng, lines)
    body = [
        f"  const res = await fetch(`/api/{noun}s/${{{noun}Id}}`, {{ method: '{_p(rng, ('GET', 'POST', 'PUT'))}' }});",
        f"  if (!res.ok) throw new Error(`{verb} failed: ${{res.status}}`);",
        f"  const {{ {other}s = [] }} = await res.json();",
        f"  return {other}s.slice(0, options.limit ?? {_n(rng, 100)});",
    ]
    if rng.random() < 0.5:
        body = body[:1] + body[2:]
    return "\n".join([f"export async function {cap}({noun}Id, options = {{}}) {{", *body, "}"])


def _rust(rng: np.random.Generator, block: bool) -> str:
    noun, other, verb = _names(rng)
    ty = _p(rng, _TYPES_RS)
    lines = [
        f"pub fn {verb}_{noun}(&self, {other}: {ty}) -> Result<{noun.capitalize()}, Error> {{",
        f"let mut {noun}s: Vec<{noun.capitalize()}> = Vec::with_capacity({_n(rng)});",
        f"let {other} = {noun}.{other}.as_ref().ok_or(Error::Missing(\"{other}\"))?;",
        f"for (i, {noun}) in {noun}s.iter().enumerate().skip({_n(rng, 10)}) {{",
        f"#[derive(Debug, Clone, PartialEq)]",
        f"impl From<{noun.capitalize()}> for {other.capitalize()} {{",
        f"if let Some({other}) = self.{other}s.get(&{noun}_id) {{ return Ok({other}.clone()); }}",
        f"assert_eq!({verb}_{noun}(&{other}).unwrap().len(), {_n(rng, 64)});",
    ]
    if not block:
        return _p(rng, lines)
    return "\n".join([
        f"pub fn {verb}_{noun}(&mut self, id: {ty}) -> Option<&{noun.capitalize()}> {{",
        f"    match self.{noun}s.get_mut(&id) {{",
        f"        Some({noun}) if {noun}.{other} > {_n(rng)} => Some({noun}),",
        f"        Some(_) => None,",
        f"        None => self.{other}.{verb}(id),",
        "    }",
        "}",
    ])


def _c(rng: np.random.Generator, block: bool) -> str:
    noun, other, verb = _names(rng)
    ty = _p(rng, _TYPES_C)
    lines = [
        f"static int {verb}_{noun}(const char *{other}, size_t len)",
        f"#define {noun.upper()}_MAX {_n(rng, 4096)}",
        f"#include <{_p(rng, ('stdio.h', 'stdlib.h', 'string.h', 'errno.h', 'stdint.h'))}>",
        f"for (size_t i = 0; i < {noun}->len; i++) {{",
        f"if ({noun} == NULL || {other} < {_n(rng, 16)}) return -EINVAL;",
        f"{ty}{'' if ty.endswith('*') else ' '}{other} = malloc(sizeof(*{other}) * {_n(rng, 256)});",
        f"memcpy({noun}->buf + off, {other}, {_n(rng, 64)});",
        f"fprintf(stderr, \"{verb}: %s (%d)\\n\", strerror(errno), errno);",
    ]
    if not block:
        return _p(rng, lines)
    return "\n".join([
        f"static int {verb}_{noun}(struct {noun} *{noun}, const char *{other})",
        "{",
        f"\tif ({noun} == NULL)",
        "\t\treturn -EINVAL;",
        f"\tfor (size_t i = 0; i < {noun}->len; i++) {{",
        f"\t\tif (strcmp({noun}->items[i], {other}) == 0)",
        "\t\t\treturn (int)i;",
        "\t}",
        f"\treturn -{_p(rng, ('ENOENT', 'EIO', 'EAGAIN'))};",
        "}",
    ])


def _sql(rng: np.random.Generator, block: bool) -> str:
    noun, other, verb = _names(rng)
    lines = [
        f"SELECT id, {other}_id, created_at FROM {noun}s WHERE {other}_id = {_n(rng)} ORDER BY created_at DESC LIMIT {_n(rng, 50)};",
        f"INSERT INTO {noun}s ({other}_id, name, total) VALUES ({_n(rng)}, '{verb}', {_n(rng)}.{_n(rng, 99):02d});",
        f"UPDATE {noun}s SET status = '{_p(rng, ('done', 'failed', 'pending', 'archived'))}' WHERE id IN (SELECT {noun}_id FROM {other}s WHERE total > {_n(rng)});",
        f"DELETE FROM {noun}s WHERE updated_at < now() - interval '{_n(rng, 90)} days';",
        f"SELECT {other}_id, count(*) AS n FROM {noun}s GROUP BY {other}_id HAVING count(*) > {_n(rng, 20)};",
        f"CREATE INDEX idx_{noun}s_{other} ON {noun}s ({other}_id, created_at);",
    ]
    if not block:
        return _p(rng, lines)
    return "\n".join([
        f"CREATE TABLE {noun}s (",
        "    id INTEGER PRIMARY KEY,",
        f"    {other}_id INTEGER NOT NULL REFERENCES {other}s(id),",
        f"    name VARCHAR({_n(rng, 255)}) NOT NULL,",
        f"    total NUMERIC(12, 2) DEFAULT {_n(rng, 10) - 1},",
        "    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP",
        ");",
    ])


def _shell(rng: np.random.Generator, block: bool) -> str:
    noun, other, verb = _names(rng)
    ext = _p(rng, _EXTS)
    lines = [
        f"find . -name '*.{ext}' -mtime -{_n(rng, 30)} -exec rm -f {{}} +",
        f"grep -rn \"{verb}_{noun}\" src/ | sort | uniq -c | sort -rn | head -n {_n(rng, 20)}",
        f"tar -czf {noun}-$(date +%Y%m%d).tar.gz {other}s/",
        f"export {noun.upper()}_DIR=\"${{HOME}}/.{other}/{noun}s\"",
        f"awk -F, '{{ sum += ${_n(rng, 9)} }} END {{ print sum }}' {noun}s.csv",
        f"curl -fsSL \"https://example.org/{noun}s/{_n(rng)}\" -o /tmp/{noun}.{ext}",
        f"[ -d \"${other}_dir\" ] || mkdir -p \"${other}_dir\"",
    ]
    if not block:
        return _p(rng, lines)
    return "\n".join([
        f"for f in *.{ext}; do",
        f"    if [ -s \"$f\" ]; then",
        f"        {verb}_{noun} \"$f\" >> {other}.log 2>&1 || echo \"failed: $f\" >&2",
        "    fi",
        "done",
    ])


def _json(rng: np.random.Generator, block: bool) -> str:
    noun, other, verb = _names(rng)
    record = {"id": _n(rng, 100000), noun: {"name": f"{verb}-{other}", "count": _n(rng)},
              "tags": [_p(rng, _NOUNS) for _ in range(int(rng.integers(1, 4)))],
              "active": bool(rng.random() < 0.5), "score": round(float(rng.random()) * 100, 2), other: None}
    if block:
        return json.dumps(record, indent=_p(rng, (2, 4, "\t")))
    return json.dumps(record, separators=_p(rng, ((", ", ": "), (",", ":"))))


def _regex(rng: np.random.Generator, block: bool) -> str:
    del block  # a pattern is one line
    pieces = (r"\d{%d}" % _n(rng, 5), r"[A-Z][a-z]+", r"(?P<%s>\w+)" % _p(rng, _NOUNS), r"\s*", r"[-_.]",
              r"(?:%s|%s)" % (_p(rng, _VERBS), _p(rng, _VERBS)), r"[0-9a-f]{%d,%d}" % (2, _n(rng, 9) + 2),
              r"\b", r"[^\s/]+", r"(\d+)\.(\d+)", r"[\u00c0-\u017f]+", r"@", r"\w+?", r"(?i:%s)" % _p(rng, _NOUNS))
    k = int(rng.integers(3, 7))
    pattern = "".join(pieces[int(i)] for i in rng.choice(len(pieces), size=k, replace=False))
    if rng.random() < 0.3:
        pattern += r"\.%s$" % _p(rng, _EXTS[:-1])
    pattern = ("^" if rng.random() < 0.5 else "") + pattern
    re.compile(pattern)  # a generated pattern must be a valid regex
    return pattern


_GENERATORS = {"javascript": _js, "rust": _rust, "c": _c, "sql": _sql, "shell": _shell, "json": _json,
               "regex": _regex}


def generate(rng: np.random.Generator, lang: str, *, block: bool) -> SourceText:
    """A generated line (``block=False``) or short block of code in ``lang``."""
    if lang not in _GENERATORS:
        raise ValueError(f"no code generator for {lang!r}; have: {', '.join(_GENERATORS)}")
    text = _GENERATORS[lang](rng, block)
    return SourceText(text, TAGS[lang], "Latn", f"{SOURCE}, {lang}", GENERATED_LICENSE)
