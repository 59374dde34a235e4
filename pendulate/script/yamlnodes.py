"""Positioned YAML values: what the reader (:mod:`pendulate.script.yamlread`) builds.

Every key and value keeps the line and column it was written at, so every complaint about a
script, a homework file or the settings can point at a place in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pendulate.script.errors import ScriptProblem


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column (columns count characters, not bytes)."""

    line: int
    col: int


@dataclass(frozen=True)
class YScalar:
    value: object  # str, int, float, bool, None, date or datetime
    text: str  # the scalar as written, after quotes and escapes were processed
    pos: Pos


@dataclass(frozen=True)
class YSeq:
    items: tuple[YNode, ...]
    pos: Pos


@dataclass(frozen=True)
class YEntry:
    key: str  # keys are kept as written: `on:` stays "on", never becomes True
    key_pos: Pos
    value: YNode


class YMap:
    """A mapping in file order, with fast lookup by key."""

    __slots__ = ("entries", "pos", "_by_key")

    def __init__(self, entries: tuple[YEntry, ...], pos: Pos):
        self.entries = entries
        self.pos = pos
        self._by_key = {entry.key: entry for entry in entries}

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[YEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def keys(self) -> list[str]:
        return [entry.key for entry in self.entries]

    def entry(self, key: str) -> YEntry | None:
        return self._by_key.get(key)

    def __getitem__(self, key: str) -> YNode:
        """The value of a key known to be there (KeyError otherwise)."""
        return self._by_key[key].value

    def key_pos(self, key: str) -> Pos:
        """Where a key known to be there is written (KeyError otherwise)."""
        return self._by_key[key].key_pos

    def get(self, key: str) -> YNode | None:
        found = self._by_key.get(key)
        return found.value if found is not None else None


YNode = YScalar | YSeq | YMap


def describe(node: YNode) -> str:
    """A short, human description of what a node holds, for "expected …, found …" messages."""
    if isinstance(node, YMap):
        return "a group of keys"
    if isinstance(node, YSeq):
        return "a list" if node.items else "an empty list"
    value = node.value
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"yes/no value {node.text!r}"
    if isinstance(value, (int, float)):
        return f"the number {node.text}"
    shown = node.text if len(node.text) <= 40 else node.text[:37] + "..."
    return f"the text {shown!r}"


def problem(filename: str, pos: Pos, message: str, hint: str = "", severity: str = "error") -> ScriptProblem:
    return ScriptProblem(filename, pos.line, pos.col, message, hint, severity)
