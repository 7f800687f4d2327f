"""Recipes: the committed ones load; every kind of bad value is refused, naming key, value and allowed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import RecipeError
from generator.recipe import CONFIG_NAMES, ConfigRecipe, Recipe, load_recipe, recipe_from_dict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "datasets" / "percels" / "recipe.toml"


def _minimal(**top) -> dict:
    data = {"name": "t", "version": "1.0.0", "master_seed": 3,
            "defaults": {"splits": {"test": 2}, "sizes": [16, 32]}, "configs": {"latin": {}}}
    data.update(top)
    return data


def test_default_recipe_is_the_eval_release_with_all_nine_configs():
    r = load_recipe(DEFAULT)
    assert [c.name for c in r.configs] == list(CONFIG_NAMES)
    for c in r.configs:
        assert set(c.splits) == {"test", "validation"}
        assert c.splits["validation"] < c.splits["test"]
        assert len(c.sizes) >= 3, "a resolution ladder has several rungs"
    assert r.name == "percels" and r.version
    assert 0 < r.max_failed_fraction < 0.1


def test_test_recipes_load(small_recipe):
    assert [c.name for c in small_recipe.configs] == list(CONFIG_NAMES)
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
    ({"configs": {}}, "configs", "{}", "[configs.NAME]"),
])
def test_bad_values_name_key_value_and_allowed(change, key, value, allowed):
    with pytest.raises(RecipeError) as info:
        recipe_from_dict(_minimal(**change))
    message = str(info.value)
    assert f"recipe key {key}" in message and value in message and allowed in message


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
    assert manifest["totals"]["planned"] == recipe.total_samples()
    assert list(manifest["configs"]) == [c.name for c in recipe.configs]
