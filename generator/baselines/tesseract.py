"""Tesseract baseline: read every image of a split with Debian's tesseract, write predictions JSONL.

These are the reference predictions behind the card's baseline table::

    python -m generator baseline tesseract --dataset out/percels --out tesseract.jsonl --limit 1000
    python -m generator evaluate --dataset out/percels --predictions tesseract.jsonl --limit 1000 --out report/

Each sample's language picks a traineddata pack (``LANGUAGE_PACKS``; by script when the
language has none, English last); single lines run with ``--psm 7``, paragraphs and
multi-line images (``n_lines`` > 1) with ``--psm 6``; a line that ``--psm 7`` reads as
nothing (its layout analysis sometimes finds no text line, e.g. in short Arabic lines) is
read once more with ``--psm 13``, a raw line. Pages (layout ``page``) run with ``--psm 3``,
tesseract's fully automatic page segmentation, as a scanned document would. Two tesseract processes run at a time
(``--workers``), each single-threaded (``OMP_THREAD_LIMIT=1``). Output is one ``{"id": ..., "prediction": ...}`` per line, in
dataset order. A sample tesseract fails on is left out, so the evaluator counts it as
missing; the failures are counted on stderr.

Post-processing is minimal and fixed: the trailing newline and form feed are stripped;
a paragraph's lines are joined with a space, or with nothing for languages written without
spaces (zh, ja, th, lo, km, my); on a page, the blocks tesseract separates with a blank line
become paragraphs, one per line, as the page's text has them; code (the code config, and pages
of the code group) keeps its newlines; spaces tesseract puts between two CJK characters are
removed (its jpn/chi packs emit them, the text has none).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from ..errors import PercelsError

#: BCP 47 language (or its base) -> tesseract pack. Every pack is in scripts/debian-packages.txt.
LANGUAGE_PACKS = {
    "zh-Hans": "chi_sim", "zh-Hant": "chi_tra", "ja": "jpn", "ko": "kor",
    "th": "tha", "lo": "lao", "km": "khm", "my": "mya",
    "ar": "ara", "fa": "fas", "ur": "urd", "he": "heb", "hi": "hin", "bn": "ben", "ta": "tam",
    "ru": "rus", "uk": "ukr", "el": "ell", "hy": "hye", "chr": "chr",
    "vi": "vie", "pl": "pol", "cs": "ces", "tr": "tur", "de": "deu", "fr": "fra", "en": "eng",
    "es": "spa", "ro": "ron", "hu": "hun", "is": "isl", "yo": "yor",
}
#: ISO 15924 script -> pack, for a language without its own pack.
SCRIPT_PACKS = {
    "Latn": "eng", "Cyrl": "rus", "Grek": "ell", "Armn": "hye", "Cher": "chr", "Arab": "ara", "Hebr": "heb",
    "Deva": "hin", "Beng": "ben", "Taml": "tam", "Thai": "tha", "Laoo": "lao", "Khmr": "khm", "Mymr": "mya",
    "Hans": "chi_sim", "Hant": "chi_tra", "Hani": "chi_sim", "Jpan": "jpn", "Kore": "kor", "Hang": "kor",
}
FALLBACK_PACK = "eng"
#: Fully automatic page segmentation, for pages.
PAGE_PSM = 3
#: Tried once when --psm 7 reads nothing: a raw line, without tesseract's layout analysis.
RAW_LINE_PSM = 13
NO_SPACE_LANGUAGES = {"zh", "ja", "th", "lo", "km", "my"}
_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")


def tesseract_language(language: str | None, script: str | None) -> str:
    """The pack for a sample: by language tag, then its base, then by script, then English.

    >>> tesseract_language("zh-Hant", "Hant"), tesseract_language("fa", "Arab"), tesseract_language(None, "Cyrl")
    ('chi_tra', 'fas', 'rus')
    >>> tesseract_language("python", "Latn"), tesseract_language("und", None)
    ('eng', 'eng')
    """
    if language:
        if language in LANGUAGE_PACKS:
            return LANGUAGE_PACKS[language]
        base = language.split("-")[0]
        if base in LANGUAGE_PACKS:
            return LANGUAGE_PACKS[base]
    return SCRIPT_PACKS.get(script or "", FALLBACK_PACK)


def page_segmentation_mode(layout: str | None, n_lines: int | None = None) -> int:
    """7 (a single text line) for lines, 6 (a uniform block of text) for paragraphs and multi-line images,
    3 (automatic page segmentation) for pages.

    >>> page_segmentation_mode("line"), page_segmentation_mode("paragraph"), page_segmentation_mode("line", 3)
    (7, 6, 6)
    >>> page_segmentation_mode("page", 40)
    3
    """
    if layout == "page":
        return PAGE_PSM
    return 6 if layout == "paragraph" or (n_lines or 1) > 1 else 7


def postprocess(raw: str, language: str | None, layout: str | None, config: str,
                script_group: str | None = None) -> str:
    """Tesseract's text as a prediction (see the module docstring).

    >>> postprocess("日本 語\\n\\x0c", "ja", "line", "logographic")
    '日本語'
    >>> postprocess("one two\\nthree\\n", "en", "paragraph", "latin"), postprocess("a:\\n    b\\n", "python", "paragraph", "code")
    ('one two three', 'a:\\n    b')
    >>> postprocess("one two\\nthree\\n\\nfour\\n", "en", "page", "pages", "latin")
    'one two three\\nfour'
    """
    text = raw.replace("\f", "").rstrip("\n")
    if config == "code" or script_group == "code":
        return _CJK_SPACE.sub("", text)
    joiner = "" if (language or "").split("-")[0] in NO_SPACE_LANGUAGES else " "
    blocks = re.split(r"\n\s*\n", text) if layout == "page" else [text]
    paragraphs = [joiner.join(line.strip() for line in block.split("\n") if line.strip()) for block in blocks]
    return _CJK_SPACE.sub("", "\n".join(p for p in paragraphs if p))


@lru_cache(maxsize=1)
def installed_packs() -> frozenset[str]:
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        raise PercelsError("tesseract is not installed: run scripts/setup (Debian package tesseract-ocr)") from None
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def check_pack(pack: str) -> None:
    if pack not in installed_packs():
        debian = "tesseract-ocr-" + pack.replace("_", "-")
        raise PercelsError(f"tesseract has no {pack!r} data: install the Debian package {debian} (listed in "
                           "scripts/debian-packages.txt; scripts/setup installs it)")


def recognize(png: bytes, pack: str, psm: int) -> str:
    """Run tesseract once on PNG bytes; raises CalledProcessError when it fails."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", pack, "--psm", str(psm)],
                          input=png, capture_output=True, check=True, env=env, timeout=120)
    return done.stdout.decode("utf-8")


