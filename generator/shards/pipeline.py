"""``build``: a recipe in, a dataset folder out (shard tasks -> executor -> stats -> manifest -> card).

The driver renders nothing: it plans each config once, in
recipe order, and turns it into one :class:`~generator.shards.task.ShardTask`
per shard carrying the shard's planned samples and the Arrow schema (the
shards to expect follow from the recipe's counts alone). It hands the tasks
to an executor (local worker processes or a Dask cluster,
:mod:`generator.shards.executors`) as they are planned, so workers render the
first config while the next is planned (with several workers, planning starts
in a thread before the workers or the cluster do), and files the small stats
that come back. Each task keeps its shard when the output already holds it complete for
the same plan, or renders and writes it. A config whose failed fraction exceeds ``max_failed_fraction``
stops the build with a :class:`BuildError` that counts the failures by
reason. Finally stray shard files are removed, and ``MANIFEST.json`` and
``README.md`` are written from the stats alone, so a resumed build, an
uninterrupted one, and one on any executor write the same manifest.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

from tqdm import tqdm

from ..errors import BuildError, RecipeError
from ..recipe import Recipe
from .environment import environment
from .dispatch import Planner
from .executors import DEFAULT_RETRIES, make_executor
from .manifest import MANIFEST_NAME, assemble_manifest, manifest_bytes
from .output import Output
from .spec import ShardId, is_shard_file
from .task import plan_shards, shard_tasks

__all__ = ["build", "check_failures", "check_languages", "plan_shards"]


def check_languages(recipe: Recipe) -> None:
    """Refuse, before anything is rendered, a language or a layout a config's subset does not have."""
    from ..subsets import SUBSETS

    for config in recipe.configs:
        if config.name not in SUBSETS:  # pages: languages are fixed per script group, the recipe names none
            continue
        allowed = SUBSETS[config.name].languages
        for language in config.languages or ():
            if language not in allowed:
                raise RecipeError(f"recipe key configs.{config.name}.languages: bad value {language!r}; "
                                  f"allowed: {', '.join(allowed)}")
        for layout in config.layouts:
            if layout not in SUBSETS[config.name].layouts:
                raise RecipeError(f"recipe key configs.{config.name}.layouts: bad value {layout!r}; allowed: "
                                  f"{', '.join(SUBSETS[config.name].layouts)} (config {config.name} has no {layout}s)")


def check_failures(recipe: Recipe, config: str, stats: list[dict]) -> None:
    """Raise :class:`BuildError` when the config's failed fraction is over the recipe's limit."""
    planned = sum(s["planned"] for s in stats)
    failed = sum(s["failed"] for s in stats)
    if planned and failed / planned > recipe.max_failed_fraction:
        reasons = Counter()
        for s in stats:
            reasons.update(s["failures_by_reason"])
        examples = [f for s in stats for f in s["failures"]][:3]
        raise BuildError(
            f"config {config}: {failed} of {planned} samples failed ({failed / planned:.2%}), over the recipe's "
            f"max_failed_fraction {recipe.max_failed_fraction:.2%}; by reason: {dict(reasons)}; first: "
            + "; ".join(f"{f['id']}: {f['reason']}: {f['error']}" for f in examples)
            + ". Fix the text sources or the fonts, or raise max_failed_fraction in the recipe.")


def _write_card(output: Output, recipe: Recipe, manifest: dict, languages: dict[str, set[str]]) -> None:
    from ..card import write_card

    if output.is_local:
        write_card(output.local_path(""), recipe, manifest, languages)
        return
    with tempfile.TemporaryDirectory(prefix="percels-card-") as tmp:
        output.write_bytes("README.md", write_card(tmp, recipe, manifest, languages, output=output).read_bytes())


