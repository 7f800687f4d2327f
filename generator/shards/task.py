"""The shard task: the unit of work of a build, the same plain function under every executor.

A :class:`ShardTask` is picklable and small next to what it makes: the
recipe (a frozen dataclass of a few hundred bytes) with its fingerprint, the
shard (config, split, index) with its planned samples (about 50 KB for
a shard of 250), the fingerprint of that plan, the Arrow schema to write,
where the dataset goes, and the driver's rendering environment. The driver
plans each config once (:func:`shard_tasks`); :func:`run_shard` does all the
rest on the worker:

1. checks the worker's environment against the driver's (fonts lock, own
   files, library versions: :mod:`generator.shards.environment`), so a
   drifted worker fails the task with :class:`~generator.errors.WorkerDriftError`
   before it writes anything, then checks the recipe and the plan against
   their fingerprints;
2. keeps the shard if the output already holds it, complete, for exactly this
   plan; otherwise renders every sample with
   :class:`~generator.shards.worker.SampleWorker`, writes the Parquet file,
   then its stats file last (the commit). When the shard's config differs
   from the last one this process rendered, the render memos are emptied
   first, so a worker's memory holds one config's glyphs and shaped runs,
   not every config's;
3. returns the stats, small, to the driver: no rendered data passes through it.

A worker never plans and never imports ``datasets``: the schema arrives
ready-made. Local worker processes and Dask workers call this same function,
so a manifest cannot depend on the executor::

    >>> from generator.recipe import recipe_from_dict
    >>> r = recipe_from_dict({"name": "t", "version": "0.1.0", "master_seed": 1,
    ...                       "defaults": {"sizes": [16], "splits": {"test": 3}}, "configs": {"latin": {}}})
    >>> [s.name for s in recipe_shards(r)]
    ['test-00000-of-00001']
    >>> [(t.shard.name, len(t.shard.samples)) for t in shard_tasks(r, "memory://doc")]
    [('test-00000-of-00001', 3)]
"""

from __future__ import annotations

import itertools
import os
import socket
import sys
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ..errors import BuildError
from ..recipe import ConfigRecipe, Recipe
from .environment import check_environment, environment
from .output import Output
from .spec import ShardId, ShardSpec, cut_shards, parse_stats, shard_ids

#: The config of the last shard this process rendered: at a change of config the render memos are emptied.
_last_config: str | None = None
#: One shard at a time per process: the renderer's caches and ICU objects are not shared between threads.
_one_at_a_time = threading.Lock()


@dataclass(frozen=True)
class ShardTask:
    """One shard to make: everything a worker needs, planned by the driver.

    ``shard`` holds the shard's planned samples, ``plan_sha256`` their
    fingerprint (:meth:`ShardSpec.plan_fingerprint`) and ``schema`` the
    ``pyarrow.Schema`` of the dataset's columns, with the metadata that makes
    ``load_dataset`` decode images.
    """

    recipe: Recipe
    recipe_sha256: str
    shard: ShardSpec
    plan_sha256: str
    schema: Any
    out: str
    environment: dict

    @property
    def key(self) -> str:
        """A name for the task, unique within a build (Dask's task key)."""
        return f"percels-shard-{self.recipe_sha256[:12]}-{self.shard.config}-{self.shard.name}"


@dataclass(frozen=True)
class ShardOutcome:
    """What came back: the shard's stats, whether it was rendered now, and its samples' languages."""

    stats: dict
    rendered: bool
    languages: tuple[str, ...]


def plan_shards(recipe: Recipe, config: ConfigRecipe) -> list[ShardSpec]:
    """The config's shards with their planned samples, split by split in recipe order.

    A line config plans exactly texts x sizes samples; ``pages`` plans each text on the canvases it fits,
    so its count lies in :meth:`~generator.recipe.ConfigRecipe.planned_range` and its shards are known only
    once it is planned.
    """
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
        # text tokens counted here, by the driver, so that workers never load the tokenizer
        specs.extend(spec.with_text_tokens()
                     for spec in cut_shards(config.name, split, samples, recipe.shard_size_of(config)))
    return specs


