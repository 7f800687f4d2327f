"""Property-based tests (Hypothesis) over everything that takes outside input.

For any input: ``render`` returns an image within the documented limits or
raises an error of the project's hierarchy; the CLIs exit 0 or 2 and never
let an exception out; recipes and predictions files either parse or raise
their named error. The examples are derandomized (the same on every run and
in CI) and sized to keep the whole module near a minute. Longer campaigns:
``scripts/fuzz_render.py``.
"""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import render
from generator.cli import main
from generator.errors import PercelsError, PredictionsError, RecipeError, VerifyError
from generator.evaluate import read_predictions
from generator.limits import MAX_CANVAS_PIXELS, MAX_WIDTH
from generator.recipe import Recipe, load_recipe, recipe_from_dict
from generator.ucd import grapheme_bounds

SETTINGS = dict(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

# ---- texts --------------------------------------------------------------------------------------------------

any_char = st.characters(codec=None, exclude_categories=())  # every plane, surrogates and unassigned included
SCRIPT_SAMPLES = ["สวัสดี", "ສະບາຍດີ", "សួស្តី", "မင်္ဂလာပါ", "مرحبا", "سلام", "שלום", "नमस्ते", "漢字かなカナ", "한국어",
                  "Ελληνικά", "Привет", "Tiếng Việt", "e\u0301", "👍🏽", "👩\u200d💻", "🇹🇭", "1\ufe0f\u20e3", "🏴\U000e0067\U000e0062"
                  "\U000e0073\U000e0063\U000e0074\U000e007f"]
PARTS = ["\u200d", "\u200c", "\ufe0f", "\ufe0e", "\U0001f3fb", "\U0001f3ff", "\u202e", "\u202b", "\u202c", "\u2067",
         "\u2069", "\u200f", "\u0301", "\u0e49", "\u17d2", "\u0651", "\n", "\t", " ", "\u2028", "\u00ad", "\ud800", "\x07"]
texts = st.one_of(
    st.text(any_char, max_size=40),
    st.lists(st.sampled_from(SCRIPT_SAMPLES + PARTS), max_size=30).map("".join),
    st.lists(st.one_of(st.sampled_from(SCRIPT_SAMPLES), st.sampled_from(PARTS), any_char), max_size=60).map("".join),
)
sizes = st.one_of(st.sampled_from([4, 8, 16, 32, 512]), st.integers(4, 512))
odd = st.sampled_from([0, -1, 3, 513, 10**9, 2**40, 1.5, True, "32", None, float("nan"), "up"])


@st.composite
def options(draw):
    size = draw(sizes)
    kw = {"font_size": size}
    if draw(st.booleans()):
        kw["max_width"] = draw(st.one_of(st.integers(size, 2048), st.sampled_from([size, MAX_WIDTH])))
    if draw(st.booleans()):
        kw["language"] = draw(st.sampled_from([None, "th", "ja", "zh-Hant", "ar", "he", "km", "x", "", "en-US"]))
    kw["style"] = draw(st.sampled_from(["sans", "serif", "mono"]))
    kw["line_spacing"] = draw(st.sampled_from([0.8, 1.5, 4]))
    kw["direction"] = draw(st.sampled_from([None, "ltr", "rtl"]))
    if draw(st.integers(0, 9)) == 0:  # now and then a value out of its range
        kw[draw(st.sampled_from(["font_size", "max_width", "margin", "tab_size", "line_spacing"]))] = draw(odd)
    return kw


@settings(max_examples=400, **SETTINGS)
@given(texts, options())
def test_render_returns_a_bounded_image_or_a_named_error(text, kw):
    try:
        r = render(text, **kw)
    except PercelsError as exc:
        event(type(exc).__name__)  # --hypothesis-show-statistics counts them
        return
    event("rendered")
    w, h = r.size
    assert w * h <= MAX_CANVAS_PIXELS
    bounds = grapheme_bounds(text)
    assert [(c.start, c.end) for c in r.clusters] == list(zip(bounds, bounds[1:]))
    assert all(0 <= c.box[0] <= c.box[2] <= w and 0 <= c.box[1] <= c.box[3] <= h for c in r.clusters)


@settings(max_examples=40, **SETTINGS)
@given(st.lists(st.sampled_from(SCRIPT_SAMPLES + PARTS[:-2]), min_size=1, max_size=12).map("".join),
       st.sampled_from([None, 40, 90]))
def test_render_is_deterministic(text, max_width):
    try:
        first = render(text, font_size=24, max_width=max_width)
    except PercelsError:
        return
    assert render(text, font_size=24, max_width=max_width).to_png() == first.to_png()


@st.composite
def page_options(draw):
    kw = {"width": draw(st.sampled_from([32, 64, 200, 512, 1024])), "height": draw(st.sampled_from([32, 48, 300, 512]))}
    if draw(st.booleans()):
        kw["font_size"] = draw(st.one_of(st.integers(6, 64), st.just(512)))
    if draw(st.booleans()):
        kw["margin"] = draw(st.integers(0, 20))
    kw["style"] = draw(st.sampled_from(["sans", "serif", "mono"]))
    kw["language"] = draw(st.sampled_from([None, "th", "ja", "ar", "km"]))
    if draw(st.integers(0, 9)) == 0:
        kw[draw(st.sampled_from(["width", "height", "font_size", "margin"]))] = draw(odd)
    return kw


@settings(max_examples=120, **SETTINGS)
@given(texts, page_options())
def test_render_page_fills_exactly_its_canvas_or_raises_a_named_error(text, kw):
    from generator.page import render_page

    try:
        r = render_page(text, **kw)
    except PercelsError as exc:
        event(type(exc).__name__)
        return
    event("rendered")
    assert r.size == (kw["width"], kw["height"])
    assert render_page(text, **r.options).to_png() == r.to_png()


# ---- the command line -----------------------------------------------------------------------------------------

def _exit_code(argv) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse refuses its arguments with exit 2
        return exc.code


@settings(max_examples=60, **SETTINGS)
@given(texts, st.lists(st.sampled_from(["--font-size", "--max-width", "--language", "--style", "--direction", "7",
                                        "600", "-1", "x", "th", "rtl", "mono", "99999999999999999999"]), max_size=4))
def test_render_cli_exits_0_or_2(tmp_path, capsys, text, extra):
    out = tmp_path / "x.png"
    code = _exit_code(["render", text, "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert code in (0, 2)
    assert (code == 0) == out.exists() or code == 2
    if code == 2:
        assert "error:" in err and "Traceback" not in err
    out.unlink(missing_ok=True)


@settings(max_examples=25, **SETTINGS)
@given(st.sampled_from(["", ".", "/dev/full", "missing/x.png", "afile/x.png", "afile", "/sys/x.png", "sub/"]),
       st.text(any_char, min_size=1, max_size=5))
def test_render_cli_output_paths(tmp_path, capsys, out, text):
    (tmp_path / "afile").write_text("x")
    (tmp_path / "sub").mkdir(exist_ok=True)
    target = out if out.startswith("/") or out == "" else str(tmp_path / out)
    code = _exit_code(["render", text, "--out", target])
    assert code == 2 or (code == 0 and out == "afile")
    assert "Traceback" not in capsys.readouterr().err


# ---- recipes --------------------------------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**7), st.floats(allow_nan=True), st.text(max_size=8))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)
config_tables = st.fixed_dictionaries({}, optional={
    "splits": st.one_of(values, st.dictionaries(st.sampled_from(["test", "validation", "Bad", ""]),
                                                st.integers(-1, 3), max_size=2)),
    "sizes": st.one_of(values, st.lists(st.integers(0, 600), max_size=3)),
    "layouts": st.one_of(values, st.lists(st.sampled_from(["line", "paragraph", "page"]), max_size=3)),
    "languages": st.one_of(values, st.lists(st.sampled_from(["en", "th", "zz", "zh-Hant"]), max_size=2)),
    "styles": values, "paragraph_width": values, "bogus": values,
})
recipes = st.fixed_dictionaries({}, optional={
    "name": st.one_of(st.just("t"), values), "version": st.one_of(st.just("1.0.0"), values),
    "master_seed": st.one_of(st.integers(-1, 2**64), values), "shard_size": values,
    "row_group_size": values, "max_failed_fraction": values, "license": values, "card_tags": values,
    "defaults": st.one_of(config_tables, values),
    "configs": st.one_of(st.dictionaries(st.sampled_from(["latin", "emoji", "nope", "code"]), config_tables,
                                         max_size=3), values),
})


@settings(max_examples=300, **SETTINGS)
@given(recipes)
def test_any_recipe_table_is_a_recipe_or_a_recipe_error(data):
    try:
        recipe = recipe_from_dict(data)
    except RecipeError as exc:
        assert str(exc).startswith("recipe key ") or str(exc).startswith("config ")
        return
    assert isinstance(recipe, Recipe) and recipe.configs


@settings(max_examples=150, **SETTINGS)
@given(st.one_of(st.binary(max_size=200),
                 st.text(any_char, max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.sampled_from([b"\xef\xbb\xbfname = 't'", b"name = \"t\"\nversion = \"1.0.0\"\nmaster_seed = 1\n",
                                  "name = 'caf\u00e9'".encode("latin-1")])))
def test_any_recipe_file_loads_or_raises_a_recipe_error(tmp_path, data):
    path = tmp_path / "r.toml"
    path.write_bytes(data)
    try:
        load_recipe(path)
    except RecipeError as exc:
        assert str(path) in str(exc)


# ---- predictions ----------------------------------------------------------------------------------------------

json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(any_char, max_size=10)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.sampled_from(["id", "prediction", "x"]), inner,
                                                                   max_size=3)), max_leaves=8)
lines = st.one_of(
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False)),
    st.builds(lambda i, p: json.dumps({"id": i, "prediction": p}), st.text(any_char, max_size=6),
              st.text(any_char, max_size=20)),
    st.sampled_from(['{"id": "a", "prediction": "x", "prediction": "y"}', "[" * 5000, "7" * 5000, "", "  ",
                     '{"id": "a", "prediction": "\\ud800"}', "\ufeff{}", '{"id": "a"']),
    st.text(any_char, max_size=30),
)


