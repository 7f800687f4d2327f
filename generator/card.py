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

from .errors import BuildError
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


def card_data(recipe: Recipe, manifest: dict, languages: Mapping[str, set[str]]):
    """``DatasetCardData`` with configs, dataset_info, licence, languages and task categories."""
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
    )
    infos, configs = {}, {}
    for config, splits in manifest["configs"].items():
        configs[config] = {"data_files": [{"split": split, "path": f"data/{config}/{split}-*.parquet"}
                                          for split in splits]}
        split_dict = SplitDict()
        for split, info in splits.items():
            split_dict.add(SplitInfo(name=split, num_examples=info["rows"]))
        infos[config] = DatasetInfo(features=features, splits=split_dict)
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


def render_card(recipe: Recipe, manifest: dict, languages: Mapping[str, set[str]], body: str) -> str:
    yaml = card_data(recipe, manifest, languages).to_yaml()
    return f"---\n{yaml}\n---\n\n{body.rstrip()}\n\n{build_section(recipe, manifest)}"


def write_card(out: str | Path, recipe: Recipe, manifest: dict, languages: Mapping[str, set[str]],
               source: Path = CARD_SOURCE) -> Path:
    """Write ``out/README.md``; the card text comes from ``DATASET_CARD.md`` of the repository."""
    try:
        body = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"cannot read the dataset card {source}: {exc.strerror}; build from a checkout of the "
                         "repository, which has DATASET_CARD.md at its root") from exc
    path = Path(out) / "README.md"
    path.write_text(render_card(recipe, manifest, languages, body), encoding="utf-8")
    return path
