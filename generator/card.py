"""The dataset card: ``DIR/README.md`` = generated YAML front matter + ``DATASET_CARD.md``.

The front matter is what the Hugging Face Hub and ``load_dataset`` read from a
local folder: ``configs`` with each split's ``data_files`` glob, and
``dataset_info`` with the features and split sizes, plus licence, languages
and task categories. It is made by ``huggingface_hub.DatasetCardData`` and
the ``datasets`` helpers that ``push_to_hub`` uses, never by hand::

    >>> front_matter_languages({"latin": {"en", "vi"}, "logographic": {"zh-Hant", "ja"}})
    ['en', 'ja', 'vi', 'zh']

After the card comes a generated section, "This build", with the row and
failure counts of the build from its manifest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from .errors import BuildError, VerifyError
from .recipe import Recipe

CARD_SOURCE = Path(__file__).resolve().parent.parent / "DATASET_CARD.md"


def front_matter_languages(languages: Mapping[str, set[str]]) -> list[str]:
    """The Hub's language list: the primary subtag of every language tag used."""
    return sorted({tag.split("-")[0].lower() for tags in languages.values() for tag in tags})


def size_category(rows: int) -> str:
    """The Hub's size bucket for a number of rows.

    >>> size_category(999), size_category(49_500), size_category(2_000_000)
    ('n<1K', '10K<n<100K', '1M<n<10M')
    """
    buckets = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
               (10_000_000, "1M<n<10M"))
    return next((name for limit, name in buckets if rows < limit), "n>10M")


def split_sizes(out: str | Path, manifest: dict, output=None) -> dict[str, dict[str, dict[str, int]]]:
    """``{config: {split: {"num_bytes": ..., "download_size": ...}}}`` measured on the shard files.

    ``num_bytes`` is the size of the split as Arrow data in memory, one table per Parquet
    row group, chunks combined: how ``datasets`` counts a split it prepares (its writer
    groups single-row batches differently, a difference of well under 1%);
    ``download_size`` is the size of the split's Parquet files on disk. The shards are read from the
    folder ``out``, or through ``output`` (a :class:`generator.shards.output.Output`, any fsspec
    filesystem) when given.
    """
    import pyarrow.parquet as pq

    sizes: dict[str, dict[str, dict[str, int]]] = {}
    for config, splits in manifest["configs"].items():
        for split, info in splits.items():
            num_bytes = download = 0
            for shard in info["shards"]:
                path = Path(out) / shard["path"] if output is None else output.path(shard["path"])
                try:
                    if output is None:
                        download += path.stat().st_size
                        parquet = pq.ParquetFile(path)
                    else:
                        download += output.fs.size(path)
                        parquet = pq.ParquetFile(output.fs.open(path, "rb"))
                    num_bytes += sum(parquet.read_row_group(i).combine_chunks().nbytes
                                     for i in range(parquet.num_row_groups))
                except OSError as exc:
                    raise VerifyError(f"{path}: cannot measure the shard for the card ({exc}): rebuild the "
                                      "dataset with `python -m generator build`") from None
            sizes.setdefault(config, {})[split] = {"num_bytes": num_bytes, "download_size": download}
    return sizes


def card_data(recipe: Recipe, manifest: dict, languages: Mapping[str, set[str]],
              sizes: Mapping[str, Mapping[str, Mapping[str, int]]] | None = None):
    """``DatasetCardData`` with configs, dataset_info, licence, languages and task categories.

    ``sizes`` (from :func:`split_sizes`) fills each split's ``num_bytes`` and each config's
    ``dataset_size`` and ``download_size``. The recipe's first config is the default one, so
    ``load_dataset(DIR)`` needs no config name.
    """
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    from .shards.features import dataset_features

    features = dataset_features()
    data = DatasetCardData(
        license=recipe.license,
        language=front_matter_languages(languages),
        task_categories=list(recipe.task_categories),
        pretty_name=recipe.pretty_name or recipe.name,
        size_categories=[size_category(manifest["totals"]["rows"])],
        tags=list(recipe.card_tags) or None,
        **({"license_name": recipe.license_name} if recipe.license_name else {}),
        **({"license_link": recipe.license_link} if recipe.license_link else {}),
    )
    infos, configs = {}, {}
    sizes = sizes or {}
    for i, (config, splits) in enumerate(manifest["configs"].items()):
        configs[config] = {"data_files": [{"split": split, "path": f"data/{config}/{split}-*.parquet"}
                                          for split in splits], **({"default": True} if i == 0 else {})}
        split_dict = SplitDict()
        measured = sizes.get(config, {})
        for split, info in splits.items():
            split_dict.add(SplitInfo(name=split, num_examples=info["rows"],
                                     num_bytes=measured.get(split, {}).get("num_bytes", 0)))
        infos[config] = DatasetInfo(
            features=features, splits=split_dict,
            dataset_size=sum(m["num_bytes"] for m in measured.values()) if measured else None,
            download_size=sum(m["download_size"] for m in measured.values()) if measured else None)
    MetadataConfigs(configs).to_dataset_card_data(data)
    DatasetInfosDict(infos).to_dataset_card_data(data)
    return data


def build_section(recipe: Recipe, manifest: dict) -> str:
    """A Markdown table of rows and failures per config and split."""
    lines = ["## This build", "",
             f"Recipe `{recipe.name}` version {recipe.version}, master seed {recipe.master_seed}. "
             f"{manifest['totals']['rows']} rows; {manifest['totals']['failed']} planned samples failed and are "
             "listed by id in `MANIFEST.json`.", "",
             "| config | split | rows | failed (by reason) |", "|---|---|---:|---|"]
    for config, splits in manifest["configs"].items():
        for split, info in splits.items():
            reasons = ", ".join(f"{k}: {v}" for k, v in info["failures_by_reason"].items()) or "0"
            lines.append(f"| {config} | {split} | {info['rows']} | {reasons} |")
    return "\n".join(lines) + "\n"


def render_card(recipe: Recipe, manifest: dict, languages: Mapping[str, set[str]], body: str,
                sizes: Mapping | None = None) -> str:
    yaml = card_data(recipe, manifest, languages, sizes).to_yaml()
    return f"---\n{yaml}\n---\n\n{body.rstrip()}\n\n{build_section(recipe, manifest)}"


def write_card(out: str | Path, recipe: Recipe, manifest: dict, languages: Mapping[str, set[str]],
               source: Path = CARD_SOURCE, output=None) -> Path:
    """Write ``out/README.md``; the card text comes from ``DATASET_CARD.md`` of the repository.

    The shards it measures are in ``out``, or behind ``output`` (see :func:`split_sizes`)."""
    try:
        body = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"cannot read the dataset card {source}: {exc.strerror}; build from a checkout of the "
                         "repository, which has DATASET_CARD.md at its root") from exc
    path = Path(out) / "README.md"
    sizes = split_sizes(out, manifest, output)
    path.write_text(render_card(recipe, manifest, languages, body, sizes), encoding="utf-8")
    return path
