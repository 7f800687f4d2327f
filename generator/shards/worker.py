"""The worker: one planned sample in, one row (or one recorded failure) out.

:class:`SampleWorker` is a plain picklable callable, so a process pool can
ship it to spawned workers; fonts are opened lazily inside each process by
the renderer's own per-process cache. A sample the package refuses (its own
:class:`~generator.errors.PercelsError`: a missing glyph, text it cannot
render) becomes a failed :class:`SampleResult` carrying the reason, never an
exception that kills the build and never a silently missing row.

Each row carries a digest of its id, text and decoded pixels; the shard's
content hash is built from these, and :mod:`generator.verify` recomputes them
from the stored PNGs::

    >>> from generator.shards.worker import pixel_digest
    >>> from PIL import Image
    >>> import io
    >>> buf = io.BytesIO(); Image.new("L", (2, 1), 255).save(buf, "PNG")
    >>> len(row_digest("x-0", "a", pixel_digest(buf.getvalue())))
    32
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image

from ..errors import PercelsError

#: Row fields copied from the planned sample as they are.
PLAN_FIELDS = ("id", "text", "text_id", "seed", "language", "script", "kind", "source", "license", "partner",
               "style", "font_size", "layout", "max_width")


def image_digest(image: Image.Image) -> bytes:
    """SHA-256 over an image's mode, size and pixel bytes."""
    h = hashlib.sha256(f"{image.mode}:{image.width}x{image.height}:".encode())
    h.update(image.tobytes())
    return h.digest()


def pixel_digest(png: bytes) -> bytes:
    """:func:`image_digest` of the decoded PNG (not of its bytes, which vary with zlib)."""
    with Image.open(io.BytesIO(png)) as im:
        im.load()
        return image_digest(im)


def row_digest(sample_id: str, text: str, pixels: bytes) -> bytes:
    """SHA-256 of one row: its id, its text and its pixel digest."""
    h = hashlib.sha256()
    for part in (sample_id.encode("utf-8"), text.encode("utf-8", "surrogatepass")):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    h.update(pixels)
    return h.digest()


@dataclass(frozen=True)
class SampleResult:
    """What the worker made of one sample: a row with its digest, or a failure."""

    id: str
    row: dict | None
    digest: bytes | None
    reason: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.row is not None


#: Columns only pages fill (None on the other configs); pages also set font_size to the size chosen by fit.
PAGE_FIELDS = ("canvas_width", "canvas_height", "budget_tokens", "script_group")


def _render_sample(sample):
    """A line or paragraph through ``render``; a planned page through ``render_page`` on its canvas, at the
    size its fit chooses (:func:`generator.ambiguity.render_with` picks the renderer, as for every re-render)."""
    from ..ambiguity import render_with

    if getattr(sample, "canvas_width", None):
        options = {"width": sample.canvas_width, "height": sample.canvas_height}
    else:
        options = {"font_size": sample.font_size, "max_width": sample.max_width}
    return render_with(sample.text, {**options, "language": sample.language, "style": sample.style})


def _page_columns(sample, rendered) -> dict:
    columns = {name: getattr(sample, name, None) for name in PAGE_FIELDS}
    if columns["canvas_width"]:
        columns["font_size"] = rendered.options["font_size"]
    return columns


class SampleWorker:
    """Renders a :class:`generator.plan.PlannedSample` into a dataset row.

    The row holds the plan's fields, the PNG, the rendering facts (size, mode,
    fonts, glyphs, lines), the precision columns, the ambiguity columns
    (:mod:`generator.ambiguity`) and the compression columns.
    """

    def __call__(self, sample, text_tokens: int | None = None) -> SampleResult:
        """The row of ``sample``; ``text_tokens``, when the driver counted them, saves loading the tokenizer."""
        try:
            return self._render(sample, text_tokens)
        except PercelsError as exc:  # a per-sample failure becomes data, counted by reason
            return SampleResult(sample.id, None, None, type(exc).__name__, str(exc))

    def _render(self, sample, text_tokens: int | None) -> SampleResult:
        from .. import ambiguity, compression, metadata

        rendered = _render_sample(sample)
        png = rendered.to_png()
        width, height = rendered.image.size
        row = {name: getattr(sample, name) for name in PLAN_FIELDS}
        row.update(_page_columns(sample, rendered))
        row.update(
            image={"bytes": png, "path": None},
            split_index=sample.index,
            width=width,
            height=height,
            image_mode=rendered.image.mode,
            fonts=list(rendered.fonts),
            glyph_count=rendered.glyph_count,
            n_lines=1 + max((run.line for run in rendered.runs), default=0),
        )
        precision = metadata.precision_columns(sample.text)
        row.update(precision)
        row.update(ambiguity.ambiguity_columns(rendered, sample.partner))
        row.update(compression.compression_columns(sample.text, width, height, text_tokens))
        # the rendered image is what the PNG holds, losslessly; verify recomputes this from the PNG
        return SampleResult(sample.id, row, row_digest(sample.id, sample.text, image_digest(rendered.image)))
