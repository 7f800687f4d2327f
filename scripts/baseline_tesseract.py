#!/usr/bin/env python3
"""Tesseract baseline, kept as a script: the same as ``python -m generator baseline tesseract ARGS``.

    .venv/bin/python scripts/baseline_tesseract.py --dataset out/percels --out tesseract.jsonl --limit 1000
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["baseline", "tesseract", *sys.argv[1:]]))
