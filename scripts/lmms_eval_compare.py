#!/usr/bin/env python3
"""Run the lmms-eval group ``percels`` with ``percels_tesseract`` and compare with ``generator evaluate``.

Run by ``scripts/lmms_eval_check`` inside its lmms-eval environment. Three sets of numbers
per config, on the first ``--limit`` samples of each:

1. lmms-eval's own results (its aggregation of percels' per-sample scores);
2. ``generator evaluate`` on the predictions lmms-eval logged (``--log_samples``);
3. ``generator evaluate`` on ``python -m generator baseline tesseract`` run directly.

All three must agree; the script prints them side by side and exits 1 when they do not.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TASKS = ROOT / "integrations" / "lmms_eval" / "percels"
METRICS = ("exact_match", "pixel_exact", "exact_match_nfkc", "cer", "confusion_rate")


def group_configs() -> list[str]:
    lines = (TASKS / "percels.yaml").read_text(encoding="utf-8").splitlines()
    return [line.split("percels_", 1)[1].strip() for line in lines if line.strip().startswith("- percels_")]


def task_folder(dataset: Path, out: Path) -> Path:
    """A copy of the task folder whose dataset_path is ``dataset``."""
    folder = out / "tasks" / "percels"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(TASKS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    template = folder / "_default_template_yaml"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("dataset_path: datasets/percels", f"dataset_path: {dataset}"), encoding="utf-8")
    return folder.parent


def run_lmms_eval(dataset: Path, configs: list[str], limit: int, out: Path, env: dict) -> tuple[dict, dict]:
    """({config: {metric: value}}, {id: prediction}) from one lmms-eval run."""
    everything = set(group_configs())
    tasks = "percels" if everything <= set(configs) else ",".join(f"percels_{c}" for c in configs)
    print(f"lmms-eval tasks: {tasks}" + ("" if tasks == "percels" else
          f" (the dataset lacks {', '.join(sorted(everything - set(configs)))} of the group)"), flush=True)
    results_dir = out / "lmms-eval"
    shutil.rmtree(results_dir, ignore_errors=True)
    cmd = [sys.executable, "-m", "lmms_eval", "--model", "percels_tesseract", "--tasks", tasks,
           "--include_path", str(task_folder(dataset, out)), "--limit", str(limit), "--batch_size", "1",
           "--log_samples", "--output_path", str(results_dir)]
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    found = sorted(results_dir.rglob("*_results.json"), key=lambda p: p.stat().st_mtime)
    if not found:  # lmms-eval logs an error and exits 0
        raise SystemExit(f"lmms-eval wrote no results under {results_dir}: see its error above")
    results_file = found[-1]
    results = json.loads(results_file.read_text(encoding="utf-8"))["results"]
    scores = {task.removeprefix("percels_"): {m: number(values.get(f"{m},none")) for m in METRICS}
              for task, values in results.items() if task.startswith("percels_")}
    predictions = {}
    for samples in results_dir.rglob("*_samples_percels_*.jsonl"):
        for line in samples.read_text(encoding="utf-8").splitlines():
            payload = json.loads(line)["exact_match"]
            predictions[payload["id"]] = payload["prediction"]
    return scores, predictions


def number(value) -> float | None:
    """A metric value, or None where there is none (lmms-eval writes "N/A" or null)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def by_config(report: dict) -> dict:
    return {c: {m: s[m] for m in METRICS} for c, s in report["scored"]["by_config"].items()}


def same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-12)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dataset", required=True, type=Path)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--out", type=Path, default=ROOT / "out" / "lmms-eval-check")
    args = p.parse_args()
    from generator.evaluate import evaluate
    from generator.evaluate.dataset import dataset_files

    dataset, out = args.dataset.resolve(), args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    configs = [c for c, splits in dataset_files(dataset).items() if "test" in splits]
    env = {**os.environ, "HF_DATASETS_CACHE": str(out / "hf-cache"), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}

    lmms_scores, lmms_predictions = run_lmms_eval(dataset, configs, args.limit, out, env)
    logged = out / "lmms-eval-predictions.jsonl"
    logged.write_text("".join(json.dumps({"id": i, "prediction": t}, ensure_ascii=False) + "\n"
                              for i, t in lmms_predictions.items()), encoding="utf-8")
    direct = out / "tesseract.jsonl"
    done = subprocess.run([sys.executable, "-m", "generator", "baseline", "tesseract", "--dataset", str(dataset),
                           "--out", str(direct), "--limit", str(args.limit)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the baseline failed:\n{done.stderr}")
    print(done.stderr.strip().rsplit("\r", 1)[-1].splitlines()[-1])  # its summary, without the progress bar
    from_logged = by_config(evaluate(dataset, logged, configs=configs, limit=args.limit))
    from_direct = by_config(evaluate(dataset, direct, configs=configs, limit=args.limit))
    direct_predictions = {json.loads(line)["id"]: json.loads(line)["prediction"]
                          for line in direct.read_text(encoding="utf-8").splitlines()}

    ok = True
    print(f"\nfirst {args.limit} samples of each config; scored samples (not pixel-ambiguous; – where a config "
          "has none among them); "
          "columns: lmms-eval | evaluate(lmms-eval's predictions) | evaluate(baseline tesseract)")
    print(f"| config | metric | lmms-eval | evaluate (logged) | evaluate (baseline) |\n|---|---|---:|---:|---:|")
    for config in configs:
        for m in METRICS:
            a, b, c = (scores.get(config, {}).get(m) for scores in (lmms_scores, from_logged, from_direct))
            agree = same(a, b) and same(b, c)
            ok &= agree
            fmt = lambda v: "–" if v is None else f"{v:.4f}"  # noqa: E731
            print(f"| {config} | {m} | {fmt(a)} | {fmt(b)} | {fmt(c)} |" + ("" if agree else "  MISMATCH"))
    differing = sorted(i for i in set(lmms_predictions) | set(direct_predictions)
                       if lmms_predictions.get(i) != direct_predictions.get(i))
    print(f"\n{len(lmms_predictions)} predictions logged by lmms-eval, {len(direct_predictions)} by the baseline; "
          f"{len(differing)} differ" + (f": {', '.join(differing[:10])}" if differing else ""))
    ok &= not differing
    print("AGREE" if ok else "DISAGREE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