def predict(row: dict) -> tuple[str, str | None, str | None]:
    """``(id, prediction, None)`` for one row (``png``, ``language``, ``script``, ``layout``,
    ``n_lines``, ``config``), or ``(id, None, error)`` when tesseract fails on it."""
    pack = tesseract_language(row.get("language"), row.get("script"))
    psm = page_segmentation_mode(row.get("layout"), row.get("n_lines"))
    try:
        raw = recognize(row["png"], pack, psm)
        if psm == 7 and not raw.strip():
            raw = recognize(row["png"], pack, RAW_LINE_PSM)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:  # a per-sample failure becomes data
        detail = exc.stderr.decode("utf-8", "replace").strip()[-200:] if exc.stderr else str(exc)
        return row["id"], None, f"{pack}: {detail}"
    return row["id"], postprocess(raw, row.get("language"), row.get("layout"), row["config"],
                                  row.get("script_group")), None


def _rows(dataset: Path, split: str, configs: list[str] | None, limit: int | None):
    from ..evaluate import iter_images

    counts: dict[str, int] = {}
    for row in iter_images(dataset, split, configs):
        if limit is not None and counts.get(row["config"], 0) >= limit:
            continue
        counts[row["config"]] = counts.get(row["config"], 0) + 1
        check_pack(tesseract_language(row.get("language"), row.get("script")))
        yield row


def run(dataset: Path, out: Path, *, split: str = "test", configs: list[str] | None = None,
        workers: int = 2, limit: int | None = None, progress: bool = True) -> dict:
    """Write predictions for the split to ``out``; return counts of written and failed samples."""
    from tqdm import tqdm

    written, failures = 0, []
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    with tmp.open("w", encoding="utf-8") as f, ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(predict, _rows(dataset, split, configs, limit))
        for sample_id, prediction, error in tqdm(results, desc="tesseract", unit="img", disable=not progress):
            if error is not None:
                failures.append((sample_id, error))
                continue
            f.write(json.dumps({"id": sample_id, "prediction": prediction}, ensure_ascii=False) + "\n")
            written += 1
    tmp.replace(out)
    return {"written": written, "failed": len(failures), "failures": failures}
