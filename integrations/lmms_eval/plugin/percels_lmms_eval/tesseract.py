"""``percels_tesseract``: Debian's Tesseract as an lmms-eval model, so the percels tasks run end to end on a CPU.

Each request is read exactly as ``python -m generator baseline tesseract`` reads a sample
(:func:`generator.baselines.tesseract.predict`: a language pack per sample, a page
segmentation mode per layout, the same post-processing), so the two give the same
predictions. The prompt is ignored: Tesseract takes no instructions.

    python -m lmms_eval --model percels_tesseract --tasks percels --include_path integrations/lmms_eval --limit 20
"""

from __future__ import annotations

import io

from lmms_eval.api.model import lmms

from generator.baselines.tesseract import predict


class PercelsTesseract(lmms):
    is_simple = True

    #: What lmms-eval passes every model (from --batch_size, --device); Tesseract runs one image at a time on a CPU.
    RUNTIME_ARGS = frozenset({"batch_size", "max_batch_size", "device"})
    #: The columns the baseline reads besides the pixels (never the text): how to call tesseract on a sample.
    READ_COLUMNS = ("id", "language", "script", "layout", "n_lines", "script_group")

    def __init__(self, **kwargs) -> None:
        super().__init__()
        unknown = sorted(set(kwargs) - self.RUNTIME_ARGS)
        if unknown:
            raise ValueError(f"percels_tesseract takes no model arguments, got {unknown}: drop them from --model_args")

    def _read(self, doc: dict, visuals: list, task: str) -> str:
        if len(visuals) != 1:
            raise ValueError(f"percels_tesseract reads one image per sample, got {len(visuals)} for {doc.get('id')!r}")
        buffer = io.BytesIO()
        visuals[0].save(buffer, format="PNG")
        row = {**{k: doc[k] for k in self.READ_COLUMNS if k in doc}, "png": buffer.getvalue(),
               "config": task.removeprefix("percels_")}
        _, prediction, error = predict(row)
        return "" if error is not None else prediction  # a failed read scores as the baseline's missing sample

    def generate_until(self, requests) -> list[str]:
        out = []
        for context, gen_kwargs, doc_to_visual, doc_id, task, split in [r.args for r in requests]:
            doc = self.task_dict[task][split][doc_id]
            out.append(self._read(doc, doc_to_visual(doc), task))
        return out

    def generate_until_multi_round(self, requests) -> list[str]:
        return self.generate_until(requests)

    def loglikelihood(self, requests):
        raise NotImplementedError("percels_tesseract only transcribes (generate_until): an OCR engine gives no "
                                  "log-likelihoods; use it with generate_until tasks such as percels")
