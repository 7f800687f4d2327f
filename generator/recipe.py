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
    generator.errors.RecipeError: recipe key configs.latn: unknown config 'latn'; allowed: code, complex, emoji, homoglyphs, identifiers, latin, logographic, pages, typos, unsegmented

The ``pages`` config has no size ladder: each text is drawn on fixed
canvases (``canvases``, width x height in px), at the largest font size at
which it fits, and its length is set by a text budget (``budgets``, in
cl100k_base tokens)::

    >>> p = ConfigRecipe("pages", splits={"test": 6}, canvases=((512, 512), (1024, 1024)), budgets=(64, 256),
    ...                  canvases_per_text=2)
    >>> p.samples_per_split(), p.planned_range("test"), p.sizes
    ({'test': 12}, (6, 12), ())
    >>> ConfigRecipe("pages", splits={"test": 6}, canvases=((512, 512),), budgets=(64,), canvases_per_text=2)
    Traceback (most recent call last):
    ...
    generator.errors.RecipeError: recipe key configs.pages.canvases_per_text: bad value 2; allowed: an integer from 1 to 1 (the number of canvases)

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

#: The configs (subsets) of the release, in their canonical order: nine of lines and paragraphs, then pages.
CONFIG_NAMES = ("logographic", "unsegmented", "latin", "complex", "code", "emoji", "homoglyphs",
                "identifiers", "typos", "pages")
