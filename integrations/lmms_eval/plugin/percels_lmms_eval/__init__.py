"""lmms-eval plugin of percels: registers the model ``percels_tesseract`` through lmms-eval's
``lmms_eval.models`` entry-point group (see this folder's ``pyproject.toml``)."""

from __future__ import annotations


def manifests():
    """The model manifests lmms-eval's registry loads from the entry point."""
    from lmms_eval.models.registry_v2 import ModelManifest

    return [ModelManifest(model_id="percels_tesseract", simple_class_path="percels_lmms_eval.tesseract.PercelsTesseract")]