@settings(max_examples=300, **SETTINGS)
@given(st.lists(lines, max_size=6), st.sampled_from(["\n", "\r\n"]))
def test_any_predictions_file_reads_or_raises_a_predictions_error(tmp_path, rows, newline):
    path = tmp_path / "p.jsonl"
    path.write_bytes(newline.join(rows).encode("utf-8", "surrogatepass"))
    try:
        got = read_predictions(path)
    except PredictionsError as exc:
        assert str(path) in str(exc)
        return
    assert got and all(isinstance(k, str) and k and isinstance(p.text, str) for k, p in got.items())


@settings(max_examples=12, **SETTINGS)
@given(st.lists(lines, min_size=0, max_size=4))
def test_evaluate_cli_exits_0_or_2(small_build, tmp_path, capsys, rows):
    out, _ = small_build
    path = tmp_path / "p.jsonl"
    path.write_bytes("\n".join(rows).encode("utf-8", "surrogatepass"))
    code = _exit_code(["evaluate", "--dataset", str(out), "--predictions", str(path), "--config", "latin"])
    assert code in (0, 2)
    assert "Traceback" not in capsys.readouterr().err


# ---- verify ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tamper_copy(small_build, tmp_path_factory):
    out, manifest = small_build
    copy = tmp_path_factory.mktemp("tamper") / "copy"
    shutil.copytree(out, copy)
    return copy, manifest


@settings(max_examples=6, **SETTINGS)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="/\\"),
               min_size=1, max_size=12).filter(lambda n: n not in (".", "..")),
       st.sampled_from(["latin", "code"]))
def test_verify_names_any_stray_file_under_data(tamper_copy, name, config):
    out, manifest = tamper_copy
    stray = out / "data" / config / name
    if stray.exists():
        return
    stray.write_bytes(b"junk")
    try:
        with pytest.raises(VerifyError) as info:
            from generator.verify import verify

            verify(out, workers=1, load=False, log=lambda line: None)
        assert f"data/{config}/{name}: " in str(info.value)
    finally:
        stray.unlink()