def recipe_shards(recipe: Recipe) -> list[ShardId]:
    """Every shard of the recipe, config by config in recipe order, without planning anything.

    Exact for the configs of lines and paragraphs; for ``pages`` it counts the most samples its plan may hold,
    so the build takes a config's shards from its plan (:func:`shard_tasks`' ``on_plan``).
    """
    return [shard for config in recipe.configs
            for split, planned in config.samples_per_split().items()
            for shard in shard_ids(config.name, split, planned, recipe.shard_size_of(config))]


def shard_tasks(recipe: Recipe, out: str, env: dict | None = None, schema: Any = None,
                on_plan: Callable[[str, list[ShardSpec]], None] | None = None) -> Iterator[ShardTask]:
    """Every shard of the recipe as a task, config by config in recipe order; each config planned once, when reached.

    Lazy, so that an executor can start the first config's shards while the
    next config is planned. ``schema`` defaults to the dataset's Arrow schema.
    ``on_plan(config, specs)`` is told each config's shards before its first task is handed out.
    """
    sha = recipe.fingerprint()
    env = environment() if env is None else env
    if schema is None:
        from .features import dataset_features

        schema = dataset_features().arrow_schema
    for config in recipe.configs:
        specs = plan_shards(recipe, config)
        if on_plan is not None:
            on_plan(config.name, specs)
        for spec in specs:
            yield ShardTask(recipe, sha, spec, spec.plan_fingerprint(), schema, out, env)


def completed_stats(output: Output, spec: ShardSpec, fingerprint: str) -> dict | None:
    """The stats of a shard the output already holds, complete, for exactly this plan; else None."""
    stats = parse_stats(output.read_text(spec.stats_relpath))
    if stats is None or stats.get("plan_sha256") != fingerprint or not output.exists(spec.relpath):
        return None
    return stats


def worker_name() -> str:
    """This worker as an error message should name it: its Dask address, else host and process id."""
    if "distributed" in sys.modules:
        from distributed import get_worker

        try:
            return f"worker {get_worker().address}"
        except ValueError:  # not inside a Dask worker
            pass
    return f"worker process {os.getpid()} on {socket.gethostname()}"


def _forget_other_configs(config: str) -> None:
    """Empty the render memos when this process moves to another config (the samples are the same either way).

    At its first config, and at each change, what the process keeps is frozen
    out of the garbage collector's full passes (:func:`~generator.shards.memory.settle_objects`).
    """
    global _last_config
    if _last_config == config:
        return
    from .memory import release_memory, settle_objects

    if _last_config is not None:
        from ..fonts import forget_fonts
        from ..render import forget_caches

        forget_caches()
        forget_fonts()  # and unmap them: the next config's fonts are mostly others
    settle_objects()
    release_memory()
    _last_config = config


def run_shard(task: ShardTask) -> ShardOutcome:
    """Make one shard (or keep it, if it is already complete) and return its outcome."""
    from .worker import SampleWorker
    from .writer import write_shard

    with _one_at_a_time:
        check_environment(task.environment, environment(), worker_name())
        if task.recipe.fingerprint() != task.recipe_sha256:
            raise BuildError(f"shard task {task.key}: the recipe does not match its fingerprint; "
                             "the task was altered on its way to the worker")
        spec = task.shard
        fingerprint = spec.plan_fingerprint()
        if fingerprint != task.plan_sha256:
            raise BuildError(f"shard task {task.key}: its planned samples do not match the plan's fingerprint; "
                             "the task was altered on its way to the worker")
        languages = tuple(sorted({s.language for s in spec.samples}))
        output = Output(task.out)
        done = completed_stats(output, spec, fingerprint)
        if done is not None:
            return ShardOutcome(done, False, languages)
        _forget_other_configs(spec.config)
        worker = SampleWorker()
        stats = write_shard(output, spec, itertools.starmap(worker, spec.samples_with_tokens()), task.schema,
                            task.recipe.row_group_size, fingerprint)
        return ShardOutcome(stats, True, languages)
