"""Script text is data, never markup or terminal commands.

Terminal escape sequences could move the cursor, retitle the window or hide text, and
zero-width or bidirectional controls can make a prompt read differently from what it holds,
so both are removed. Rich markup such as ``[bold]`` is kept as literal characters: the UI
shows it literally rather than interpreting it.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings (ended by BEL
# or ESC \), and the two-character escapes. The 8-bit C1 forms are covered as well.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 controls other than newline and tab, DEL, C1 controls, and the invisible
# zero-width / bidirectional controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


# Invisible characters outside the ranges above: every "format" character (category Cf:
# soft hyphen, word joiners, the Arabic letter mark, interlinear annotations, and the tag
# characters U+E0000-E007F that can smuggle hidden text), and the Unicode line and paragraph
# separators, which some terminals treat as line breaks.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp", "Cs"})


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences and invisible control characters.

    A tab becomes a space (removing it would join two words); newlines are kept.
    """
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    if not text.isascii():
        text = "".join(char for char in text if not _invisible(char))
    return text.replace("\t", " ")


# Every character that could steer a terminal or hide itself, line breaks and tabs included:
# in a one-line message even a newline could forge a second "file:line:col" line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f]")


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every control or invisible character written out as an escape (``\\x1b``).

    For messages that quote what a file holds (a misspelt key, a file name): the person sees
    exactly which odd character is there, and nothing reaches the terminal as a command.
    Lone surrogates (bytes of a non-UTF-8 file name) are escaped too, because printing one fails.
    """
    text = _UNPRINTABLE.sub(lambda match: _escaped(match[0]), text)
    if not text.isascii():
        text = "".join(_escaped(char) if _invisible(char) else char for char in text)
    return text


def clean_line(text: str) -> str:
    """A one-line field (a title): controls removed, line breaks and runs of spaces folded."""
    return " ".join(strip_controls(text).split())


def clean_block(text: str) -> str:
    """A multi-line field (a prompt): controls removed, trailing spaces trimmed per line."""
    lines = [line.rstrip() for line in strip_controls(text).split("\n")]
    return "\n".join(lines).strip()


def short(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for quoting a very long name."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
