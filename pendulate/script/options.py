"""A phase's options and its check-in, converted from positioned YAML values.

Bilateral taps, the breath pacer, a check-in and its scales, with the rules between scales that
belong together (``wave`` with ``urge``; see docs/script-format.md, "Check-ins"). Each function
takes the :class:`~pendulate.script.convert.Converter` reading the file, which records problems.
"""

from __future__ import annotations

from typing import Protocol, cast

from pendulate.script import fields as script_fields
from pendulate.script.converted import CheckinValues
from pendulate.script.errors import INVALID, Invalid, suggest
from pendulate.script.fields import Field
from pendulate.script.model import DEFAULT_SCALES, SCALES, CheckinSpec
from pendulate.script.yamlnodes import Pos, YMap, YNode, YScalar, YSeq, describe, is_unreadable


class Conv(Protocol):
    """What these converters use of the converter reading the file."""

    def error(self, pos: Pos, message: str, hint: str = "") -> Invalid: ...

    def check_keys(self, node: YMap, specs: tuple[Field, ...], where: str) -> None: ...

    def values(self, node: YMap, specs: tuple[Field, ...]) -> dict[str, object]: ...

    def convert(self, spec: Field, node: YNode) -> object: ...


def bilateral(conv: Conv, spec: Field, node: YNode) -> int | None | Invalid:
    if isinstance(node, YScalar) and isinstance(node.value, bool):
        return script_fields.DEFAULT_TEMPO if node.value else None
    if isinstance(node, YMap):
        conv.check_keys(node, script_fields.BILATERAL_FIELDS, "bilateral taps")
        tempo = node.get("tempo")
        if tempo is None:
            return script_fields.DEFAULT_TEMPO
        value = conv.convert(script_fields.BILATERAL_FIELDS[0], tempo)
        return INVALID if value is INVALID else int(cast(int, value))
    return conv.error(
        node.pos,
        f"'bilateral' expects true, false or {{tempo: N}}, found {describe(node)}",
        f"for example 'bilateral: {{tempo: {script_fields.DEFAULT_TEMPO}}}' "
        f"(taps a minute, {script_fields.MIN_TEMPO} to {script_fields.MAX_TEMPO})",
    )


def breath(conv: Conv, spec: Field, node: YNode) -> tuple[float, float] | Invalid:
    default = f"{{in: {script_fields.DEFAULT_BREATH_IN:g}, out: {script_fields.DEFAULT_BREATH_OUT:g}}}"
    example = (
        f"for example 'breath: {default}' "
        f"(seconds: in {script_fields.MIN_BREATH_IN:g} to {script_fields.MAX_BREATH_IN:g}, "
        f"out {script_fields.MIN_BREATH_OUT:g} to {script_fields.MAX_BREATH_OUT:g})"
    )
    if not isinstance(node, YMap):
        return conv.error(node.pos, f"'breath' expects {{in: N, out: N}}, found {describe(node)}", example)
    if "hold" in node:
        conv.error(
            node.key_pos("hold"),
            "the breath pacer has no hold: paced breathing flows from the in-breath to the out-breath",
            "remove 'hold:'; a longer out-breath is what slows things down",
        )
    known = script_fields.names(script_fields.BREATH_FIELDS)
    for entry in node:
        if entry.key not in known and entry.key != "hold":
            conv.error(entry.key_pos, f"unknown key '{entry.key}' in the breath pacer", suggest(entry.key, known))
    got = conv.values(node, script_fields.BREATH_FIELDS)
    bad = any(key in node and key not in got for key in ("in", "out"))
    if bad or "hold" in node:
        return INVALID
    breath_in = float(cast(float, got.get("in", script_fields.DEFAULT_BREATH_IN)))
    breath_out = float(cast(float, got.get("out", script_fields.DEFAULT_BREATH_OUT)))
    if breath_out < breath_in:
        where = node.get("out") or node
        return conv.error(
            where.pos,
            f"the out-breath ({breath_out:g} s) is shorter than the in-breath ({breath_in:g} s)",
            f"make 'out' {breath_in:g} or more: in paced breathing the out-breath is the longer one, "
            "for example in 4, out 6",
        )
    return (breath_in, breath_out)


def scales(conv: Conv, spec: Field, node: YNode) -> tuple[str, ...] | Invalid:
    items: list[YNode] | None = [node] if isinstance(node, YScalar) and isinstance(node.value, str) else None
    if isinstance(node, YSeq):
        items = list(node.items)
    if not items:
        return conv.error(
            node.pos,
            f"'{spec.name}' expects a list of scales, found {describe(node)}",
            "the scales are: " + ", ".join(SCALES),
        )
    names: list[str] = []
    for item in items:
        if is_unreadable(item):
            return INVALID
        name = item.text if isinstance(item, YScalar) and isinstance(item.value, str) else None
        if name not in SCALES:
            return conv.error(
                item.pos,
                f"unknown check-in scale {name or describe(item)!r}"[:120],
                suggest(name or "", SCALES, "the scales are"),
            )
        if name in names:
            return conv.error(item.pos, f"the scale '{name}' is listed twice")
        names.append(name)
    return _scale_rules(conv, items, names)


def _scale_rules(conv: Conv, items: list[YNode], names: list[str]) -> tuple[str, ...] | Invalid:
    """Scales that only make sense together (docs/script-format.md, "Check-ins")."""
    pos = {name: item.pos for name, item in zip(names, items, strict=True)}
    if "wave" in pos and "urge" not in pos:
        return conv.error(
            pos["wave"],
            "'wave' asks whether the urge is rising, steady or easing, but this check-in does not ask 'urge'",
            "ask them together: scales: [urge, wave]",
        )
    if "urge" in pos and "diary" in pos:
        return conv.error(
            pos["diary"],
            "'diary' asks the urge too, so this check-in would ask it twice",
            "keep 'urge' (with 'wave') inside urge surfing, and 'diary' for the day as a whole",
        )
    return tuple(names)


def checkin(conv: Conv, spec: Field, node: YNode) -> CheckinSpec | None | Invalid:
    if isinstance(node, YScalar) and isinstance(node.value, bool):
        return CheckinSpec(DEFAULT_SCALES) if node.value else None
    if isinstance(node, YMap):
        conv.check_keys(node, script_fields.CHECKIN_FIELDS, "a check-in")
        got = cast(CheckinValues, conv.values(node, script_fields.CHECKIN_FIELDS))
        return CheckinSpec(got.get("scales", DEFAULT_SCALES), got.get("title", ""))
    asked = scales(conv, spec, node)
    return INVALID if asked is INVALID else CheckinSpec(asked)
