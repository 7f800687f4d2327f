"""Recipes: what a dataset build makes, as frozen, validated dataclasses.

A recipe names the release (name, version, master seed), how shards are cut
(rows per shard, rows per row group), how many failed samples are tolerated,
and one :class:`ConfigRecipe` per config (subset): its splits with their
number of distinct texts, languages, the resolution ladder of font sizes,
styles and layouts. Every value is checked on construction, so a recipe that
exists is a valid one::

    >>> c = ConfigRecipe("latin", splits={"test": 4}, sizes=(16, 32))
    >>> c.samples_per_split()
    {'test': 8}
    >>> ConfigRecipe("latn", splits={"test": 4}, sizes=(16,))
    Traceback (most recent call last):
    ...
    generator.errors.RecipeError: recipe key configs.latn: unknown config 'latn'; allowed: code, complex, emoji, homoglyphs, identifiers, latin, logographic, typos, unsegmented

TOML is read only at the edge, by :func:`load_recipe`; keys a recipe does
not know are errors, never silently ignored.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import RecipeError
from .tomlcompat import tomllib

#: The nine configs (subsets) of the release, in their canonical order.
CONFIG_NAMES = ("logographic", "unsegmented", "latin", "complex", "code", "emoji", "homoglyphs",
                "identifiers", "typos")
STYLES = ("sans", "serif", "mono")
LAYOUTS = ("line", "paragraph")
MIN_FONT_SIZE, MAX_FONT_SIZE = 8, 256
_SPLIT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _fail(key: str, value: Any, allowed: str) -> RecipeError:
    return RecipeError(f"recipe key {key}: bad value {value!r}; allowed: {allowed}")


def _int_in(key: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise _fail(key, value, f"an integer from {lo} to {hi}")
    return value


def _choices(key: str, values: Any, allowed: tuple[str, ...], *, empty_ok: bool = False) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, (list, tuple)) or (not values and not empty_ok):
        raise _fail(key, values, "a non-empty list of " + ", ".join(allowed))
    for v in values:
        if v not in allowed:
            raise _fail(key, v, ", ".join(allowed))
    if len(set(values)) != len(values):
        raise _fail(key, values, "a list without repeats")
    return tuple(values)


@dataclass(frozen=True)
class ConfigRecipe:
    """One config (subset) of the release.

    ``splits`` maps a split name to its number of distinct texts; each text is
    rendered at every size of ``sizes``, so a split holds ``count * len(sizes)``
    samples. ``languages`` and ``styles`` left as None mean the subset's own
    defaults.
    """

    name: str
    splits: Mapping[str, int]
    sizes: tuple[int, ...]
    languages: tuple[str, ...] | None = None
    styles: tuple[str, ...] | None = None
    layouts: tuple[str, ...] = ("line",)
    paragraph_width: int = 640

    def __post_init__(self) -> None:
        key = f"configs.{self.name}"
        if self.name not in CONFIG_NAMES:
            raise RecipeError(f"recipe key {key}: unknown config {self.name!r}; allowed: {', '.join(sorted(CONFIG_NAMES))}")
        if not isinstance(self.splits, Mapping) or not self.splits:
            raise _fail(f"{key}.splits", self.splits, "a table of split name = number of texts, e.g. {test = 100}")
        for split, count in self.splits.items():
            if not isinstance(split, str) or not _SPLIT_NAME.match(split):
                raise _fail(f"{key}.splits", split, "lower-case names of letters, digits and _ (e.g. test, validation)")
            _int_in(f"{key}.splits.{split}", count, 1, 1_000_000)
        object.__setattr__(self, "splits", dict(self.splits))
        sizes = self.sizes
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (list, tuple)) or not sizes:
            raise _fail(f"{key}.sizes", sizes, f"a non-empty list of font sizes in px, {MIN_FONT_SIZE} to {MAX_FONT_SIZE}")
        for s in sizes:
            _int_in(f"{key}.sizes", s, MIN_FONT_SIZE, MAX_FONT_SIZE)
        if len(set(sizes)) != len(sizes):
            raise _fail(f"{key}.sizes", list(sizes), "a list without repeats")
        object.__setattr__(self, "sizes", tuple(sizes))
        if self.languages is not None:
            langs = self.languages
            if isinstance(langs, str) or not isinstance(langs, (list, tuple)) or not langs:
                raise _fail(f"{key}.languages", langs, "a non-empty list of BCP 47 tags like th, zh-Hant (or leave it out)")
            for lang in langs:
                if not isinstance(lang, str) or not _LANGUAGE.match(lang):
                    raise _fail(f"{key}.languages", lang, "BCP 47 tags like th, ja, zh-Hant, fa")
            object.__setattr__(self, "languages", tuple(langs))
        if self.styles is not None:
            object.__setattr__(self, "styles", _choices(f"{key}.styles", self.styles, STYLES))
        object.__setattr__(self, "layouts", _choices(f"{key}.layouts", self.layouts, LAYOUTS))
        _int_in(f"{key}.paragraph_width", self.paragraph_width, 64, 4096)

    def samples_per_split(self) -> dict[str, int]:
        """Planned samples per split: texts times the size ladder."""
        return {split: count * len(self.sizes) for split, count in self.splits.items()}


@dataclass(frozen=True)
class Recipe:
    """A whole release: identity, sharding, failure tolerance and its configs.

    ``max_failed_fraction`` is per config: a config whose failed samples exceed
    this fraction of its planned samples fails the build.
    """

    name: str
    version: str
    master_seed: int
    configs: tuple[ConfigRecipe, ...]
    shard_size: int = 1000
    row_group_size: int = 100
    max_failed_fraction: float = 0.01
    license: str = "other"
    license_name: str | None = None
    pretty_name: str | None = None
    task_categories: tuple[str, ...] = ("image-to-text",)
    card_tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not re.match(r"^[a-z0-9][a-z0-9_.-]*$", self.name):
            raise _fail("name", self.name, "a lower-case name of letters, digits, '.', '_' and '-'")
        if not isinstance(self.version, str) or not re.match(r"^\d+\.\d+\.\d+$", self.version):
            raise _fail("version", self.version, "a version like 1.0.0")
        _int_in("master_seed", self.master_seed, 0, 2**63 - 1)
        _int_in("shard_size", self.shard_size, 1, 1_000_000)
        _int_in("row_group_size", self.row_group_size, 1, 100_000)
        if self.row_group_size > self.shard_size:
            raise _fail("row_group_size", self.row_group_size, f"at most shard_size ({self.shard_size})")
        frac = self.max_failed_fraction
        if isinstance(frac, bool) or not isinstance(frac, (int, float)) or not 0 <= frac < 1:
            raise _fail("max_failed_fraction", frac, "a number from 0 (no failure allowed) up to but below 1")
        if not isinstance(self.configs, (list, tuple)) or not self.configs:
            raise _fail("configs", self.configs, "at least one [configs.NAME] table; names: " + ", ".join(CONFIG_NAMES))
        names = [c.name for c in self.configs]
        if len(set(names)) != len(names):
            raise _fail("configs", names, "each config once")
        object.__setattr__(self, "configs", tuple(self.configs))
        for key in ("license", "license_name", "pretty_name"):
            value = getattr(self, key)
            if value is not None and (not isinstance(value, str) or not value):
                raise _fail(key, value, "a non-empty string")
        for key in ("task_categories", "card_tags"):
            value = getattr(self, key)
            if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value):
                raise _fail(key, value, "a list of non-empty strings")
            object.__setattr__(self, key, tuple(value))

    def config(self, name: str) -> ConfigRecipe:
        for c in self.configs:
            if c.name == name:
                return c
        raise RecipeError(f"recipe {self.name} has no config {name!r}; it has: {', '.join(c.name for c in self.configs)}")

    def total_samples(self) -> int:
        return sum(sum(c.samples_per_split().values()) for c in self.configs)

    def fingerprint(self) -> str:
        """SHA-256 of the recipe's values (not of its TOML text: comments do not count)."""
        data = asdict(self)
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


