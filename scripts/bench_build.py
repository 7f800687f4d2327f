"""Benchmark the build: 1 and 2 local workers and Dask with 2 workers, side by side in one run.

Each build runs as ``python -m generator build`` in a subprocess on a copy of
the default recipe (its nine configs, sizes and layouts) with fewer texts.
Every process of the build's tree is sampled every 100 ms for its peak
resident memory (the kernel's high-water mark, so no peak falls between two
samples) and its CPU time; the bench's own sampling CPU is printed too, as it
competes with the build. Printed per build: samples/s, CPU seconds of the whole
process tree and CPU-milliseconds per sample (the figure a loaded machine
spoils least), the driver's peak RSS and CPU (it plans every config) and each
worker process's peak RSS and CPU (with one local worker the driver renders
itself, so it has none). RSS, the headline figure, counts every page a
process has mapped, its share of the libraries and fonts that all workers map
too included; so for each worker the bench also prints the peak of its
anonymous memory (its own heap, nobody else's) and of its PSS (shared pages
divided among the processes that map them, read every second). Then the ratios the project aims at (2 vs 1
worker >= 1.8x, Dask within 10% of the local executor) and whether all manifests are identical.
Other work on the machine slows the wall clock: the load average is printed
before and after, and the ratios compare builds of the same run.

    python scripts/bench_build.py                          # 100 test texts per config, shards of 250
    python scripts/bench_build.py --texts 20 --shard-size 50   # a quick run
    python scripts/bench_build.py --texts 300 --shard-size 500 --rounds 3   # the median of three rounds
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.tomlcompat import tomllib  # noqa: E402

DEFAULT_RECIPE = ROOT / "datasets" / "percels" / "recipe.toml"
TICK = os.sysconf("SC_CLK_TCK")
MIB = 1 << 20
#: How often the build's processes are sampled. Each sample is CPU taken from the build (every 20 ms, it took 8%
#: of a core and woke 50 times a second, preempting a renderer on a machine whose cores are all busy).
SAMPLE_SECONDS = 0.1
BUILDS = (("1 local worker", ["--workers", "1"], 1), ("2 local workers", ["--workers", "2"], 2),
          ("Dask, 2 workers", ["--workers", "2", "--dask", "local"], 2))


def _toml_value(value) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)


def bench_recipe(texts: int, shard_size: int) -> str:
    """The default recipe with ``texts`` test texts (and a tenth as many validation texts) per config."""
    data = tomllib.loads(DEFAULT_RECIPE.read_text(encoding="utf-8"))
    data.update(name="bench", shard_size=shard_size, row_group_size=min(data["row_group_size"], shard_size),
                max_failed_fraction=0.5)  # a speed measure: a few failed samples of a small recipe must not stop it
    data["defaults"]["splits"] = {"test": texts, "validation": max(1, texts // 10)}
    lines = [f"{k} = {_toml_value(v)}" for k, v in data.items() if k not in ("defaults", "configs")]
    lines += ["[defaults]"] + [f"{k} = {_toml_value(v)}" for k, v in data["defaults"].items()]
    for name, table in data["configs"].items():
        lines += [f"[configs.{name}]"] + [f"{k} = {_toml_value(v)}" for k, v in table.items() if k != "splits"]
    return "\n".join(lines) + "\n"


def _children(pid: int) -> list[int]:
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(k) for k in f.read().split()]
    except OSError:
        pass
    return kids


def _kib_fields(path: str, names: tuple[str, ...]) -> list[int]:
    """The named ``kB`` fields of a /proc status-like file, in bytes."""
    found = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in names:
                found[key] = int(value.split()[0]) * 1024
    return [found[name] for name in names]


def sample_tree(pid: int, peak: dict[int, int], ticks: dict[int, int], anon: dict[int, int],
                pss: dict[int, int] | None = None) -> None:
    """Record each process of the tree's peaks so far (resident and anonymous bytes, and PSS when ``pss``
    is given) and its CPU ticks."""
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            rss, rss_anon = _kib_fields(f"/proc/{p}/status", ("VmHWM", "RssAnon"))  # VmHWM: the peak so far
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if pss is not None:
                pss[p] = max(pss.get(p, 0), *_kib_fields(f"/proc/{p}/smaps_rollup", ("Pss",)))
        except (OSError, IndexError, ValueError, KeyError):
            continue
        peak[p] = max(peak.get(p, 0), rss)
        anon[p] = max(anon.get(p, 0), rss_anon)
        ticks[p] = max(ticks.get(p, 0), int(fields[11]) + int(fields[12]))  # utime + stime
        stack += _children(p)


def run_build(recipe: Path, out: Path, options: list[str], workers: int) -> dict:
    cmd = [sys.executable, "-m", "generator", "build", "--recipe", str(recipe), "--out", str(out), "--quiet", *options]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak: dict[int, int] = {}
    ticks: dict[int, int] = {}
    anon: dict[int, int] = {}
    pss: dict[int, int] = {}
    tick = 0
    sampler = time.process_time()
    while proc.poll() is None:
        sample_tree(proc.pid, peak, ticks, anon, pss if tick % 10 == 0 else None)
        tick += 1
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    sampler = time.process_time() - sampler
    _, stderr = proc.communicate()
    if proc.returncode:
        sys.exit(f"build {' '.join(options)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    manifest = (out / "MANIFEST.json").read_bytes()
    samples = json.loads(manifest)["totals"]["planned"]
    others = sorted((p for p in peak if p != proc.pid), key=ticks.get, reverse=True)
    # with one local worker the driver renders; otherwise the workers are the other processes that did the most
    # work (not the largest: a fork server, a Dask nanny or a short-lived helper process is no worker)
    driver_renders = workers == 1 and "--dask" not in options
    worker_pids = [proc.pid] if driver_renders else others[:workers]
    return {"samples": samples, "seconds": seconds, "cpu": sum(ticks.values()) / TICK, "manifest": manifest,
            "driver_peak": peak[proc.pid], "worker_peaks": [peak[p] for p in worker_pids],
            "worker_anon": [anon[p] for p in worker_pids], "worker_pss": [pss.get(p, 0) for p in worker_pids],
            "driver_renders": driver_renders, "driver_cpu": ticks[proc.pid] / TICK, "sampler_cpu": sampler,
            "worker_cpu": [ticks[p] / TICK for p in worker_pids]}


def _report(results: dict) -> tuple[float, float]:
    """Print one round's builds; return its two ratios (2 vs 1 local worker, Dask vs local)."""
    for name, r in results.items():
        workers = ", ".join(f"{b / MIB:.0f}" for b in r["worker_peaks"])
        label = "the driver renders itself" if r["driver_renders"] else f"per worker {workers} MiB"
        label += " (anonymous " + ", ".join(f"{b / MIB:.0f}" for b in r["worker_anon"]) + " MiB; PSS " + ", ".join(
            f"{b / MIB:.0f}" for b in r["worker_pss"]) + " MiB)"
        print(f"{name:16}: {r['samples'] / r['seconds']:6.1f} samples/s ({r['seconds']:.1f} s wall, {r['cpu']:.1f} s "
              f"CPU of the tree, {1000 * r['cpu'] / r['samples']:.1f} CPU-ms per sample), peak RSS: driver "
              f"{r['driver_peak'] / MIB:.0f} MiB, {label}; CPU s: driver {r['driver_cpu']:.1f}"
              + ("" if r["driver_renders"] else ", workers " + ", ".join(f"{c:.1f}" for c in r["worker_cpu"]))
              + f"; this bench's sampling {r['sampler_cpu']:.1f}")
    one, two, dask = (results[name] for name, _, _ in BUILDS)
    return one["seconds"] / two["seconds"], two["seconds"] / dask["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=100, help="test texts per config (default 100)")
    parser.add_argument("--shard-size", type=int, default=250, help="samples per shard (default 250)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the three builds this many times, each round starting one build later, and judge "
                             "the median ratios (a shared machine's speed drifts within minutes; default 1)")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error(f"--rounds must be at least 1, got {args.rounds}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    scaling, dask_ratio, manifests, peaks = [], [], set(), []
    with tempfile.TemporaryDirectory(prefix="percels-bench-") as tmp:
        tmp = Path(tmp)
        recipe = tmp / "bench.toml"
        recipe.write_text(bench_recipe(args.texts, args.shard_size), encoding="utf-8")
        for round_ in range(args.rounds):
            order = BUILDS[round_ % 3:] + BUILDS[:round_ % 3]
            results = {}
            for i, (name, options, workers) in enumerate(order):
                results[name] = run_build(recipe, tmp / f"out{round_}-{i}", options, workers)
            results = {name: results[name] for name, _, _ in BUILDS}
            if round_ == 0:
                print(f"recipe: the default recipe's 9 configs with {args.texts} test texts each, shards of "
                      f"{args.shard_size}: {results[BUILDS[0][0]]['samples']} samples")
            print(f"round {round_ + 1} of {args.rounds} (order: {', '.join(name for name, _, _ in order)}):")
            ratios = _report(results)
            print(f"  ratios this round: 2 vs 1 local worker x{ratios[0]:.2f}, Dask vs local x{ratios[1]:.2f}")
            scaling.append(ratios[0])
            dask_ratio.append(ratios[1])
            manifests.update(r["manifest"] for r in results.values())
            peaks += [p for r in results.values() if not r["driver_renders"] for p in r["worker_peaks"]]
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    what = "median of " + str(args.rounds) + " rounds" if args.rounds > 1 else "one round"
    print(f"ratios ({what}): 2 vs 1 local worker x{statistics.median(scaling):.2f} (target >= 1.8); Dask vs local, "
          f"2 workers each, x{statistics.median(dask_ratio):.2f} of the speed (target >= 0.9); largest worker "
          f"process peak RSS {max(peaks) / MIB:.0f} MiB (target <= 300)")
    same = len(manifests) == 1
    print(f"manifests identical across all builds: {same}")
    if not same:
        sys.exit("the manifest depends on the executor")


if __name__ == "__main__":
    main()
