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


class Unreadable:
    """The type of :data:`UNREADABLE`."""

    def __repr__(self) -> str:
        return "UNREADABLE"


# The value of a scalar the reader refused (an unsupported tag, a number too long to read). Its
# problem is already reported; whoever converts it says nothing more, so one mistake is one
# message and the rest of the file is still checked.
UNREADABLE = Unreadable()


@dataclass(frozen=True)
class YScalar:
    value: object  # str, int, float, bool, None, date or datetime; UNREADABLE when refused
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

    __slots__ = ("entries", "pos", "incomplete", "_by_key")

    def __init__(self, entries: tuple[YEntry, ...], pos: Pos, *, incomplete: bool = False):
        self.entries = entries
        self.pos = pos
        # A key the reader refused (a merge key, a list as a key) was left out: what is
        # missing here can't be told, so nobody says a key is missing.
        self.incomplete = incomplete
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


def is_unreadable(node: YNode) -> bool:
    """Whether ``node`` stands in for a value the reader refused (and already reported)."""
    return isinstance(node, YScalar) and node.value is UNREADABLE


def describe(node: YNode) -> str:
    """A short, human description of what a node holds, for "expected …, found …" messages."""
    if isinstance(node, YMap):
        return "a group of keys"
    if isinstance(node, YSeq):
        return "a list" if node.items else "an empty list"
    value = node.value
    if value is UNREADABLE:
        return "a value that could not be read"
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
