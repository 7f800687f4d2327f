"""The package's lazy top level: scoring imports no renderer; the flat API still works."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

RENDERER_MODULES = ("uharfbuzz", "freetype", "generator.render", "generator.raster", "generator.fonts",
                    "generator.shaping", "generator.layout")


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def test_scoring_a_dataset_loads_no_renderer(small_build, tmp_path):
    out, _ = small_build
    import pyarrow.parquet as pq

    rows = [r for f in sorted(out.glob("data/*/test-*.parquet")) for r in pq.read_table(f, columns=["id", "text"]).to_pylist()]
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps({"id": r["id"], "prediction": r["text"]}, ensure_ascii=False) + "\n"
                             for r in rows), encoding="utf-8")
    loaded = json.loads(_run(f"""
        import json, sys
        import generator.evaluate as ev
        report = ev.evaluate({str(out)!r}, {str(preds)!r})
        ev.write_report(report, {str(tmp_path / 'report')!r})
        print(json.dumps([report["all"]["overall"]["exact_match"],
                          [m for m in {RENDERER_MODULES!r} if m in sys.modules]]))
    """))
    assert loaded == [1.0, []]


def test_flat_api_still_gives_the_render_function():
    out = _run("""
        import generator
        assert "generator.render" not in __import__("sys").modules
        from generator import render, Rendered
        import generator.render as by_path   # the submodule import keeps the function at generator.render
        import generator.metadata
        print(callable(render), render is generator.render, generator.render.__module__, Rendered.__name__,
              render("ab", font_size=16).image.size[1] > 0)
    """)
    assert out == "True True generator.render Rendered True"


def test_unknown_attribute_is_an_attribute_error():
    assert _run("""
        import generator
        try:
            generator.nope
        except AttributeError as exc:
            print(exc)
    """) == "module 'generator' has no attribute 'nope'"


def test_docstring_examples():
    import doctest

    import generator

    result = doctest.testmod(generator)
    assert result.attempted > 0 and result.failed == 0
