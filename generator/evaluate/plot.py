"""The PNG plot: accuracy against compression ratio, one line per config (pages: one per script group)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

from ..compression import DEFAULT_PRESET  # noqa: E402


def plot_accuracy_vs_compression(report: Mapping, path: str | Path) -> Path:
    """Write exact match, pixel-exact and grapheme accuracy (1 - CER) per compression bucket, per config.

    Pages are drawn one line per script group (``pages/latin``, ``pages/code``, ...), dashed.
    Each point is a bucket of the scored (not pixel-ambiguous) samples of a line, placed at
    the mean compression ratio of its samples; buckets without a known ratio are left out.
    """
    path = Path(path)
    per_config = report["scored"]["by_config_and_bucket"]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharex=True)
    drawn = 0
    for config, buckets in per_config.items():
        pts = sorted((b["mean_ratio"], b["exact_match"], 1 - b["cer"] if b["cer"] is not None else None, b["n"],
                      b.get("pixel_exact"))
                     for b in buckets.values() if b["mean_ratio"] is not None and b["n"])
        if not pts:
            continue
        drawn += 1
        xs = [p[0] for p in pts]
        style = "--" if "/" in config else "-"  # pages: one dashed line per script group
        line, = axes[0].plot(xs, [p[1] for p in pts], marker="o", linestyle=style, label=config)
        if any(p[4] is not None for p in pts):  # pixel-exact: dotted, in the series' colour
            axes[0].plot(xs, [p[4] if p[4] is not None else float("nan") for p in pts], linestyle=":",
                         color=line.get_color(), alpha=0.7)
        axes[1].plot(xs, [max(0.0, p[2]) if p[2] is not None else float("nan") for p in pts], marker="o",
                     linestyle=style, label=config)
    for ax, title in zip(axes, ("exact match, pixel-exact (dotted)", "grapheme accuracy (1 − CER, floored at 0)")):
        ax.set_xscale("log", base=2)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel(f"compression ratio: cl100k_base text tokens / {DEFAULT_PRESET.name} vision tokens")
        ax.set_title(title)
        ax.grid(alpha=0.3)
    if drawn:
        axes[1].legend(fontsize=8, loc="lower left")
    else:
        axes[0].text(0.5, 0.5, "no sample has a compression ratio", ha="center", transform=axes[0].transAxes)
    fig.suptitle(f"Accuracy vs compression ratio ({report.get('predictions', 'predictions')})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
