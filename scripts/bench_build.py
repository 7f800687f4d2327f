"""Benchmark the build: samples/s with 1 and 2 workers, and peak memory, measured in one run.

Each build runs as ``python -m generator build`` in a subprocess on a recipe of
all nine configs; the resident memory of its whole process tree (main
process, fork server, workers) is sampled every 20 ms. Figures are printed
with ratios against the 1-worker build of the same run, and the peak memory
of a build three times larger is compared with the base one: streamed shards
mean it should not grow with the size of the dataset.

    python scripts/bench_build.py              # base: 100 test texts per config
    python scripts/bench_build.py --texts 40
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ("logographic", "unsegmented", "latin", "complex", "code", "emoji", "homoglyphs", "identifiers", "typos")
PAGE = os.sysconf("SC_PAGE_SIZE")


def recipe_toml(texts: int) -> str:
    head = (f'name = "bench"\nversion = "0.0.1"\nmaster_seed = 5\nshard_size = 500\nrow_group_size = 100\n'
            f'max_failed_fraction = 0.5\n[defaults]\nsplits = {{ test = {texts}, validation = {max(1, texts // 10)} }}\n'
            'sizes = [16, 24, 32, 48]\nlayouts = ["line", "paragraph"]\n')
    return head + "".join(f"[configs.{c}]\n" for c in CONFIGS)


def _children(pid: int) -> list[int]:
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(k) for k in f.read().split()]
    except OSError:
        pass
    return kids


def sample_tree(pid: int, cpu_ticks: dict[int, int]) -> int:
    """Resident bytes of ``pid`` and all its descendants; records each one's CPU ticks so far in ``cpu_ticks``."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            cpu_ticks[p] = max(cpu_ticks.get(p, 0), int(fields[11]) + int(fields[12]))  # utime + stime
        except (OSError, IndexError, ValueError):
            continue
        stack += _children(p)
    return total


def run_build(recipe: Path, out: Path, workers: int) -> dict:
    cmd = [sys.executable, "-m", "generator", "build", "--recipe", str(recipe), "--out", str(out),
           "--workers", str(workers), "--quiet"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    ticks: dict[int, int] = {}
    while proc.poll() is None:
        peak = max(peak, sample_tree(proc.pid, ticks))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    stdout, stderr = proc.communicate()
    if proc.returncode:
        sys.exit(f"build failed ({proc.returncode}):\n{stderr[-3000:]}")
    import json

    totals = json.loads((out / "MANIFEST.json").read_text())["totals"]
    cpu = sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    return {"workers": workers, "samples": totals["planned"], "seconds": seconds, "cpu": cpu,
            "rate": totals["planned"] / seconds, "peak_rss": peak, "log": stdout.strip().splitlines()[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=100, help="test texts per config in the base recipe (default 100)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="percels-bench-") as tmp:
        tmp = Path(tmp)
        small, large = tmp / "small.toml", tmp / "large.toml"
        small.write_text(recipe_toml(args.texts))
        large.write_text(recipe_toml(3 * args.texts))
        one = run_build(small, tmp / "one", 1)
        two = run_build(small, tmp / "two", 2)
        big = run_build(large, tmp / "big", 2)
    mib = 1 << 20
    print(f"base recipe: 9 configs, {one['samples']} samples; large recipe: {big['samples']} samples; "
          f"load average now {os.getloadavg()[0]:.2f} (other work on the machine slows the wall clock)")
    for name, r in (("1 worker", one), ("2 workers", two), ("2 workers, large", big)):
        print(f"{name:17}: {r['rate']:6.1f} samples/s end to end ({r['seconds']:.1f} s wall, {r['cpu']:.1f} s CPU of the "
              f"process tree, {r['samples'] / r['cpu']:.0f} samples per CPU-second, parallelism "
              f"{r['cpu'] / r['seconds']:.2f}), peak RSS of the tree {r['peak_rss'] / mib:.0f} MiB")
    print(f"ratios: 2 vs 1 worker speed x{two['rate'] / one['rate']:.2f}, CPU per sample "
          f"x{(two['cpu'] / two['samples']) / (one['cpu'] / one['samples']):.2f}, peak RSS "
          f"x{two['peak_rss'] / one['peak_rss']:.2f}; large vs base (2 workers) peak RSS "
          f"x{big['peak_rss'] / two['peak_rss']:.2f} (streamed: close to 1)")
    print(f"last log lines: {one['log']!r}; {two['log']!r}")


if __name__ == "__main__":
    main()
