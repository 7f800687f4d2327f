"""Pixel-exact match: a prediction that draws the sample's own image.

A prediction that is not an exact match is rendered with the options the
sample was rendered with (:func:`render_options`, :func:`render_image`) and compared with the stored
image under the tolerance of ``pixel_ambiguous``
(:func:`generator.metadata.images_ambiguous`). If they agree, the prediction
is *pixel-exact*: the model lost nothing the pixels kept. A prediction that
cannot be rendered (an uncovered or refused character, an empty string) is
not pixel-exact. A prediction canonically equivalent to the truth (equal in
NFC) is pixel-exact without rendering, as a text not in NFC is always
pixel-ambiguous with its NFC form.

Only mismatches are rendered, in this process or in a pool of ``workers``
processes; the renderer is imported by the function that uses it, so that
importing :mod:`generator.evaluate` stays light::

    >>> from generator import render
    >>> row = {"id": "x", "text": "p\\u0430ypal", "font_size": 24, "style": "sans", "language": "en",
    ...        "layout": "line", "max_width": None}
    >>> png = render(row["text"], font_size=24, style="sans", language="en").to_png()
    >>> check_one(("x", "paypal", png, render_options(row)))     # Cyrillic а drawn as Latin a
    ('x', True)
    >>> check_one(("x", "paypa1", png, render_options(row))), check_one(("x", "\\U0001FAE9", png, render_options(row)))
    (('x', False), ('x', False))
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping

from ..ucd import nfc
from .dataset import select_files

CHUNK_SIZE = 16


def render_options(row: Mapping) -> dict | None:
    """The options ``row``'s image was rendered with: the one place a new layout (e.g. pages) adds its own.

    None when the dataset lacks the columns to re-render it.

    >>> render_options({"font_size": 16, "style": "serif", "language": "th", "layout": "paragraph", "max_width": 640})
    {'layout': 'paragraph', 'font_size': 16, 'style': 'serif', 'language': 'th', 'max_width': 640}
    """
    if row.get("font_size") is None or row.get("style") is None:
        return None
    if row.get("canvas_width"):  # a page: the same canvas, at the size its fit chose
        return {"layout": "page", "width": int(row["canvas_width"]), "height": int(row["canvas_height"]),
                "font_size": int(row["font_size"]), "style": row["style"], "language": row.get("language")}
    return {"layout": row.get("layout") or "line", "font_size": int(row["font_size"]), "style": row["style"],
            "language": row.get("language"), "max_width": row.get("max_width")}


def render_image(text: str, options: Mapping):
    """``text`` drawn as :func:`render_options` says: the image :func:`check_one` compares.

    Lines and paragraphs are drawn by :func:`generator.render`, pages by :func:`generator.render_page`
    on their canvas (:func:`generator.ambiguity.render_with` picks).
    """
    from ..ambiguity import render_with

    return render_with(text, {k: v for k, v in options.items() if k != "layout"}).image


def check_one(task: tuple) -> tuple[str, bool]:
    """``(id, prediction, png, options)`` -> ``(id, pixel-exact?)``."""
    from PIL import Image

    from ..errors import PercelsError
    from ..metadata import images_ambiguous

    sample_id, prediction, png, options = task
    if options is None or not prediction:
        return sample_id, False
    try:
        drawn = render_image(prediction, options)
    except PercelsError:  # uncovered or refused characters: the prediction draws nothing comparable
        return sample_id, False
    with Image.open(io.BytesIO(png)) as truth:
        truth.load()
        return sample_id, images_ambiguous(truth, drawn)


def _run(tasks: Iterable[tuple], workers: int) -> Iterator[tuple[str, bool]]:
    if workers <= 1:
        yield from map(check_one, tasks)
        return
    from ..shards.executors import start_context

    ctx = start_context()
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["generator.evaluate.pixel", "generator.render", "generator.metadata"])
    with ctx.Pool(workers) as pool:
        yield from pool.imap_unordered(check_one, tasks, chunksize=CHUNK_SIZE)


def read_images(root, split: str, configs, wanted: set[str]) -> Iterator[dict]:
    """``{"id", "png"}`` of the ``wanted`` samples only: row groups without one are not read.

    >>> list(read_images("no-such-dataset", "test", None, set()))
    []
    """
    if not wanted:
        return
    import pyarrow.parquet as pq

    for files in select_files(root, split, configs).values():
        for f in files:
            pf = pq.ParquetFile(f)
            for group in range(pf.num_row_groups):
                ids = pf.read_row_group(group, columns=["id"]).column("id").to_pylist()
                take = [i for i, sample_id in enumerate(ids) if sample_id in wanted]
                if take:
                    for row in pf.read_row_group(group, columns=["id", "image"]).take(take).to_pylist():
                        yield {"id": row["id"], "png": row["image"]["bytes"]}


def pixel_exact_ids(rows: Iterable[Mapping], predictions: Mapping[str, str],
                    images: Iterable[Mapping] | Callable[[set[str]], Iterable[Mapping]], workers: int = 1) -> set[str]:
    """Ids of the ``rows`` whose prediction is not exact but renders like the sample's image.

    ``images`` yields ``{"id", "png"}`` per sample, or is a function of the wanted ids that does
    (:func:`read_images`); only the images of mismatched rows are rendered against.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    options = {}
    for row in rows:
        prediction = predictions.get(row["id"])
        if prediction and nfc(prediction) != nfc(row["text"]):
            options[row["id"]] = render_options(row)
    if not options:
        return set()
    if callable(images):
        images = images(set(options))
    tasks = ((im["id"], predictions[im["id"]], im["png"], options[im["id"]]) for im in images if im["id"] in options)
    return {sample_id for sample_id, alike in _run(tasks, workers) if alike}
