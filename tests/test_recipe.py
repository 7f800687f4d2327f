"""Recipes: the committed ones load; every kind of bad value is refused, naming key, value and allowed values."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

import pytest

from generator.errors import RecipeError
from generator.recipe import (CONFIG_NAMES, PAGES, SCRIPT_GROUPS, ConfigRecipe, Recipe, load_recipe,
                              recipe_from_dict)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "datasets" / "percels" / "recipe.toml"


def _minimal(**top) -> dict:
    data = {"name": "t", "version": "1.0.0", "master_seed": 3,
            "defaults": {"splits": {"test": 2}, "sizes": [16, 32]}, "configs": {"latin": {}}}
    data.update(top)
    return data


def test_default_recipe_is_the_eval_release_with_all_ten_configs():
    r = load_recipe(DEFAULT)
    assert [c.name for c in r.configs] == list(CONFIG_NAMES)
    for c in r.configs:
        assert set(c.splits) == {"test", "validation"}
        assert c.splits["validation"] < c.splits["test"]
        if c.name != PAGES:
            assert len(c.sizes) >= 3, "a resolution ladder has several rungs"
    pages = r.config(PAGES)
    assert pages.sizes == () and pages.canvases_per_text >= 2
    assert {(512, 512), (640, 640), (1024, 1024), (1280, 1280)} < set(pages.canvases)
    assert any(h > w for w, h in pages.canvases), "a portrait page canvas"
    for group in SCRIPT_GROUPS:  # below 1x and above 20x of DeepSeek-OCR Tiny's 64 tokens, covering 600-1,300
        budgets = pages.budgets_of(group)
        assert budgets[0] <= 64 and budgets[-1] > 20 * 64
        assert any(b <= 768 for b in budgets) and any(b >= 1280 for b in budgets)
    assert r.name == "percels" and r.version
    assert 0 < r.max_failed_fraction < 0.1


def test_test_recipes_load(small_recipe):
    assert [c.name for c in small_recipe.configs] == [n for n in CONFIG_NAMES if n != PAGES]
    assert [c.name for c in load_recipe(ROOT / "tests" / "recipes" / "pages.toml").configs] == [PAGES]
    assert load_recipe(ROOT / "tests" / "recipes" / "resume.toml").config("latin").splits == {"test": 16, "validation": 4}


def test_defaults_fill_configs_and_tables_override():
    r = recipe_from_dict(_minimal(configs={"latin": {}, "code": {"sizes": [24], "styles": ["mono"]}}))
    assert r.config("latin").sizes == (16, 32) and r.config("code").sizes == (24,)
    assert r.config("code").styles == ("mono",) and r.config("latin").styles is None
    assert r.total_samples() == 2 * 2 + 2 * 1


def test_fingerprint_follows_values_not_formatting():
    a = recipe_from_dict(_minimal())
    assert a.fingerprint() == recipe_from_dict(_minimal()).fingerprint()
    assert a.fingerprint() != recipe_from_dict(_minimal(master_seed=4)).fingerprint()


@pytest.mark.parametrize("change, key, value, allowed", [
    ({"configs": {"latn": {}}}, "configs.latn", "latn", "homoglyphs"),
    ({"configs": {"latin": {"styles": ["bold"]}}}, "configs.latin.styles", "bold", "sans, serif, mono"),
    ({"configs": {"latin": {"layouts": ["grid"]}}}, "configs.latin.layouts", "grid", "line, paragraph"),
    ({"configs": {"latin": {"sizes": [4]}}}, "configs.latin.sizes", "4", "from 8 to 256"),
    ({"configs": {"latin": {"sizes": [16, 16]}}}, "configs.latin.sizes", "[16, 16]", "without repeats"),
    ({"configs": {"latin": {"splits": {"Test": 2}}}}, "configs.latin.splits", "Test", "lower-case"),
    ({"configs": {"latin": {"splits": {"test": 0}}}}, "configs.latin.splits.test", "0", "from 1"),
    ({"configs": {"latin": {"languages": ["thai language"]}}}, "configs.latin.languages", "thai language", "BCP 47"),
    ({"configs": {"latin": {"colour": "red"}}}, "configs.latin.colour", "unknown key", "paragraph_width"),
    ({"seed": 1}, "seed", "unknown key", "master_seed"),
    ({"version": "1"}, "version", "'1'", "like 1.0.0"),
    ({"max_failed_fraction": 1.5}, "max_failed_fraction", "1.5", "below 1"),
    ({"shard_size": 10, "row_group_size": 20}, "row_group_size", "20", "at most shard_size"),
    ({"master_seed": -1}, "master_seed", "-1", "from 0"),
    ({"configs": {"latin": {"shard_size": 0}}}, "configs.latin.shard_size", "0", "from 1"),
    ({"defaults": {"splits": {"test": 2}, "sizes": [16], "shard_size": 5}}, "defaults.shard_size", "unknown key",
     "paragraph_width"),
    ({"configs": {}}, "configs", "{}", "[configs.NAME]"),
])
def test_bad_values_name_key_value_and_allowed(change, key, value, allowed):
    with pytest.raises(RecipeError) as info:
        recipe_from_dict(_minimal(**change))
    message = str(info.value)
    assert f"recipe key {key}" in message and value in message and allowed in message


def test_a_config_may_cut_its_own_shards_and_other_recipes_keep_their_fingerprint():
    from generator.shards.task import recipe_shards

    plain = recipe_from_dict(_minimal(shard_size=4, row_group_size=2, configs={"latin": {}, "code": {}}))
    own = recipe_from_dict(_minimal(shard_size=4, row_group_size=2, configs={"latin": {}, "code": {"shard_size": 1}}))
    assert [own.shard_size_of(c) for c in own.configs] == [4, 1]
    # 2 texts x 2 sizes: latin in one shard of 4, code in 4 shards of 1
    assert [(s.config, s.name) for s in recipe_shards(own)] == [("latin", "test-00000-of-00001")] + [
        ("code", f"test-0000{k}-of-00004") for k in range(4)]
    # the key is left out of the fingerprint when unset, so recipes written before it existed keep theirs
    data = asdict(plain)
    assert plain.fingerprint() == hashlib.sha256(json.dumps(
        {**data, "configs": [{k: v for k, v in c.items() if k != "shard_size"} for c in data["configs"]]},
        sort_keys=True).encode()).hexdigest()
    assert own.fingerprint() != plain.fingerprint()


_PAGES = {"splits": {"test": 2}, "canvases": [[512, 512], [1024, 1024]], "budgets": [64, 256]}


@pytest.mark.parametrize("change, key, value, allowed", [
    ({"sizes": [16]}, "configs.pages.sizes", "[16]", "give canvases and budgets instead"),
    ({"canvases": [[512]]}, "configs.pages.canvases", "[512]", "[width, height] pairs"),
    ({"canvases": [[512, 64]]}, "configs.pages.canvases", "64", "from 128 to 4096"),
    ({"canvases": [[512, 512], [512, 512]]}, "configs.pages.canvases", "[[512, 512], [512, 512]]", "without repeats"),
    ({"canvases": "512x512"}, "configs.pages.canvases", "'512x512'", "[width, height] pairs"),
    ({"budgets": [256, 64]}, "configs.pages.budgets", "[256, 64]", "increasing"),
    ({"budgets": [8]}, "configs.pages.budgets", "8", "from 16 to 8192"),
    ({"group_budgets": {"poetry": [64]}}, "configs.pages.group_budgets", "poetry", "latin, logographic"),
    ({"group_budgets": {"code": []}}, "configs.pages.group_budgets.code", "[]", "a non-empty list"),
    ({"canvases_per_text": 3}, "configs.pages.canvases_per_text", "3", "from 1 to 2"),
    ({"languages": ["en"]}, "configs.pages.languages", "['en']", "pages cover every script group"),
    ({"layouts": ["paragraph"]}, "configs.pages.layouts", "['paragraph']", "fill their canvas"),
])
def test_bad_pages_values_name_key_value_and_allowed(change, key, value, allowed):
    with pytest.raises(RecipeError) as info:
        recipe_from_dict(_minimal(configs={"pages": {**_PAGES, **change}}))
    message = str(info.value)
    assert f"recipe key {key}" in message and value in message and allowed in message


def test_pages_take_no_size_ladder_from_defaults_and_only_pages_take_canvases():
    r = recipe_from_dict(_minimal(configs={"latin": {}, "pages": {**_PAGES, "group_budgets": {"code": [64]}}}))
    pages = r.config(PAGES)
    assert pages.sizes == () and pages.splits == {"test": 2} and pages.canvases == ((512, 512), (1024, 1024))
    assert pages.budgets_of("code") == (64,) and pages.budgets_of("latin") == (64, 256)
    assert r.total_samples() == 2 * 2 + 2 * 1
    for key, value in (("canvases", [[512, 512]]), ("budgets", [64]), ("group_budgets", {"code": [64]})):
        with pytest.raises(RecipeError, match=rf"configs.latin.{key}: bad value .*only \[configs.pages\]"):
            recipe_from_dict(_minimal(configs={"latin": {key: value}}))
    with pytest.raises(RecipeError, match="configs.pages.canvases: missing"):
        recipe_from_dict(_minimal(configs={"pages": {"budgets": [64]}}))


def test_missing_required_keys_are_named():
    data = _minimal()
    del data["master_seed"]
    with pytest.raises(RecipeError, match="recipe key master_seed: missing"):
        recipe_from_dict(data)
    with pytest.raises(RecipeError, match="configs.latin.sizes: missing"):
        recipe_from_dict(_minimal(defaults={"splits": {"test": 1}}))


def test_recipes_are_frozen_and_validated_when_built_directly():
    c = ConfigRecipe("latin", splits={"test": 1}, sizes=(16,))
    with pytest.raises(AttributeError):
        c.sizes = (32,)
    with pytest.raises(RecipeError, match="configs: bad value"):
        Recipe("t", "1.0.0", 1, (c, c))


def test_load_recipe_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "t"\nversion = "1.0.0"\nmaster_seed = 1\n[configs.latin]\nsplits = {test = 1}\nsizes = [2]\n')
    with pytest.raises(RecipeError, match=r"bad\.toml: recipe key configs\.latin\.sizes"):
        load_recipe(bad)
    (tmp_path / "broken.toml").write_text("name = \n")
    with pytest.raises(RecipeError, match="not valid TOML"):
        load_recipe(tmp_path / "broken.toml")
    with pytest.raises(RecipeError, match="cannot read recipe"):
        load_recipe(tmp_path / "absent.toml")


def test_recipe_encoding_is_checked_by_name(tmp_path):
    good = 'name = "t"\nversion = "1.0.0"\nmaster_seed = 1\n[configs.latin]\nsplits = {test = 1}\nsizes = [16]\n'
    (tmp_path / "latin1.toml").write_bytes(good.encode() + "# café\n".encode("latin-1"))
    with pytest.raises(RecipeError, match=r"latin1\.toml is not UTF-8 \(byte 0xe9 on line 7\): TOML files are UTF-8"):
        load_recipe(tmp_path / "latin1.toml")
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + good.encode())
    with pytest.raises(RecipeError, match=r"bom\.toml starts with a UTF-8 byte order mark.*save it as UTF-8 without BOM"):
        load_recipe(tmp_path / "bom.toml")
    (tmp_path / "ok.toml").write_bytes(good.encode())
    assert load_recipe(tmp_path / "ok.toml").config("latin").sizes == (16,)
    with pytest.raises(RecipeError, match="cannot read recipe"):
        load_recipe(tmp_path)


def test_committed_manifest_is_the_default_recipes():
    import json

    manifest = json.loads((DEFAULT.parent / "MANIFEST.json").read_text(encoding="utf-8"))
    recipe = load_recipe(DEFAULT)
    assert manifest["recipe_sha256"] == recipe.fingerprint(), "recipe changed: run scripts/regenerate and commit"
    assert list(manifest["configs"]) == [c.name for c in recipe.configs]
    for c in recipe.configs:  # exact for the line configs; pages: between texts and texts x canvases_per_text
        for split in c.splits:
            lo, hi = c.planned_range(split)
            assert lo <= manifest["configs"][c.name][split]["planned"] <= hi


def test_docstring_examples():
    import doctest

    from generator import recipe as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