_RECIPE_KEYS = {f for f in Recipe.__dataclass_fields__ if f != "configs"}
_CONFIG_KEYS = {f for f in ConfigRecipe.__dataclass_fields__ if f != "name"}


def _check_keys(where: str, table: Mapping[str, Any], allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            raise RecipeError(f"recipe key {where}{key}: unknown key; allowed: {', '.join(sorted(allowed))}")


def recipe_from_dict(data: Mapping[str, Any]) -> Recipe:
    """Build a :class:`Recipe` from parsed TOML; ``[defaults]`` fill each config's missing keys.

    >>> r = recipe_from_dict({"name": "t", "version": "0.1.0", "master_seed": 1,
    ...                       "defaults": {"sizes": [16], "splits": {"test": 2}},
    ...                       "configs": {"latin": {}, "code": {"sizes": [24]}}})
    >>> [(c.name, c.sizes) for c in r.configs]
    [('latin', (16,)), ('code', (24,))]
    """
    _check_keys("", data, _RECIPE_KEYS | {"configs", "defaults"})
    defaults = data.get("defaults", {})
    if not isinstance(defaults, Mapping):
        raise _fail("defaults", defaults, "a table of config keys: " + ", ".join(sorted(_CONFIG_KEYS)))
    _check_keys("defaults.", defaults, _CONFIG_KEYS)
    tables = data.get("configs")
    if not isinstance(tables, Mapping) or not tables:
        raise _fail("configs", tables, "[configs.NAME] tables; names: " + ", ".join(CONFIG_NAMES))
    configs = []
    for name, table in tables.items():
        if not isinstance(table, Mapping):
            raise _fail(f"configs.{name}", table, "a table of config keys: " + ", ".join(sorted(_CONFIG_KEYS)))
        _check_keys(f"configs.{name}.", table, _CONFIG_KEYS)
        merged = {**defaults, **table}
        for required in ("splits", "sizes"):
            if required not in merged:
                raise RecipeError(f"recipe key configs.{name}.{required}: missing; set it in [configs.{name}] or [defaults]")
        configs.append(ConfigRecipe(name=name, **merged))
    for required in ("name", "version", "master_seed"):
        if required not in data:
            raise RecipeError(f"recipe key {required}: missing; it is required at the top of the recipe")
    top = {k: v for k, v in data.items() if k not in ("configs", "defaults")}
    return Recipe(configs=tuple(configs), **top)


def load_recipe(path: str | Path) -> Recipe:
    """Read and validate a TOML recipe; errors name the file and the key."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RecipeError(f"cannot read recipe {path}: {exc.strerror}; pass an existing file with --recipe") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raise RecipeError(f"recipe {path} starts with a UTF-8 byte order mark, which TOML does not allow: "
                          "save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise RecipeError(f"recipe {path} is not UTF-8 (byte 0x{raw[exc.start]:02x} on line {line}): "
                          "TOML files are UTF-8; save it as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(f"recipe {path} is not valid TOML: {exc}") from exc
    try:
        return recipe_from_dict(data)
    except RecipeError as exc:
        raise RecipeError(f"{path}: {exc}") from exc