def build(recipe: Recipe, out: str | Path, *, workers: int = 1, dask: str | None = None,
          retries: int = DEFAULT_RETRIES, progress: bool = True, fresh: bool = False,
          log: Callable[[str], None] = print) -> dict:
    """Build (or finish building) ``recipe`` into ``out`` (a folder or an fsspec URL); return the manifest.

    ``workers`` local processes run the shard tasks, or, with ``dask``, the
    Dask cluster at that scheduler address (``"local"`` starts a LocalCluster
    of ``workers`` processes), each task tried up to ``1 + retries`` times.
    An output folder that cannot be written (a file in the way, no permission,
    a full disk) raises :class:`BuildError` naming the file; completed shards
    stay, and the next build resumes from them.
    """
    from ..outputs import output_errors

    with output_errors(BuildError, "write", out):
        return _build(recipe, out, workers=workers, dask=dask, retries=retries, progress=progress, fresh=fresh,
                      log=log)


def _build(recipe: Recipe, out: str | Path, *, workers: int, dask: str | None, retries: int, progress: bool,
           fresh: bool, log: Callable[[str], None]) -> dict:
    check_languages(recipe)
    output = Output(out)
    executor = make_executor(workers=workers, dask=dask, shared_output=output.shared, environment=environment(),
                             retries=retries)
    output.makedirs("")  # the folder itself first, so that a file in its place is named as the culprit
    output.makedirs("data")
    if fresh:
        for rel in output.files():
            if is_shard_file(rel, keep=set()):
                output.remove(rel)
    # a config's shards are known once it is planned (pages: how many canvases each text fits decides)
    by_config: dict[str, list[ShardId]] = {}
    planned: dict[str, int] = {}
    pending: Counter = Counter()

    def on_plan(config: str, specs: list) -> None:
        by_config[config] = [spec.id for spec in specs]
        planned.update({spec.relpath: len(spec.samples) for spec in specs})
        pending[config] = len(specs)

    stats: dict[str, dict] = {}
    kept: Counter = Counter()
    languages: dict[str, set[str]] = {config.name: set() for config in recipe.configs}
    with ExitStack() as stack:
        bar = stack.enter_context(tqdm(total=recipe.total_samples(), desc="build", unit="sample",
                                       disable=not progress, leave=False))
        # planned config by config as the executor takes them (the Arrow schema computed by the first)
        tasks = shard_tasks(recipe, output.url, on_plan=on_plan)
        if executor.plans_ahead:  # the driver plans while the workers or the cluster start
            tasks = stack.enter_context(Planner(tasks))
        stack.enter_context(executor)
        for outcome in executor.run(tasks):
            s = outcome.stats
            stats[s["path"]] = s
            languages[s["config"]].update(outcome.languages)
            kept[s["config"]] += not outcome.rendered
            bar.update(planned[s["path"]])
            pending[s["config"]] -= 1
            if pending[s["config"]] == 0:
                config_stats = [stats[shard.relpath] for shard in by_config[s["config"]]]
                failed = Counter()
                for cs in config_stats:
                    failed.update(cs["failures_by_reason"])
                log(f"{s['config']}: {sum(cs['rows'] for cs in config_stats)} rows in {len(config_stats)} shards "
                    f"({kept[s['config']]} already complete), failed: {dict(failed) or 0}")
                check_failures(recipe, s["config"], config_stats)
    shards = [shard for config in recipe.configs for shard in by_config[config.name]]
    keep = {rel for shard in shards for rel in (shard.relpath, shard.stats_relpath)}
    for rel in output.files():
        if is_shard_file(rel, keep):
            log(f"removing {rel}: not part of this recipe's plan")
            output.remove(rel)
    header = {"name": recipe.name, "version": recipe.version, "master_seed": recipe.master_seed,
              "recipe_sha256": recipe.fingerprint()}
    manifest = assemble_manifest(header, [stats[shard.relpath] for shard in shards])
    output.write_bytes(MANIFEST_NAME, manifest_bytes(manifest))
    _write_card(output, recipe, manifest, languages)
    return manifest
