"""The library as it was last drawn, kept so the next start can draw it before anything else loads.

Opening pendulate means reading six built-in scripts, the person's own scripts and homework,
the practice log and the sound device. None of that is needed to *show* the library: the
titles, lengths and descriptions were worked out at the previous start. They are kept in the
data folder (owner-only, like everything else there) with what they were made from: the
version of pendulate, plain mode or not, and the name, size and modification time of every
script and homework file. The index is used only when all of that still matches; otherwise
the library is drawn the long way, as on a first start.

The index is only a head start. Right after its first frame the app loads everything for
real, before it handles a single key, and redraws any line that came out different: a week's
homework count or a resting note can change with the log or with the day, without any file
changing. So the day is not part of what the index was made from: someone who practises once
a day would otherwise always meet the long way.

Without a kept index (after an upgrade, or in a data folder where it can't be written), a
person with no scripts or homework of their own still gets the same head start: pendulate
ships the built-in scripts' lines beside this module (``library-builtins.json``, made by
``python -m pendulate.tui.library_builtins``), with the size and checksum of each built-in file
they were made from, and uses them only while every one of those files still matches.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from rich.errors import StyleSyntaxError
from rich.style import Style
from rich.text import Span, Text

from pendulate import __version__, paths, resources

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO

FORMAT = 1
FILE_NAME = "library-index.json"
BUILT_IN_LINES = Path(__file__).with_name("library-builtins.json")


class Entry:
    """One line of the library and the description shown beside it."""

    __slots__ = ("id", "label", "details")

    def __init__(self, id: str, label: Text, details: Text) -> None:
        self.id = id
        self.label = label
        self.details = details


def index_path() -> Path:
    return paths.data_dir() / FILE_NAME


def _files(folder: Path) -> list[list]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    out = []
    for name in names:
        try:
            info = os.stat(folder / name)
        except OSError:
            continue
        out.append([name, info.st_mtime_ns, info.st_size])
    return out


def made_from(plain: bool) -> dict:
    """Everything the drawn library depends on that can be checked without loading it."""
    return {
        "format": FORMAT,
        "version": __version__,
        "plain": plain,
        "built-in": _files(resources.sessions_dir()),
        "scripts": _files(paths.user_scripts_dir()),
        "homework": _files(paths.homework_dir()),
    }


def _encode_text(text: Text) -> list:
    return [text.plain, str(text.style), [[span.start, span.end, str(span.style)] for span in text.spans]]


def _style(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("a style is text")
    Style.parse(value)  # a damaged index must not reach the screen as a style it can't draw
    return value


def _span(raw: list, length: int) -> Span:
    start, end, style = raw
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= length):
        raise ValueError("a style covers part of its line")
    return Span(start, end, _style(style))


def _decode_text(raw: list) -> Text:
    plain, base, spans = raw
    if not isinstance(plain, str):
        raise ValueError("the text of a line is text")
    return Text(plain, style=_style(base), spans=[_span(span, len(plain)) for span in spans])


def encode(entries: list[Entry]) -> list:
    return [[entry.id, _encode_text(entry.label), _encode_text(entry.details)] for entry in entries]


def decode(raw: list) -> list[Entry]:
    return [Entry(str(id), _decode_text(label), _decode_text(details)) for id, label, details in raw]


def load(plain: bool) -> list[Entry] | None:
    """The library drawn at the last start, if nothing it was made from has changed since."""
    try:
        raw = json.loads(index_path().read_text(encoding="utf-8"))
        if raw["made_from"] != made_from(plain):
            return None
        entries = decode(raw["entries"])
    except (OSError, ValueError, KeyError, TypeError, StyleSyntaxError):
        return None
    return entries or None


def _write(handle: TextIO, text: str) -> None:
    handle.write(text)


def save(entries: list[Entry], plain: bool) -> None:
    """Keep ``entries`` for the next start (owner-only); quietly skipped if it can't be written."""
    text = json.dumps({"made_from": made_from(plain), "entries": encode(entries)}, ensure_ascii=False)
    path = index_path()
    with contextlib.suppress(OSError, ValueError):  # none kept yet, or one that can't be read
        if path.read_text(encoding="utf-8") == text:
            return
    with contextlib.suppress(OSError):  # the index is only a head start: no index, no harm
        paths.ensure_private_dir(path.parent)
        paths.write_private(path, lambda handle: _write(handle, text), durable=False)


SCRIPT_SUFFIXES = (".yaml", ".yml")  # as in pendulate.script.library, which loads far more


def _checksums(folder: Path) -> list[list]:
    """Name, size and CRC-32 of every script file in ``folder``: what a copied or installed
    built-in keeps, whatever its modification time."""
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.lower().endswith(SCRIPT_SUFFIXES):
            continue
        data = (folder / name).read_bytes()
        out.append([name, len(data), zlib.crc32(data)])
    return out


def built_in_lines(plain: bool) -> list[Entry] | None:
    """The library drawn from the shipped built-in lines, for someone with no scripts or
    homework of their own, if the built-in files are the ones those lines were made from."""
    if _files(paths.user_scripts_dir()) or _files(paths.homework_dir()):
        return None
    try:
        raw = json.loads(BUILT_IN_LINES.read_text(encoding="utf-8"))
        if raw["format"] != FORMAT or raw["built-in"] != _checksums(resources.sessions_dir()):
            return None
        entries = decode(raw["plain" if plain else "styled"])
    except (OSError, ValueError, KeyError, TypeError, StyleSyntaxError):
        return None
    return entries or None


def built_in_lines_text(make: Callable[[bool], list[Entry]]) -> str:
    """The text of ``library-builtins.json``: ``make(plain)`` draws the built-ins' lines."""

    def lines(value: list) -> str:  # one item a line, so a change to one script is a small diff
        return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in value) + "\n]"

    parts = {
        "format": str(FORMAT),
        "built-in": lines(_checksums(resources.sessions_dir())),
        "styled": lines(encode(make(False))),
        "plain": lines(encode(make(True))),
    }
    return "{\n" + ",\n".join(f"{json.dumps(key)}: {value}" for key, value in parts.items()) + "\n}\n"