#: The config of whole pages: a fixed canvas per sample and a text budget, not a size ladder.
PAGES = "pages"
#: Canvas sides (px) and text budgets (cl100k_base tokens) a pages recipe may ask for.
MIN_CANVAS, MAX_CANVAS = 128, 4096
MIN_BUDGET, MAX_BUDGET = 16, 8192
#: The script groups of the pages config (see generator.sources.page_text.GROUPS).
SCRIPT_GROUPS = ("latin", "logographic", "unsegmented", "complex", "code", "identifiers")
STYLES = ("sans", "serif", "mono")
LAYOUTS = ("line", "paragraph")
MIN_FONT_SIZE, MAX_FONT_SIZE = 8, 256
_SPLIT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _budgets(key: str, budgets: Any) -> tuple[int, ...]:
    if isinstance(budgets, (str, bytes)) or not isinstance(budgets, (list, tuple)) or not budgets:
        raise _fail(key, budgets, f"a non-empty list of token budgets, {MIN_BUDGET} to {MAX_BUDGET}")
    for b in budgets:
        _int_in(key, b, MIN_BUDGET, MAX_BUDGET)
    if list(budgets) != sorted(set(budgets)):
        raise _fail(key, list(budgets), "increasing budgets without repeats")
    return tuple(budgets)


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
    sizes: tuple[int, ...] = ()
    languages: tuple[str, ...] | None = None
    styles: tuple[str, ...] | None = None
    layouts: tuple[str, ...] = ("line",)
    paragraph_width: int = 640
    #: pages only: the canvases (width, height) in px, the text budgets in tokens, and canvases per text.
    canvases: tuple[tuple[int, int], ...] | None = None
    budgets: tuple[int, ...] | None = None
    canvases_per_text: int = 1
    group_budgets: Mapping[str, tuple[int, ...]] | None = None
    #: Samples per shard of this config, when not the recipe's ``shard_size`` (pages are ~25 times a line's bytes).
    shard_size: int | None = None

    def __post_init__(self) -> None:
        key = f"configs.{self.name}"
        if self.name not in CONFIG_NAMES:
            raise RecipeError(f"recipe key {key}: unknown config {self.name!r}; allowed: {', '.join(sorted(CONFIG_NAMES))}")
        self._check_pages(key)
        if self.shard_size is not None:
            _int_in(f"{key}.shard_size", self.shard_size, 1, 1_000_000)
        if not isinstance(self.splits, Mapping) or not self.splits:
            raise _fail(f"{key}.splits", self.splits, "a table of split name = number of texts, e.g. {test = 100}")
        for split, count in self.splits.items():
            if not isinstance(split, str) or not _SPLIT_NAME.match(split):
                raise _fail(f"{key}.splits", split, "lower-case names of letters, digits and _ (e.g. test, validation)")
            _int_in(f"{key}.splits.{split}", count, 1, 1_000_000)
        object.__setattr__(self, "splits", dict(self.splits))
        if self.name == PAGES:
            return
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

    def _check_pages(self, key: str) -> None:
        """pages: canvases and budgets required, no size ladder; other configs: neither."""
        if self.name != PAGES:
            for name in ("canvases", "budgets"):
                if getattr(self, name) is not None:
                    raise _fail(f"{key}.{name}", getattr(self, name), f"nothing: only [configs.{PAGES}] has {name}")
            if self.group_budgets is not None:
                raise _fail(f"{key}.group_budgets", self.group_budgets, f"nothing: only [configs.{PAGES}] has it")
            if self.canvases_per_text != 1:
                raise _fail(f"{key}.canvases_per_text", self.canvases_per_text, f"nothing: only [configs.{PAGES}] has it")
            return
        if self.sizes:
            raise _fail(f"{key}.sizes", self.sizes, "nothing: a page's font size is the largest at which its text "
                        "fits its canvas; give canvases and budgets instead")
        object.__setattr__(self, "sizes", ())
        if self.styles is not None:
            object.__setattr__(self, "styles", _choices(f"{key}.styles", self.styles, STYLES))
        for name, default in (("languages", None), ("layouts", ("line",)), ("paragraph_width", 640)):
            if getattr(self, name) != default:
                raise _fail(f"{key}.{name}", getattr(self, name), "nothing: pages cover every script group "
                            "and fill their canvas")
        canvases = self.canvases
        shape = f"a non-empty list of [width, height] pairs in px, each side {MIN_CANVAS} to {MAX_CANVAS}"
        if isinstance(canvases, (str, bytes)) or not isinstance(canvases, (list, tuple)) or not canvases:
            raise _fail(f"{key}.canvases", canvases, shape)
        for c in canvases:
            if isinstance(c, (str, bytes)) or not isinstance(c, (list, tuple)) or len(c) != 2:
                raise _fail(f"{key}.canvases", c, shape)
            for side in c:
                _int_in(f"{key}.canvases", side, MIN_CANVAS, MAX_CANVAS)
        canvases = tuple((int(w), int(h)) for w, h in canvases)
        if len(set(canvases)) != len(canvases):
            raise _fail(f"{key}.canvases", [list(c) for c in canvases], "a list without repeats")
        object.__setattr__(self, "canvases", canvases)
        object.__setattr__(self, "budgets", _budgets(f"{key}.budgets", self.budgets))
        if self.group_budgets is not None:
            if not isinstance(self.group_budgets, Mapping):
                raise _fail(f"{key}.group_budgets", self.group_budgets, "a table of script group = [budgets], "
                            "e.g. {code = [64, 256, 1024]}")
            for group in self.group_budgets:
                if group not in SCRIPT_GROUPS:
                    raise _fail(f"{key}.group_budgets", group, ", ".join(SCRIPT_GROUPS))
            object.__setattr__(self, "group_budgets", {g: _budgets(f"{key}.group_budgets.{g}", b)
                                                       for g, b in self.group_budgets.items()})
        n = self.canvases_per_text
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(canvases):
            raise _fail(f"{key}.canvases_per_text", self.canvases_per_text,
                        f"an integer from 1 to {len(canvases)} (the number of canvases)")

    def budgets_of(self, group: str) -> tuple[int, ...]:
        """pages: the budgets of a script group (its ``group_budgets`` entry, else ``budgets``)."""
        return (self.group_budgets or {}).get(group, self.budgets)

    def planned_range(self, split: str) -> tuple[int, int]:
        """Fewest and most samples the plan of ``split`` may hold.

        A line config holds exactly texts x sizes. A text of pages is drawn on
        ``canvases_per_text`` of the canvases it fits, or on all it fits when
        fewer (at least one): between texts and texts x canvases_per_text.
        """
        count = self.splits[split]
        return (count, count * self.canvases_per_text) if self.name == PAGES else (count * len(self.sizes),) * 2

    def samples_per_split(self) -> dict[str, int]:
        """Planned samples per split: texts times the size ladder (pages: at most, times canvases per text)."""
        per_text = self.canvases_per_text if self.name == PAGES else len(self.sizes)
        return {split: count * per_text for split, count in self.splits.items()}


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
    license_link: str | None = None
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
        for key in ("license", "license_name", "license_link", "pretty_name"):
            value = getattr(self, key)
            if value is not None and (not isinstance(value, str) or not value):
                raise _fail(key, value, "a non-empty string")
        for key in ("task_categories", "card_tags"):
            value = getattr(self, key)
            if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value):
                raise _fail(key, value, "a list of non-empty strings")
            object.__setattr__(self, key, tuple(value))

    def shard_size_of(self, config: ConfigRecipe) -> int:
        """Samples per shard of ``config``: its own ``shard_size``, else the recipe's."""
        return config.shard_size or self.shard_size

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
        for config in data["configs"]:  # a recipe that gives no config its own shard_size keeps its fingerprint
            if config["shard_size"] is None:
                del config["shard_size"]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


_RECIPE_KEYS = {f for f in Recipe.__dataclass_fields__ if f != "configs"}
_CONFIG_KEYS = {f for f in ConfigRecipe.__dataclass_fields__ if f != "name"}
#: Keys of the line and paragraph configs that [defaults] does not pass on to pages.
_LINE_KEYS = {"sizes", "layouts", "paragraph_width", "languages"}


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
    _check_keys("defaults.", defaults, _CONFIG_KEYS - {"shard_size"})  # the recipe's own shard_size is the default
    tables = data.get("configs")
    if not isinstance(tables, Mapping) or not tables:
        raise _fail("configs", tables, "[configs.NAME] tables; names: " + ", ".join(CONFIG_NAMES))
    configs = []
    for name, table in tables.items():
        if not isinstance(table, Mapping):
            raise _fail(f"configs.{name}", table, "a table of config keys: " + ", ".join(sorted(_CONFIG_KEYS)))
        _check_keys(f"configs.{name}.", table, _CONFIG_KEYS)
        merged = {**defaults, **table}
        if name == PAGES:  # the defaults' size ladder and line layouts are not for pages
            merged = {k: v for k, v in defaults.items() if k not in _LINE_KEYS} | dict(table)
        for required in (("splits", "canvases", "budgets") if name == PAGES else ("splits", "sizes")):
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
