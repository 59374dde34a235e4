"""A small, bounded YAML reader that keeps the line and column of every key and value.

Scripts and homework files are written by hand, so every complaint has to point at a place
in the file. ``yaml.safe_load`` throws positions away; here the SafeLoader's composer gives
nodes with marks, and we turn those nodes into small wrapper values ourselves.

Safety, before anything is built:
- the size is checked before parsing, and the bytes must be UTF-8;
- one pass over the parser's events bounds nesting depth (PyYAML's composer is recursive,
  so a deeply nested file would otherwise end in RecursionError) and works out how many
  values anchors and aliases would expand to, without expanding them (a "billion laughs"
  file fails at the alias that crosses the bound);
- only the standard scalar, list and mapping tags are accepted; duplicate keys are errors.

Every failure is a :class:`ScriptError` carrying located :class:`ScriptProblem` values.
"""

from __future__ import annotations

import stat
import sys
from dataclasses import replace
from pathlib import Path
from typing import Protocol

import yaml
from yaml.constructor import SafeConstructor

from pendulate.script.errors import ScriptError, ScriptProblem, unreadable
from pendulate.script.yamlerrors import from_yaml_error
from pendulate.script.yamlnodes import (
    UNREADABLE,
    Pos,
    YEntry,
    YMap,
    YNode,
    YScalar,
    YSeq,
    describe,
    is_unreadable,
    problem,
)

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32  # nested lists/mappings; a script needs about ten
MAX_ALIAS_NODES = 10_000  # values added by expanding aliases

