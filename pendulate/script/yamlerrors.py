"""PyYAML's error messages, reworded for someone who has never seen YAML, with their place."""

from __future__ import annotations

import yaml

from pendulate.script.errors import ScriptProblem

_FRIENDLY: tuple[tuple[str, str, str], ...] = (
    (
        "found character '\\t'",
        "a tab character is used here; YAML indentation needs spaces",
        "replace the tabs at the start of lines with spaces (two per level is usual)",
    ),
    (
        "mapping values are not allowed here",
        "a ':' here confuses YAML",
        "put text that contains ': ' in quotes, or check this line's indentation",
    ),
    (
        "could not find expected ':'",
        "this line should read 'key: value'",
        "check for a missing ':' or an unclosed quote on the line above",
    ),
    (
        "expected a single document",
        "the file holds more than one YAML document",
        "a script is one document: remove the extra '---' line",
    ),
    (
        "did not find expected key",
        "the indentation here does not line up with the lines above",
        "items of the same group start in the same column",
    ),
    (
        "expected <block end>",
        "the indentation here does not line up with the lines above",
        "items of the same group start in the same column",
    ),
    (
        "did not find expected '-' indicator",
        "the indentation here does not line up with the list above",
        "list items start with '- ' in the same column",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside quotes or brackets",
        "close the quote or bracket that was opened",
    ),
    (
        "found unknown escape character",
        "this backslash escape is not valid inside double quotes",
        "use single quotes, or write two backslashes",
    ),
    ("found duplicate anchor", "the same &anchor name is used twice", "give each anchor its own name"),
)
_GENERIC_HINT = "check the indentation (spaces, not tabs) and put text containing ':' or '#' in quotes"


def from_yaml_error(exc: yaml.YAMLError, filename: str, text: str) -> ScriptProblem:
    """One located, friendly problem for a PyYAML error raised while reading ``text``."""
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return ScriptProblem(
            filename,
            line,
            col,
            f"the file contains a control character (U+{ord(char):04X}) that YAML does not allow",
            "remove it; inside double quotes it can be written as an escape if truly needed",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    raw = " ".join(part for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part)
    raw = raw or str(exc)
    context_mark = getattr(exc, "context_mark", None)
    if "while scanning a quoted scalar" in raw and context_mark is not None:
        # Point at the opening quote: the end of the file says nothing useful.
        return ScriptProblem(
            filename,
            context_mark.line + 1,
            context_mark.column + 1,
            "this quoted text is never closed",
            "add the closing quote",
        )
    if "while parsing a flow" in raw and "<stream end>" in raw and context_mark is not None:
        closing = "]" if "sequence" in raw else "}"
        return ScriptProblem(
            filename,
            context_mark.line + 1,
            context_mark.column + 1,
            "this bracket is never closed",
            f"add the closing '{closing}'",
        )
    for needle, message, hint in _FRIENDLY:
        if needle in raw:
            return ScriptProblem(filename, line, col, message, hint)
    return ScriptProblem(filename, line, col, f"YAML cannot read this: {raw}", _GENERIC_HINT)
