"""The lmms-eval task group's files and hooks, without lmms-eval itself (scripts/lmms_eval_check runs that).

The hooks are fed the rows ``load_dataset`` gives, as lmms-eval feeds them, and must
aggregate to exactly the per-config numbers of ``generator evaluate``.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest
import yaml

from generator.evaluate import evaluate, load_truth
from generator.evaluate.prompts import prompt
from generator.recipe import CONFIG_NAMES
from generator.tomlcompat import tomllib
from tests.conftest import ROOT

TASKS = ROOT / "integrations" / "lmms_eval" / "percels"
PLUGIN = ROOT / "integrations" / "lmms_eval" / "plugin"


class _Loader(yaml.SafeLoader):
    """lmms-eval's YAML: ``!function module.name`` tags."""


_Loader.add_constructor("!function", lambda loader, node: ("function", loader.construct_scalar(node)))


def _yaml(name: str) -> dict:
    return yaml.load((TASKS / name).read_text(encoding="utf-8"), Loader=_Loader)


@pytest.fixture(scope="module")
def utils():
    spec = importlib.util.spec_from_file_location("percels_lmms_utils", TASKS / "utils.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_task_per_config_and_the_group_lists_them():
    names = [*CONFIG_NAMES, "pages"] if "pages" not in CONFIG_NAMES else list(CONFIG_NAMES)
    group = _yaml("percels.yaml")
    assert group["group"] == "percels" and group["task"] == [f"percels_{c}" for c in names]
    template = _yaml("_default_template_yaml")
    for config in names:
        task = _yaml(f"percels_{config}.yaml")
        assert task["task"] == f"percels_{config}" and task["dataset_name"] == config
        assert task["include"] == "_default_template_yaml"
    hooks = {v[1] for v in template.values() if isinstance(v, tuple)}
    hooks |= {m["aggregation"][1] for m in template["metric_list"]}
    assert all(h.startswith("utils.") for h in hooks)
    assert [m["metric"] for m in template["metric_list"]] == ["exact_match", "pixel_exact", "exact_match_nfkc", "cer",
                                                                "confusion_rate"]


def test_hooks_named_in_the_yaml_exist(utils):
    template = _yaml("_default_template_yaml")
    hooks = [v[1] for v in template.values() if isinstance(v, tuple)] + [m["aggregation"][1] for m in template["metric_list"]]
    assert all(callable(getattr(utils, h.split(".", 1)[1])) for h in hooks)


def test_plugin_registers_percels_tesseract_through_the_entry_point_group():
    meta = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["entry-points"]["lmms_eval.models"] == {"percels_tesseract": "percels_lmms_eval:manifests"}


def test_hooks_aggregate_to_the_numbers_of_generator_evaluate(small_build, hf_cache, utils, tmp_path):
    from datasets import load_dataset

    dataset, manifest = small_build
    preds, payloads = {}, {}
    for config in manifest["configs"]:
        docs = load_dataset(str(dataset), config, split="test", cache_dir=str(hf_cache))
        for k, doc in enumerate(docs):
            assert utils.percels_doc_to_visual(doc) == [doc["image"]]
            assert utils.percels_doc_to_text(doc, {"pre_prompt": "", "post_prompt": ""}) == prompt(config)
            # a reader that drops the last character of every other sample and reads the rest exactly
            prediction = doc["text"][:-1] if k % 2 else doc["text"]
            preds[doc["id"]] = prediction
            result = utils.percels_process_results(doc, [prediction])
            assert set(result) == set(utils.METRICS)
            payloads.setdefault(config, []).append(result["cer"])
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps({"id": i, "prediction": p}, ensure_ascii=False) + "\n" for i, p in preds.items()),
                    encoding="utf-8")
    expected = evaluate(dataset, path)["scored"]["by_config"]
    for config, items in payloads.items():
        got = {m: getattr(utils, f"percels_agg_{m}")(items) for m in utils.METRICS}
        # a config whose every sample is pixel-ambiguous has no scored section: its aggregates are None
        want = expected.get(config)
        assert got == ({m: want[m] for m in utils.METRICS} if want else dict.fromkeys(utils.METRICS)), config
    assert any(0 < expected[c]["cer"] for c in expected)


def test_utils_import_loads_no_renderer():
    code = (f"import importlib.util, sys; s = importlib.util.spec_from_file_location('u', {str(TASKS / 'utils.py')!r}); "
            "m = importlib.util.module_from_spec(s); s.loader.exec_module(m); "
            "print([n for n in ('uharfbuzz', 'generator.render', 'generator.fonts') if n in sys.modules])")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_truth_ids_name_their_config(small_build, utils):
    for row in load_truth(small_build[0], "test"):
        assert utils.config_of(row) == row["config"]
