"""Long fuzz campaigns against the renderer, in a watched worker process.

    python scripts/fuzz_render.py --calls 100000 --seed 1 --out fuzz-out

A parent process generates texts and options from one seeded
``numpy.random.Generator`` and sends them, one call at a time, to a worker
process that renders them under an address-space limit (``RLIMIT_AS``). The
parent waits at most ``--timeout`` seconds per call: a worker that overruns
it is killed and counted as a hang; a worker that dies is a crash; a
``MemoryError``, or a worker whose peak RSS passes ``--rss-limit``, is a
memory blow-up. Each time, a fresh worker takes over. Any exception outside
:class:`~generator.errors.PercelsError` escapes the project's errors. Every
failure class (escape type and place, hang, crash, memory) keeps its first
reproducer in ``OUT/<class>.json``; the figures go to stdout and
``OUT/summary.json``.

The texts cover every plane (surrogates, unassigned and private use
included), mixes of 30 scripts, runs of up to 40 combining marks, bidi
controls in and out of balance, emoji sequences (modifier runs, ZWJ chains,
tags, flags, keycaps), whitespace and line separators, and long repeats;
the options include the edges of every range and values outside them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import re
import resource
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

import numpy as np

#: The functions fuzzed: name -> (module, function). Add render_page here once it exists.
TARGETS = {"render": ("generator.render", "render")}
try:  # render_page, on the branch that adds pages
    import generator.page  # noqa: F401

    TARGETS["render_page"] = ("generator.page", "render_page")
except ImportError:
    pass

SCRIPTS = ("Latin", "Greek", "Cyrillic", "Armenian", "Hebrew", "Arabic", "Syriac", "Thaana", "Devanagari", "Bengali",
           "Gurmukhi", "Gujarati", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai", "Lao", "Tibetan",
           "Myanmar", "Georgian", "Hangul", "Ethiopic", "Cherokee", "Khmer", "Mongolian", "Han", "Hiragana", "Katakana",
           "Common")
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
EMOJI_PARTS = ["\u200d", "\ufe0f", "\ufe0e", "\u20e3", "\U0001f3fb", "\U0001f3fc", "\U0001f3fd", "\U0001f3fe",
               "\U0001f3ff", "\U000e007f"] + [chr(c) for c in range(0x1F1E6, 0x1F200)] + [chr(c) for c in range(0xE0020, 0xE007F)]
SPACES = ["\n", "\t", " ", "\u2028", "\u2029", "\u00a0", "\u3000", "\u200b", "\u2060", "\u00ad", "\r\n", "\u0085"]
LANGUAGES = [None, "th", "ja", "zh-Hant", "zh-Hans", "ko", "ar", "fa", "he", "hi", "km", "lo", "my", "vi", "ru", "el",
             "en", "x", "qqq-Zzzz", "und", "en-US-posix", "sr-Latn", "zh_TW", "", "th-TH-u-nu-thai", 3]


def _code_points(pattern: str) -> np.ndarray:
    import icu

    s = icu.UnicodeSet(pattern)
    return np.concatenate([np.arange(ord(s.getRangeStart(i)), ord(s.getRangeEnd(i)) + 1) for i in range(s.getRangeCount())])


class Cases:
    """Texts and options for the campaign, all drawn from one generator."""

    def __init__(self, rng: np.random.Generator):
        import emoji

        self.rng = rng
        self.assigned = _code_points("[[:Assigned:]-[:Cs:]-[:Cc:]]")
        self.scripts = {s: _code_points(f"[[:Script={s}:]&[:Assigned:]-[:Cc:]]") for s in SCRIPTS}
        self.marks = _code_points("[[:Mn:][:Me:][:Mc:]]")
        self.emoji = sorted(emoji.EMOJI_DATA)
        self.kinds = [self.planes, self.assigned_text, self.script_mix, self.mark_runs, self.bidi, self.emoji_text,
                      self.whitespace, self.long_repeat]

    def _length(self, cap: int = 120) -> int:
        return int(min(cap, self.rng.geometric(1 / 12)))

    def _pick(self, pool) -> str:
        return chr(int(pool[self.rng.integers(len(pool))])) if isinstance(pool, np.ndarray) else pool[self.rng.integers(len(pool))]

    def planes(self) -> str:
        """Any code point of any plane, surrogates and unassigned included, between assigned ones."""
        out = []
        for _ in range(self._length()):
            if self.rng.random() < 0.3:
                out.append(chr(int(self.rng.integers(17)) * 0x10000 + int(self.rng.integers(0x10000))))
            else:
                out.append(self._pick(self.assigned))
        return "".join(out)

    def assigned_text(self) -> str:
        return "".join(self._pick(self.assigned) for _ in range(self._length()))

    def script_mix(self) -> str:
        names = self.rng.choice(len(SCRIPTS), size=int(self.rng.integers(1, 4)), replace=False)
        pools = [self.scripts[SCRIPTS[i]] for i in names]
        out = []
        for _ in range(self._length()):
            pool = pools[self.rng.integers(len(pools))]
            out.append(" " if self.rng.random() < 0.15 else self._pick(pool))
        return "".join(out)

    def mark_runs(self) -> str:
        out = []
        for _ in range(int(self.rng.integers(1, 6))):
            base = self._pick(self.scripts[SCRIPTS[self.rng.integers(len(SCRIPTS))]]) if self.rng.random() < 0.9 else ""
            out.append(base + "".join(self._pick(self.marks) for _ in range(int(self.rng.integers(1, 41)))))
        return "".join(out)

    def bidi(self) -> str:
        parts = [self.scripts["Hebrew"], self.scripts["Arabic"], self.scripts["Latin"], self.scripts["Common"]]
        out = []
        for _ in range(self._length(80)):
            r = self.rng.random()
            out.append(self._pick(BIDI_CONTROLS) if r < 0.3 else self._pick(parts[self.rng.integers(len(parts))]))
        return "".join(out)

    def emoji_text(self) -> str:
        out = []
        for _ in range(self._length(60)):
            r = self.rng.random()
            out.append(self._pick(self.emoji) if r < 0.6 else self._pick(EMOJI_PARTS) if r < 0.95 else " ")
        return "".join(out)

    def whitespace(self) -> str:
        words = [self.script_mix()[: int(self.rng.integers(1, 12))] for _ in range(int(self.rng.integers(1, 8)))]
        return "".join(w + "".join(self._pick(SPACES) for _ in range(int(self.rng.integers(0, 4)))) for w in words)

    def long_repeat(self) -> str:
        kind = self.kinds[self.rng.integers(len(self.kinds) - 1)]
        unit = kind()[:40] or "a"
        return (unit * (4100 // len(unit) + 1))[: int(self.rng.integers(100, 4101))]

    def text(self) -> tuple[str, str]:
        kind = self.kinds[self.rng.integers(len(self.kinds))]
        return kind.__name__, kind()

    def options(self) -> dict:
        rng, odd = self.rng, self.rng.random() < 0.05  # a few calls get values outside the ranges
        r = rng.random()
        size = 4 if r < 0.03 else 512 if r < 0.06 else int(rng.integers(8, 65)) if r < 0.8 else int(rng.integers(4, 513))
        kw: dict = {"font_size": size}
        if rng.random() < 0.4:
            kw["max_width"] = size if rng.random() < 0.1 else 16384 if rng.random() < 0.05 else int(rng.integers(size, 2048))
        if rng.random() < 0.2:
            kw["line_spacing"] = float(rng.choice([0.8, 4.0, round(float(rng.uniform(0.8, 4)), 3)]))
        if rng.random() < 0.2:
            kw["margin"] = int(rng.choice([1, 1000, int(rng.integers(1, 1001))]))
        if rng.random() < 0.1:
            kw["tab_size"] = int(rng.integers(1, 17))
        if rng.random() < 0.2:
            kw["direction"] = ["ltr", "rtl"][rng.integers(2)]
        if rng.random() < 0.4:
            kw["language"] = LANGUAGES[rng.integers(len(LANGUAGES))]
        if rng.random() < 0.3:
            kw["style"] = ["sans", "serif", "mono"][rng.integers(3)]
        if odd:
            key = ["font_size", "max_width", "line_spacing", "margin", "tab_size", "direction", "style"][rng.integers(7)]
            kw[key] = [0, -1, 3, 513, 10**9, 2**40, 1.5, True, "32", float("nan"), None, "up", "fancy"][rng.integers(13)]
        return kw


def _worker(conn, as_limit: int) -> None:
    import importlib

    from generator.errors import PercelsError

    resource.setrlimit(resource.RLIMIT_AS, (as_limit, as_limit))
    funcs = {name: getattr(importlib.import_module(mod), fn) for name, (mod, fn) in TARGETS.items()}
    while True:
        job = conn.recv()
        if job is None:
            return
        target, text, kw = job
        t0 = time.perf_counter()
        try:
            funcs[target](text, **kw)
            outcome = ("ok", "", "")
        except PercelsError as exc:
            outcome = ("named", type(exc).__name__, "")
        except MemoryError:
            outcome = ("memory", "MemoryError", traceback.format_exc(limit=-3))
        except Exception as exc:  # the point of the campaign: anything the renderer lets escape
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            outcome = ("escape", f"{type(exc).__name__}@{where}", f"{type(exc).__name__}: {exc}"[:500])
        seconds = time.perf_counter() - t0
        conn.send((*outcome, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))


class Watched:
    """One worker process at a time, replaced after a hang, a crash or a memory blow-up."""

    def __init__(self, as_limit: int):
        self.as_limit = as_limit
        self.ctx = mp.get_context("spawn")
        self.proc = None
        self.start()

    def start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child, self.as_limit), daemon=True)
        self.proc.start()
        child.close()

    def restart(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.start()

    def call(self, job, timeout: float):
        """(outcome, class, detail, seconds, max_rss) or ("hang"|"crash", ...)."""
        try:
            self.conn.send(job)
            if not self.conn.poll(timeout):
                self.restart()
                return ("hang", "hang", f"no answer in {timeout} s", timeout, 0)
            return self.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            self.proc.join(5)
            code = self.proc.exitcode
            self.restart()
            return ("crash", f"crash-exit{code}", f"worker exited with {code}", 0.0, 0)

    def stop(self) -> None:
        self.conn.send(None)
        self.proc.join(10)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("fuzz-out"))
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before a call counts as a hang")
    ap.add_argument("--slow", type=float, default=3.0, help="seconds above which a call is counted as slow")
    ap.add_argument("--as-limit-mb", type=int, default=4096, help="RLIMIT_AS of the worker (MiB)")
    ap.add_argument("--rss-limit-mb", type=int, default=1024, help="peak RSS above which the worker is a blow-up")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    cases = Cases(np.random.default_rng(args.seed))
    worker = Watched(args.as_limit_mb << 20)
    outcomes, classes, kinds_failed = Counter(), Counter(), Counter()
    max_rss, max_time, slow, worst = 0, 0.0, 0, None
    t_start = time.perf_counter()
    for i in range(args.calls):
        kind, text = cases.text()
        kw = cases.options()
        target = list(TARGETS)[i % len(TARGETS)]
        status, cls, detail, seconds, rss = worker.call((target, text, kw), args.timeout)
        if status == "ok" or status == "named":
            if rss > args.rss_limit_mb << 20:
                status, cls, detail = "memory", "rss-over-limit", f"peak RSS {rss >> 20} MiB"
                worker.restart()
        elif status == "memory":
            worker.restart()
        outcomes[status] += 1
        classes[f"{status}:{cls}" if status in ("named", "ok") else cls] += 1
        max_rss = max(max_rss, rss)
        slow += seconds > args.slow
        if seconds > max_time:
            max_time, worst = seconds, {"target": target, "kind": kind, "text": text[:60], "options": kw}
        if status not in ("ok", "named"):
            kinds_failed[kind] += 1
            path = args.out / f"{_slug(status + '-' + cls)}.json"
            if not path.exists():
                path.write_text(json.dumps({"class": cls, "status": status, "target": target, "kind": kind,
                                            "text": text, "options": kw, "detail": detail}, indent=1))
                print(f"[{i}] new failure class {status}:{cls}: saved {path}", flush=True)
        if (i + 1) % 5000 == 0:
            print(f"[{i + 1}] {dict(outcomes)} max RSS {max_rss >> 20} MiB, max {max_time:.2f} s/call, "
                  f"{(i + 1) / (time.perf_counter() - t_start):.0f} calls/s", flush=True)
    worker.stop()
    summary = {"calls": args.calls, "seed": args.seed, "targets": list(TARGETS), "outcomes": dict(outcomes),
               "classes": dict(sorted(classes.items())), "failed_by_kind": dict(kinds_failed),
               "crashes": outcomes["crash"], "hangs": outcomes["hang"], "memory_blowups": outcomes["memory"],
               "escapes": outcomes["escape"], "max_rss_mib": max_rss >> 20, "max_seconds_per_call": round(max_time, 3),
               f"calls_over_{args.slow:g}s": slow, "slowest_call": worst,
               "wall_seconds": round(time.perf_counter() - t_start, 1)}
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    return 1 if outcomes["crash"] or outcomes["hang"] or outcomes["memory"] or outcomes["escape"] else 0


if __name__ == "__main__":
    sys.exit(main())