_FLOAT_MAX = int(sys.float_info.max)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_SEQ_TAG = _TAG + "seq"
_MAP_TAG = _TAG + "map"


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file, refusing one larger than ``max_bytes`` before reading it all."""
    name = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block the open forever and a device never ends: only plain files.
            raise ScriptError(
                [
                    ScriptProblem(
                        name,
                        1,
                        1,
                        "this is not a plain file (a device, pipe or folder)",
                        "name a .yaml file saved on disk",
                    )
                ]
            )
        size = info.st_size
        if size > max_bytes:
            raise ScriptError([_too_big(name, size, max_bytes)])
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the size may change between stat and read
    except OSError as exc:
        raise ScriptError([unreadable(name, exc)]) from None
    if len(data) > max_bytes:
        raise ScriptError([_too_big(name, len(data), max_bytes)])
    return data


def _too_big(name: str, size: int, max_bytes: int) -> ScriptProblem:
    return ScriptProblem(
        name,
        1,
        1,
        f"the file is too large ({size} bytes; the limit is {max_bytes // 1024} KiB)",
        "a script is a short text file; split very long sessions into several scripts",
    )


def decode(data: bytes | str, filename: str) -> str:
    """UTF-8 text of ``data`` (a leading byte-order mark is dropped); located error otherwise."""
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise ScriptError(
            [
                ScriptProblem(
                    filename,
                    line,
                    col,
                    f"this byte (0x{data[exc.start]:02x}) is not valid UTF-8 text",
                    "save the file as UTF-8 (most editors offer this under 'Save with encoding')",
                )
            ]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def parse(
    data: bytes | str,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_alias_nodes: int = MAX_ALIAS_NODES,
    trusted: bool = False,
) -> YNode | None:
    """Parse one YAML document into positioned values; ``None`` for an empty document.

    Raises :class:`ScriptError` with every located problem for anything unsafe or malformed.
    ``trusted`` (the scripts bundled with pendulate) reads with libyaml when it is available,
    which is several times faster; should it object, the file is read again the usual way, so
    every message stays the one the pure-Python reader gives.
    """
    root, problems = read_document(
        data, filename, max_bytes=max_bytes, max_depth=max_depth, max_alias_nodes=max_alias_nodes, trusted=trusted
    )
    if problems:
        raise ScriptError(problems)
    return root


STOPPED = "; the rest of the file could not be read past this point, so nothing else in it was checked"


def _stopped(problem: ScriptProblem) -> ScriptProblem:
    """A problem after which nothing more of the file can be read, saying so."""
    return replace(problem, message=problem.message + STOPPED)


def read_document(
    data: bytes | str,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_alias_nodes: int = MAX_ALIAS_NODES,
    trusted: bool = False,
) -> tuple[YNode | None, list[ScriptProblem]]:
    """The document's positioned values and the problems met reading it.

    A problem inside a value that the reader can step over (a key written twice, an unsupported
    tag, a number too long) is reported and the value stands in as :data:`UNREADABLE` (or the
    second key is dropped), so the checks after reading still see the rest of the file. A
    problem the YAML grammar cannot get past (an unclosed quote, a tab, bad indentation) ends
    the reading: the root is None and the one problem says so.
    """
    size = len(data.encode("utf-8", errors="surrogatepass")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        return None, [_too_big(filename, size, max_bytes)]
    try:
        text = decode(data, filename)
        fast = _read_with_libyaml(text, filename, max_depth, max_alias_nodes) if trusted else None
        if fast is not None:
            (composed,) = fast
        else:
            _prescan(text, filename, max_depth, max_alias_nodes)
            composed = yaml.compose(text, Loader=yaml.SafeLoader)
    except ScriptError as exc:
        return None, [_stopped(p) for p in exc.problems]
    except yaml.YAMLError as exc:
        return None, [_stopped(from_yaml_error(exc, filename, text))]
    except RecursionError:
        # The pre-scan bounds depth, so this is a second line of defence only.
        return None, [ScriptProblem(filename, 1, 1, "the file is nested too deeply to read")]
    if composed is None:
        return None, []
    builder = _Builder(filename, max_alias_nodes)
    try:
        root = builder.build(composed, 0)
    except ScriptError as exc:  # the alias budget or the depth, counted again: nothing is kept
        return None, [_stopped(p) for p in exc.problems]
    return root, builder.problems


def _read_with_libyaml(
    text: str, filename: str, max_depth: int, max_alias_nodes: int
) -> tuple[yaml.Node | None] | None:
    """The document's root node read by libyaml (in a 1-tuple: an empty document's root is
    None), or None when libyaml is missing or objects; the caller then reads the text with the
    pure-Python reader, whose messages are the careful ones."""
    if FAST_LOADER is None:
        return None
    try:
        _prescan(text, filename, max_depth, max_alias_nodes, FAST_LOADER)
        return (yaml.compose(text, Loader=FAST_LOADER),)
    except (yaml.YAMLError, ScriptError, RecursionError):
        return None


def _prescan(text: str, filename: str, max_depth: int, max_alias_nodes: int, loader: type = yaml.SafeLoader) -> None:
    # Each open list/mapping is a frame [anchor, node count]; anchored sizes are remembered
    # so an alias adds its anchor's full size without anything being expanded.
    frames: list[list] = [[None, 0]]
    sizes: dict[str, int] = {}
    open_anchors: set[str] = set()
    expanded = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(frames) > max_depth:
                raise ScriptError(
                    [
                        problem(
                            filename,
                            _pos(event.start_mark),
                            f"lists and groups are nested more than {max_depth} deep",
                            "a script needs only a few levels; check the indentation",
                        ),
                    ]
                )
            frames.append([event.anchor, 1])
            if event.anchor:
                open_anchors.add(event.anchor)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, count = frames.pop()
            if anchor:
                sizes[anchor] = count
                open_anchors.discard(anchor)
            frames[-1][1] += count
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            frames[-1][1] += 1
        elif isinstance(event, yaml.AliasEvent):
            pos = _pos(event.start_mark)
            if event.anchor in open_anchors:
                raise ScriptError(
                    [problem(filename, pos, f"the alias *{event.anchor} refers to a list or group that contains it")]
                )
            size = sizes.get(event.anchor or "")  # an alias always names an anchor
            if size is None:
                raise ScriptError(
                    [problem(filename, pos, f"the alias *{event.anchor} has no matching &{event.anchor} above it")]
                )
            expanded += size
            if expanded > max_alias_nodes:
                raise ScriptError(
                    [
                        problem(
                            filename,
                            pos,
                            f"anchors and aliases here would expand to more than {max_alias_nodes} values",
                            "write the values out, or use fewer aliases",
                        ),
                    ]
                )
            frames[-1][1] += size


class _Mark(Protocol):
    """Where PyYAML saw something (its own ``Mark`` and libyaml's have these two)."""

    line: int  # 0-based
    column: int


def _pos(mark: _Mark | None) -> Pos:
    # The parser marks every event and node; the file's start stands in should one lack it.
    return Pos(1, 1) if mark is None else Pos(mark.line + 1, mark.column + 1)


class _Builder:
    """Turns composed nodes into YScalar/YSeq/YMap, expanding aliases within the bound.

    A value it refuses is reported in :attr:`problems` and stands in as :data:`UNREADABLE`;
    only the alias budget and the depth (both already bounded by the pre-scan) end the build.
    """

    def __init__(self, filename: str, max_alias_nodes: int):
        self.filename = filename
        self.constructor = SafeConstructor()
        self.budget = max_alias_nodes  # the pre-scan counted this already; recounted defensively
        self.seen: set[int] = set()
        self.problems: list[ScriptProblem] = []

    def fail(self, node: yaml.Node, message: str, hint: str = "") -> ScriptError:
        return ScriptError([problem(self.filename, _pos(node.start_mark), message, hint)])

    def note(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.problems.append(problem(self.filename, _pos(node.start_mark), message, hint))

    def refused(self, node: yaml.Node, message: str, hint: str = "") -> YScalar:
        """Report ``node`` and stand in for it, so reading goes on."""
        self.note(node, message, hint)
        return self.refused_quietly(node)

    def build(self, node: yaml.Node, depth: int) -> YNode:
        if id(node) in self.seen:  # reached again through an alias
            self.budget -= 1
            if self.budget < 0:
                raise self.fail(node, "anchors and aliases here expand to too many values")
        self.seen.add(id(node))
        if depth > MAX_DEPTH * 2:
            raise self.fail(node, "the file is nested too deeply to read")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                return self.unsupported_tag(node)
            return YSeq(tuple(self.build(item, depth + 1) for item in node.value), _pos(node.start_mark))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        return self.refused(node, "this kind of YAML value is not supported")

    def unsupported_tag(self, node: yaml.Node) -> YScalar:
        self.tag_problem(node)
        return self.refused_quietly(node)

    def tag_problem(self, node: yaml.Node) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.note(
            node,
            f"the tag {tag} is not supported",
            "remove the tag; plain text, numbers, lists and keys are enough (text that starts with '!' goes in quotes)",
        )

    def refused_quietly(self, node: yaml.Node) -> YScalar:
        text = node.value if isinstance(node, yaml.ScalarNode) else ""
        return YScalar(UNREADABLE, text, _pos(node.start_mark))

    def scalar(self, node: yaml.ScalarNode) -> YScalar:
        pos = _pos(node.start_mark)
        if node.tag not in _SCALAR_TAGS:
            return self.unsupported_tag(node)
        try:
            value = self.constructor.yaml_constructors[node.tag](self.constructor, node)
        except ValueError as exc:
            if node.tag == _TAG + "timestamp":
                value = node.value  # looks like a date but is not one: keep the text
            elif node.tag == _TAG + "int":
                return self.refused(node, "this number is too long to read")
            else:
                return self.refused(node, f"this value cannot be read: {exc}")
        if type(value) is int and not -_FLOAT_MAX <= value <= _FLOAT_MAX:
            # Python reads any number of digits, but every number in these files is used as a
            # float (seconds, ratings, counts): past ~309 digits that conversion would fail.
            return self.refused(
                node, "this number is too large to use", "numbers here are seconds, counts or 0-10 ratings"
            )
        return YScalar(value, node.value, pos)

    def mapping(self, node: yaml.MappingNode, depth: int) -> YNode:
        if node.tag != _MAP_TAG:
            return self.unsupported_tag(node)
        entries: list[YEntry] = []
        first_seen: dict[str, Pos] = {}
        refused = False
        for key_node, value_node in node.value:
            # A key that can't be used is reported and left out; its neighbours are still read.
            if key_node.tag == _TAG + "merge":
                self.note(key_node, "merge keys (<<) are not supported", "write the keys out in full")
                refused = True
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.note(key_node, "a key is a plain name, not a list or group")
                refused = True
                continue
            if key_node.tag not in _SCALAR_TAGS:
                self.tag_problem(key_node)
                refused = True
                continue
            key, key_pos = key_node.value, _pos(key_node.start_mark)
            if key in first_seen:
                first = first_seen[key]
                self.note(
                    key_node,
                    f"the key '{key}' appears twice in the same group (first on line {first.line})",
                    "keep one of them (the first one is the one checked)",
                )
                continue
            first_seen[key] = key_pos
            entries.append(YEntry(key, key_pos, self.build(value_node, depth + 1)))
        return YMap(tuple(entries), _pos(node.start_mark), incomplete=refused)


def parse_mapping(
    data: bytes | str, filename: str, what: str, start_hint: str, *, trusted: bool = False
) -> tuple[YMap | None, list[ScriptProblem]]:
    """A document that is one group of ``key: value`` lines (a script, a homework file).

    ``what`` names it in messages ("script"); ``start_hint`` says how such a file begins.
    Returns the mapping (None when there is none to check) and the problems met reading it:
    with a mapping, these are values the reader refused and stepped over, and the caller goes
    on checking the rest.
    """
    root, problems = read_document(data, filename, trusted=trusted)
    if root is None:
        if problems:
            return None, problems
        return None, [ScriptProblem(filename, 1, 1, f"the {what} is empty", start_hint)]
    if not isinstance(root, YMap):
        if is_unreadable(root):  # already reported (a tag on the whole document)
            return None, problems
        message = f"a {what} is a group of 'key: value' lines, found {describe(root)}"
        return None, [*problems, problem(filename, root.pos, message, start_hint)]
    return root, problems
