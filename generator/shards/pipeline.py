"""``build``: a recipe in, a dataset folder out (plan -> render -> shards -> manifest -> card).

For each config of the recipe, in order: the planner
(:func:`generator.plan_pages.plan_for`) gives every split's samples; they are
cut into shards; shards whose stats say they were completed for the same plan
are kept, the others are rendered by the worker pool, in plan order, and
written. A config whose failed fraction exceeds ``max_failed_fraction`` stops
the build with a :class:`BuildError` that counts the failures by reason.
Finally stray shard files are removed, and ``MANIFEST.json`` and ``README.md``
are written from the stats alone, so a resumed build and an uninterrupted one
write the same manifest.
"""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

from tqdm import tqdm

from ..errors import BuildError, RecipeError
from ..recipe import ConfigRecipe, Recipe
from .features import dataset_features
from .manifest import assemble_manifest, write_manifest
from .pool import RenderPool
from .spec import ShardSpec, completed_stats, cut_shards, stray_files
from .writer import write_shard


def plan_shards(recipe: Recipe, config: ConfigRecipe) -> list[ShardSpec]:
    """The config's shards, split by split in recipe order."""
    from ..plan_pages import plan_for

    plan = plan_for(config, recipe.master_seed)
    specs = []
    for split in config.splits:
        samples = plan.get(split)
        lo, hi = config.planned_range(split)
        if samples is None or not lo <= len(samples) <= hi:
            got = None if samples is None else len(samples)
            count = lo if lo == hi else f"{lo} to {hi}"
            raise BuildError(f"config {config.name} split {split}: the planner gave {got} samples, the recipe asks "
                             f"for {count}; the planner must return every split it is given")
        specs.extend(cut_shards(config.name, split, samples, recipe.shard_size))
    return specs


def planned_configs(recipe: Recipe, *, lookahead: bool) -> Iterator[tuple[ConfigRecipe, list[ShardSpec]]]:
    """Each config with its shards, in recipe order.

    With ``lookahead`` the next config is planned in one background thread
    while the worker processes render the current one, so they do not wait
    for the planner. Only one thread ever plans, one config after the other,
    so the plan is the same; without worker processes (the main thread renders
    and ICU objects are not shared across threads) there is no lookahead.
    """
    if not lookahead:
        for config in recipe.configs:
            yield config, plan_shards(recipe, config)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="planner") as planner:
        upcoming = planner.submit(plan_shards, recipe, recipe.configs[0])
        for i, config in enumerate(recipe.configs):
            specs = upcoming.result()
            if i + 1 < len(recipe.configs):
                upcoming = planner.submit(plan_shards, recipe, recipe.configs[i + 1])
            yield config, specs


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


def build(recipe: Recipe, out: str | Path, *, workers: int = 1, progress: bool = True, fresh: bool = False,
          log: Callable[[str], None] = print) -> dict:
    """Build (or finish building) ``recipe`` into ``out``; return the manifest.

    An output folder that cannot be written (a file in the way, no permission,
    a full disk) raises :class:`BuildError` naming the file; completed shards
    stay, and the next build resumes from them.
    """
    from ..outputs import output_errors

    with output_errors(BuildError, "write", out):
        return _build(recipe, out, workers=workers, progress=progress, fresh=fresh, log=log)


def _build(recipe: Recipe, out: str | Path, *, workers: int, progress: bool, fresh: bool,
           log: Callable[[str], None]) -> dict:
    from ..card import write_card

    check_languages(recipe)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    schema = dataset_features().arrow_schema
    if fresh:
        for path in stray_files(out, keep=set()):
            path.unlink()
    all_stats: list[dict] = []
    languages: dict[str, set[str]] = {}
    keep: set[str] = set()
    started = time.perf_counter()
    rendered = 0
    with RenderPool(workers) as pool:
        for config, specs in planned_configs(recipe, lookahead=workers > 1):
            languages[config.name] = {s.language for spec in specs for s in spec.samples}
            stats_by_shard: dict[str, dict] = {}
            todo = []
            for spec in specs:
                keep.update({spec.relpath, spec.stats_path(out).relative_to(out).as_posix()})
                fingerprint = spec.plan_fingerprint()
                done = completed_stats(out, spec, fingerprint)
                if done is None:
                    todo.append((spec, fingerprint))
                else:
                    stats_by_shard[spec.relpath] = done
            n_todo = sum(len(spec.samples) for spec, _ in todo)
            if todo:
                results = pool.imap(itertools.chain.from_iterable(spec.samples for spec, _ in todo))
                with tqdm(total=n_todo, desc=config.name, unit="sample", disable=not progress, leave=False) as bar:
                    for spec, fingerprint in todo:
                        stats_by_shard[spec.relpath] = write_shard(
                            out, spec, itertools.islice(results, len(spec.samples)), schema, recipe.row_group_size,
                            fingerprint, on_result=lambda: bar.update(1))
                rendered += n_todo
            config_stats = [stats_by_shard[spec.relpath] for spec in specs]
            failed = Counter()
            for s in config_stats:
                failed.update(s["failures_by_reason"])
            log(f"{config.name}: {sum(s['rows'] for s in config_stats)} rows in {len(specs)} shards "
                f"({len(specs) - len(todo)} already complete), failed: {dict(failed) or 0}")
            check_failures(recipe, config.name, config_stats)
            all_stats.extend(config_stats)
    for path in stray_files(out, keep):
        log(f"removing {path.relative_to(out).as_posix()}: not part of this recipe's plan")
        path.unlink()
    header = {"name": recipe.name, "version": recipe.version, "master_seed": recipe.master_seed,
              "recipe_sha256": recipe.fingerprint()}
    manifest = assemble_manifest(header, all_stats)
    write_manifest(out, manifest)
    write_card(out, recipe, manifest, languages)
    elapsed = time.perf_counter() - started
    log(f"built {manifest['totals']['rows']} rows into {out} in {elapsed:.1f} s"
        + (f" ({rendered / elapsed:.0f} samples/s rendered with {workers} workers)" if rendered else ""))
    return manifest
