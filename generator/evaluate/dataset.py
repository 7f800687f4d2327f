"""Reading the truth of a built dataset: the columns scoring needs, never the pixels.

The files of each config and split come from the ``configs`` YAML front matter
of ``DIR/README.md``, the same mapping ``load_dataset(DIR, config, split=...)``
follows (its ``data_files`` patterns, expanded and sorted); without a README the
build's layout ``DIR/data/<config>/<split>-*.parquet`` is used. Only the needed
columns are read with pyarrow, so images are not decoded.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow.parquet as pq

from ..compression import DEFAULT_PRESET, compression_columns, ratio_column
from ..errors import PredictionsError, VerifyError

#: Columns scoring groups by when the dataset has them.
GROUP_COLUMNS = ("language", "script", "font_size", "layout", "pixel_ambiguous")
_BUILD_HINT = "build it with `python -m generator build --out DIR`"


def _front_matter(readme: Path) -> dict | None:
    import yaml

    try:
        text = readme.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VerifyError(f"{readme}: not UTF-8 (byte {exc.start + 1}): {_BUILD_HINT}") from None
    except OSError as exc:
        raise VerifyError(f"{readme}: cannot be read ({exc.strerror}): {_BUILD_HINT}") from None
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    if end < 0:
        raise VerifyError(f"{readme}: the YAML front matter has no closing '---' line: {_BUILD_HINT}")
    try:
        meta = yaml.safe_load(text[3:end])
    except yaml.YAMLError as exc:
        raise VerifyError(f"{readme}: the YAML front matter does not parse ({exc}): {_BUILD_HINT}") from None
    return meta if isinstance(meta, dict) else None


def dataset_files(root: str | Path) -> dict[str, dict[str, list[Path]]]:
    """``{config: {split: [parquet files, sorted]}}`` as ``load_dataset`` would resolve them."""
    root = Path(root)
    if not root.is_dir():
        raise PredictionsError(f"{root}: no such dataset folder: give the folder a build wrote ({_BUILD_HINT})")
    readme = root / "README.md"
    meta = _front_matter(readme) if readme.is_file() else None
    out: dict[str, dict[str, list[Path]]] = {}
    if meta and meta.get("configs"):
        for entry in meta["configs"]:
            name = entry.get("config_name")
            data_files = entry.get("data_files") or []
            if isinstance(data_files, (str, dict)):
                data_files = [data_files]
            splits: dict[str, list[Path]] = {}
            for df in data_files:
                split, pattern = (("train", df) if isinstance(df, str) else (df.get("split", "train"), df.get("path")))
                patterns = pattern if isinstance(pattern, list) else [pattern]
                files = sorted({f for p in patterns for f in root.glob(p)})
                splits.setdefault(split, []).extend(files)
            out[name] = {s: sorted(set(fs)) for s, fs in splits.items()}
        return out
    for config_dir in sorted((root / "data").glob("*")):
        if config_dir.is_dir():
            splits = {}
            for f in sorted(config_dir.glob("*.parquet")):
                splits.setdefault(f.name.split("-")[0], []).append(f)
            out[config_dir.name] = splits
    return out


def select_files(root: str | Path, split: str, configs: Sequence[str] | None) -> dict[str, list[Path]]:
    """The parquet files of ``split`` for each wanted config; raises naming what exists."""
    found = dataset_files(root)
    if not found:
        raise PredictionsError(f"{root}: no configs found (no README.md configs, no data/<config>/): {_BUILD_HINT}")
    wanted = list(configs) if configs else sorted(found)
    out: dict[str, list[Path]] = {}
    for c in wanted:
        if c not in found:
            raise PredictionsError(f"{root}: no config {c!r}; the dataset has {', '.join(sorted(found))}: pick one of those")
        files = found[c].get(split)
        if not files:
            if configs:
                have = ", ".join(sorted(found[c])) or "none"
                raise PredictionsError(f"{root}: config {c!r} has no files for split {split!r} (splits: {have}): pick one with --split")
            continue
        out[c] = files
    if not out:
        raise PredictionsError(f"{root}: no config has a split {split!r}: pick an existing split with --split")
    return out


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk, without decoding the image.

    >>> import io; from PIL import Image
    >>> b = io.BytesIO(); Image.new("L", (70, 30)).save(b, "PNG"); png_size(b.getvalue())
    (70, 30)
    """
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise VerifyError("an image is not a PNG: the dataset stores PNG bytes; rebuild it")
    return struct.unpack(">II", data[16:24])


def load_truth(root: str | Path, split: str = "test", configs: Sequence[str] | None = None,
               limit: int | None = None) -> list[dict]:
    """One dict per sample: ``config``, ``id``, ``text``, the group columns the dataset has, and ``ratio``.

    ``ratio`` is text tokens / vision tokens under :data:`generator.compression.DEFAULT_PRESET`,
    read from its column, or computed from the PNG header when the column is absent.
    ``limit`` keeps only the first N samples of each config, in dataset order (a subset run).
    """
    ratio_col = ratio_column(DEFAULT_PRESET)
    rows: list[dict] = []
    seen: dict[str, Path] = {}
    taken: dict[str, int] = {}
    for config, files in select_files(root, split, configs).items():
        for f in files:
            names = set(pq.ParquetFile(f).schema_arrow.names)
            missing = {"id", "text"} - names
            if missing:
                raise VerifyError(f"{f}: the columns {sorted(missing)} are missing: {_BUILD_HINT}")
            cols = ["id", "text", *(c for c in GROUP_COLUMNS if c in names)]
            if "script" not in names and "scripts" in names:
                cols.append("scripts")
            has_ratio = ratio_col in names
            cols.append(ratio_col if has_ratio else "image")
            for row in pq.read_table(f, columns=cols).to_pylist():
                if limit is not None and taken.get(config, 0) >= limit:
                    break
                taken[config] = taken.get(config, 0) + 1
                if row["id"] in seen:
                    raise VerifyError(f"{f}: id {row['id']!r} also appears in {seen[row['id']]}: ids must be unique; rebuild")
                seen[row["id"]] = f
                if "scripts" in row:
                    row["script"] = "+".join(row.pop("scripts") or []) or None
                if not has_ratio:
                    image = row.pop("image")
                    w, h = png_size(image["bytes"])
                    row[ratio_col] = compression_columns(row["text"], w, h)[ratio_col]
                row["ratio"] = row.pop(ratio_col)
                row["config"] = config
                rows.append(row)
    return rows


def iter_images(root: str | Path, split: str, configs: Sequence[str] | None = None,
                batch_size: int = 64) -> Iterator[dict]:
    """Yield ``config``, ``id``, ``language``, ``script``, ``layout``, ``n_lines`` and ``png`` bytes per sample.

    The truth text is not among them: a baseline reads the image only.
    """
    for config, files in select_files(root, split, configs).items():
        for f in files:
            pf = pq.ParquetFile(f)
            names = set(pf.schema_arrow.names)
            cols = ["id", "image", *(c for c in ("language", "script", "layout", "n_lines") if c in names)]
            for batch in pf.iter_batches(batch_size=batch_size, columns=cols):
                for row in batch.to_pylist():
                    row["png"] = row.pop("image")["bytes"]
                    row["config"] = config
                    yield row
