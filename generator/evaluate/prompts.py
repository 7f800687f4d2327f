"""The transcription prompt of each config: one text, shared by the lmms-eval tasks and the VLMEvalKit export.

Every prompt asks for the exact text and nothing else; each config adds what a
reader of it is most tempted to change. The card lists them.

    >>> prompt("unsegmented").startswith(BASE_PROMPT)
    True
    >>> prompt("no-such-config") == BASE_PROMPT
    True
"""

from __future__ import annotations

BASE_PROMPT = ("Transcribe the text in the image exactly, character for character. "
               "Output only the text, with no explanation and no quotes.")

#: What each config adds to :data:`BASE_PROMPT`.
CONFIG_HINTS = {
    "logographic": "Keep every character as drawn; do not add spaces the image does not show.",
    "unsegmented": "Do not add spaces between words where the image shows none.",
    "latin": "Keep every accent and diacritic.",
    "complex": "Write the characters in logical (reading) order, as they would be typed.",
    "code": "Keep every space, tab and line break of the code exactly.",
    "emoji": "Write each emoji as its Unicode character or sequence, including skin tones and flags.",
    "homoglyphs": "Write the exact characters shown, whatever their script; do not normalise look-alikes.",
    "identifiers": "Copy every digit, letter and symbol exactly.",
    "typos": "Copy the text as written, misspellings included; do not correct it.",
    "pages": "Transcribe every line of the page in reading order, one line of output per line of text.",
}


def prompt(config: str) -> str:
    """The prompt for ``config``: the base prompt, then the config's hint when it has one."""
    hint = CONFIG_HINTS.get(config)
    return f"{BASE_PROMPT} {hint}" if hint else BASE_PROMPT
