"""``report.html``: the whole evaluation in one self-contained page, for reading failures as pictures.

The page holds the tables of ``report.md``, the accuracy-versus-compression plot
and, for each config, a gallery of failures: the image, the truth, the prediction
and a character diff over grapheme clusters (:func:`.gallery.char_diff`) that
marks substitutions, look-alikes, missing and extra clusters. Images are embedded
as ``data:`` URIs, so the file can be mailed or opened offline. Every text carries
its direction (``dir``) and language (``lang``), so Arabic and Hebrew read right to left.

    >>> piece_html(DiffPiece("lookalike", "a", "\\u0430"), "prediction")
    '<span class="lookalike" title="U+0061 → U+0430">а</span>'
    >>> show("a\\u200bb\\t")
    'a<span class="cp" title="U+200B">U+200B</span>b<span class="cp" title="U+0009">⇥</span>'
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

import pyarrow.parquet as pq

from ..ucd import INVISIBLE, graphemes, is_default_ignorable, is_emoji_cluster
from .dataset import select_files
from .gallery import DiffPiece, char_diff
from .report import _COLUMNS, DIMENSIONS, METRIC_DEFINITIONS, _fmt

_VISIBLE_CONTROLS = {"\t": "⇥", "\n": "↵", "\r": "␍"}
_KIND_LABELS = {"substitution": "substituted", "lookalike": "look-alike (same UTS #39 skeleton)",
                "missing": "in the truth only", "extra": "in the prediction only"}

_STYLE = """
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; margin: 1.5em; color: #111; max-width: 1400px; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; table-layout: fixed; }
th, td { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; overflow-wrap: anywhere; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.metrics th:first-child, table.metrics td:first-child { width: 12em; }
table.metrics td, table.metrics th { width: 7em; }
table.gallery { width: 100%; }
table.gallery col.image { width: 34%; } table.gallery col.text { width: 22%; }
table.gallery img { max-width: 100%; height: auto; display: block; background: #fff; border: 1px solid #eee; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; font-size: 1.1em; }
.meta { color: #666; font-size: 0.8em; overflow-wrap: anywhere; }
.substitution { background: #fdd; outline: 1px solid #e99; }
.lookalike { background: #fe9; outline: 1px solid #cb4; }
.missing { background: #ddd; text-decoration: line-through; }
.extra { background: #cdf; outline: 1px solid #89c; }
table.config-code .text { font-family: "JetBrains Mono", "DejaVu Sans Mono", monospace; font-size: 0.95em; }
.cp { font-size: 0.7em; border: 1px solid #999; border-radius: 3px; padding: 0 2px; color: #333; }
img.plot { max-width: 100%; height: auto; }
"""


def show(text: str, spaces: bool = False) -> str:
    """Escaped ``text`` with invisible and ignorable characters (and tabs, newlines) shown as labelled boxes.

    Emoji clusters stay whole, so their joiners and variation selectors keep drawing the emoji;
    ``spaces=True`` boxes spaces too (in a diff, where a lost space must be seen).
    """
    out = []
    for cluster in graphemes(text):
        if is_emoji_cluster(cluster):
            out.append(escape(cluster))
            continue
        for c in cluster:
            cp = ord(c)
            if c in _VISIBLE_CONTROLS or cp in INVISIBLE or is_default_ignorable(cp) or (spaces and c == " "):
                label = _VISIBLE_CONTROLS.get(c, "␣" if c == " " else f"U+{cp:04X}")
                out.append(f'<span class="cp" title="U+{cp:04X}">{escape(label)}</span>')
            else:
                out.append(escape(c))
    return "".join(out)


def _codepoints(s: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in s) or "nothing"


def piece_html(piece: DiffPiece, side: str) -> str:
    """One diff piece on the ``"truth"`` or ``"prediction"`` side."""
    text = piece.truth if side == "truth" else piece.prediction
    if piece.kind == "equal":
        return show(text)
    if (piece.kind == "missing" and side == "prediction") or (piece.kind == "extra" and side == "truth"):
        return ""
    title = f"{_codepoints(piece.truth)} → {_codepoints(piece.prediction)}"
    return f'<span class="{piece.kind}" title="{escape(title)}">{show(text, spaces=True)}</span>'


def _metrics_table(groups: Mapping[str, Mapping], first: str) -> str:
    head = "".join(f"<th>{escape(c[0])}</th>" for c in _COLUMNS)
    rows = "".join(
        f"<tr><td>{escape(str(name))}</td>" + "".join(f'<td class="num">{escape(_fmt(s.get(k), kind))}</td>'
                                                       for _, k, kind in _COLUMNS) + "</tr>"
        for name, s in groups.items())
    return f'<table class="metrics"><tr><th>{escape(first)}</th>{head}</tr>{rows}</table>'


def _text_div(text: str, failure: Mapping) -> str:
    lang = f' lang="{escape(failure["language"])}"' if failure.get("language") else ""
    return f'<div class="text" dir="{failure["direction"]}"{lang}>{text}</div>'


def _gallery(config: str, failures: Sequence[Mapping], images: Mapping[str, bytes], wrong: int) -> str:
    """One config's failures as a table: image, truth, prediction, diff."""
    if not failures:
        return f'<h3 id="failures-{escape(config)}">{escape(config)}: no failures</h3>'
    parts = [f'<h3 id="failures-{escape(config)}">{escape(config)}: the first {len(failures)} of {wrong} wrong samples</h3>']
    parts.append(f'<table class="gallery config-{escape(config)}"><colgroup><col class="image"><col class="text"><col class="text">'
                 '<col class="text"></colgroup><tr><th>image</th><th>truth</th><th>prediction</th><th>diff</th></tr>')
    for f in failures:
        png = images.get(f["id"])
        img = (f'<img alt="{escape(f["id"])}" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">'
               if png else "<em>image not in the dataset folder</em>")
        meta = " · ".join(escape(str(v)) for v in (f["id"], f.get("language"), f.get("script")) if v)
        if f.get("pixel_ambiguous"):
            meta += " · pixel-ambiguous"
        if f.get("pixel_exact"):
            meta += " · pixel-exact (the prediction draws this image)"
        if f["prediction"] is None:
            prediction, diff = "<em>missing</em>", ""
        else:
            pieces = char_diff(f["truth"], f["prediction"])
            prediction = show(f["prediction"])
            diff = (_text_div("".join(piece_html(p, "truth") for p in pieces), f)
                    + _text_div("".join(piece_html(p, "prediction") for p in pieces), f))
        parts.append(f'<tr><td>{img}<div class="meta">{meta}</div></td><td>{_text_div(show(f["truth"]), f)}</td>'
                     f'<td>{_text_div(prediction, f) if f["prediction"] is not None else prediction}</td><td>{diff}</td></tr>')
    parts.append("</table>")
    return "".join(parts)


def failure_images(dataset: str | Path, split: str, gallery: Mapping[str, Mapping]) -> dict[str, bytes]:
    """PNG bytes of every sample in ``gallery``, read from the dataset's Parquet files."""
    wanted = {config: {f["id"] for f in g["samples"]} for config, g in gallery.items() if g["samples"]}
    if not wanted:
        return {}
    images: dict[str, bytes] = {}
    for config, files in select_files(dataset, split, sorted(wanted)).items():
        for path in files:
            table = pq.read_table(path, columns=["id", "image"])
            for sample_id, image in zip(table.column("id").to_pylist(), table.column("image").to_pylist()):
                if sample_id in wanted[config]:
                    images[sample_id] = image["bytes"]
    return images


def render_html(report: Mapping, images: Mapping[str, bytes], plot_png: bytes | None) -> str:
    """The page as a string."""
    title = f"percels evaluation: {report.get('predictions', '')}".rstrip(": ")
    body = [f"<h1>{escape(title)}</h1>"]
    if "dataset" in report:
        subset = f" (the first {report['limit_per_config']} samples of each)" if report.get("limit_per_config") else ""
        body.append(f"<p>Dataset <code>{escape(report['dataset'])}</code>, split <code>{escape(report['split'])}</code>, "
                    f"configs {escape(', '.join(report['configs']))}{escape(subset)}. {report['n_samples']} samples, "
                    f"{report['n_missing']} without a prediction (counted as wrong).</p>")
    overall = {name: report[name]["overall"] for name in ("scored", "pixel_ambiguous", "all")}
    body += ["<h2>Overall</h2>", _metrics_table(overall, "samples"),
             "<p><code>scored</code> leaves out pixel-ambiguous samples, whose exact text the pixels cannot show.</p>"]
    if plot_png:
        body += ["<h2>Accuracy against compression</h2>", '<img class="plot" alt="accuracy against compression ratio" '
                 f'src="data:image/png;base64,{base64.b64encode(plot_png).decode("ascii")}">']
    for dim in DIMENSIONS:
        body += [f"<h2>By {escape(dim.replace('_', ' '))} (scored)</h2>", _metrics_table(report["scored"][f"by_{dim}"], dim)]
    if report["pixel_ambiguous"]["overall"]["n"]:
        body += ["<h2>Pixel-ambiguous samples, by config</h2>", _metrics_table(report["pixel_ambiguous"]["by_config"], "config")]
    body.append("<h2>Metrics</h2><dl>" + "".join(f"<dt><code>{escape(k)}</code></dt><dd>{escape(v)}</dd>"
                                                 for k, v in METRIC_DEFINITIONS.items()) + "</dl>")
    gallery = report.get("failure_gallery") or {}
    if gallery:
        legend = " ".join(f'<span class="{k}">{escape(v)}</span>' for k, v in _KIND_LABELS.items())
        body += ["<h2>Failures</h2>", f"<p>The first failures of each config, in dataset order. Diff over grapheme "
                 f"clusters, truth above prediction: {legend}. Hover a mark for its code points.</p>"]
        for config, g in gallery.items():
            body.append(_gallery(config, g["samples"], images, g["wrong"]))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def write_html(report: Mapping, path: str | Path, plot_path: str | Path | None = None) -> Path:
    """Write ``report.html``; images come from the dataset folder the report names."""
    path = Path(path)
    gallery = report.get("failure_gallery") or {}
    images = failure_images(report["dataset"], report["split"], gallery) if gallery and "dataset" in report else {}
    plot = Path(plot_path).read_bytes() if plot_path else None
    path.write_text(render_html(report, images, plot), encoding="utf-8")
    return path
