"""Building the ``phases:`` list: phases, repeat blocks and stand-alone check-ins.

An item that can't be built (an unknown kind, a duration that can't be read) is reported and
kept as a *stand-in*: a phase of the kind written, when that much could be read, lasting
nothing. The whole-script checks (:mod:`pendulate.script.lint`) then run over the list as
written, so a missing closing orient is said in the same pass as a misspelt key, while the
stand-ins themselves never start a complaint of their own. A script with a stand-in is never
loaded: its problems are errors.
"""

from __future__ import annotations

from typing import cast

from pendulate.script import fields as script_fields
from pendulate.script.convert import INVALID, Converter
from pendulate.script.converted import PhaseValues
from pendulate.script.durations import format_seconds
from pendulate.script.model import PHASE_KINDS, RESOURCE_KINDS, CheckinItem, CheckinSpec, Item, Phase, Prompt, Repeat
from pendulate.script.yamlnodes import YMap, YNode, YSeq, describe

UNKNOWN_KIND = ""  # the kind of a stand-in whose kind could not be read
_ITEM_HINT = "each item starts with '- kind: …' (a phase), '- repeat: N' (a repeat block) or '- checkin: …'"


def build_items(conv: Converter, node: YNode, *, nesting: int = 0) -> tuple[Item, ...]:
    """The items of a ``phases:`` list; problems go to ``conv``."""
    if not isinstance(node, YSeq) or not node.items:
        conv.error(node.pos, f"'phases' expects a list of phases, found {describe(node)}", _ITEM_HINT)
        return ()
    items: list[Item] = []
    for item_node in node.items:
        group = conv.group(item_node, "a phase, a repeat block or a check-in")
        item: Item | None
        if group is None:
            item = stand_in(conv, item_node)
        elif "repeat" in group:
            item = _repeat(conv, group, nesting)
        elif "kind" in group:
            item = _phase(conv, group, in_repeat=nesting > 0)
        elif group.keys() == ["checkin"]:
            item = _checkin_item(conv, group)
        else:
            # Most likely a misspelt 'kind': the unknown-key check names it.
            conv.check_keys(group, script_fields.PHASE_FIELDS, "a phase")
            item = stand_in(conv, group)
        if item is not None:
            conv.where[id(item)] = (group or item_node).pos
            items.append(item)
    return tuple(items)


def stand_in(conv: Converter, node: YNode, kind: str = UNKNOWN_KIND) -> Phase:
    """A phase standing in for one that could not be built (its problems are recorded)."""
    phase = Phase(kind=kind, title="", duration=0.0, line=node.pos.line)
    conv.stand_ins.add(id(phase))
    return phase


def _checkin_item(conv: Converter, group: YMap) -> CheckinItem | None:
    spec = conv.convert(script_fields.CHECKIN_ITEM_FIELDS[0], group["checkin"])
    if not isinstance(spec, CheckinSpec):
        return None  # invalid, or `checkin: false` on its own, which asks nothing
    return CheckinItem(spec, line=group.pos.line)


def _repeat(conv: Converter, group: YMap, nesting: int) -> Repeat | Phase:
    conv.check_keys(group, script_fields.REPEAT_FIELDS, "a repeat block")
    if nesting >= script_fields.MAX_REPEAT_NESTING:
        conv.error(
            group.pos,
            f"repeat blocks are nested more than {script_fields.MAX_REPEAT_NESTING} deep",
            "flatten the inner blocks into one list of phases",
        )
        return stand_in(conv, group)
    times = conv.convert(script_fields.REPEAT_FIELDS[0], group["repeat"])
    inner = group.get("phases")
    items = build_items(conv, inner, nesting=nesting + 1) if inner is not None else ()
    # A count that isn't a whole number, or phases that can't be read, are recorded; the block
    # stands in as what could be read, once, so the checks after it count no more than is there.
    repeat = Repeat(times if isinstance(times, int) else 1, items or (stand_in(conv, group),), line=group.pos.line)
    if not isinstance(times, int):
        conv.stand_ins.add(id(repeat))  # its count is a guess: the limits read it as a lower bound
    return repeat


def _phase(conv: Converter, group: YMap, *, in_repeat: bool) -> Phase:
    conv.check_keys(group, script_fields.PHASE_FIELDS, "a phase")
    got = cast(PhaseValues, conv.values(group, script_fields.PHASE_FIELDS))
    kind, duration = got.get("kind"), got.get("duration", INVALID)
    if kind is None:
        return stand_in(conv, group)
    if duration is INVALID:
        return stand_in(conv, group, kind)
    duration_pos = group["duration"].pos
    if duration is None:
        if kind not in RESOURCE_KINDS:
            settling = ", ".join(k for k in PHASE_KINDS if k in RESOURCE_KINDS)
            conv.error(
                duration_pos,
                f"{_article(kind)} {kind} phase cannot be open-ended",
                f"only settling kinds can be 'open': {settling}",
            )
            return stand_in(conv, group, kind)
        if in_repeat:
            conv.error(
                duration_pos,
                "a phase inside a repeat block cannot be open-ended",
                "give it a length; 'open' suits the closing resource phase",
            )
            return stand_in(conv, group, kind)
    if "prompt" in group and "prompts" in group:
        conv.error(
            group.key_pos("prompts"),
            "a phase has either 'prompt' or 'prompts', not both",
            "move the single prompt into the list as {at: 0, text: ...}",
        )
        return stand_in(conv, group, kind)
    prompts = _prompts(conv, got, duration)
    if prompts is None:
        return stand_in(conv, group, kind)
    if "bilateral" in group and kind != "bilateral":
        conv.error(
            group.key_pos("bilateral"),
            f"'bilateral' taps belong to a bilateral phase; this is {_article(kind)} {kind} phase",
            "remove 'bilateral:' here, or make the phase 'kind: bilateral'",
        )
    if "breath" in group and kind not in RESOURCE_KINDS:
        conv.error(
            group.key_pos("breath"),
            f"a breath pacer belongs to a settling phase; this is {_article(kind)} {kind} phase",
            "remove 'breath:' here, or put it on a resource, return, ground, contain or other settling phase",
        )
    checkin = got.get("checkin")
    if checkin is not None and "resource" in checkin.scales and kind not in RESOURCE_KINDS:
        conv.warn(
            group["checkin"].pos,
            f"this check-in asks the person to name their resource after {_article(kind)} {kind} phase",
            "ask 'resource' after the resource phase itself, while it is fresh",
        )
    voice = got.get("voice")
    if voice is not None:
        _warn_if_longer(conv, group, voice, duration)
    phase = Phase(
        kind=kind,
        title=got.get("title") or script_fields.DEFAULT_TITLES[kind],
        duration=duration,
        prompts=prompts,
        cue=got.get("cue"),
        checkin=checkin,
        interval=got.get("interval"),
        line=group.pos.line,
        voice=voice,
        tempo=got.get("bilateral") if kind == "bilateral" else None,
        breath=got.get("breath") if kind in RESOURCE_KINDS else None,
    )
    conv.duration_pos[id(phase)] = duration_pos
    return phase


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _warn_if_longer(conv: Converter, group: YMap, voice: str, duration: float | None) -> None:
    """A recording that outlasts its phase is cut off when the phase ends: worth a warning."""
    seconds = conv.sound_seconds.get(voice)
    if duration is None or seconds is None or seconds < duration + 0.5:  # said in whole seconds
        return
    conv.warn(
        group["voice"].pos,
        f"the recording lasts {format_seconds(round(seconds), words=True)}, longer than the phase "
        f"({format_seconds(duration, words=True)}); it stops when the phase ends",
        "trim the recording, or give the phase a longer duration",
    )


def _prompts(conv: Converter, got: PhaseValues, duration: float | None) -> tuple[Prompt, ...] | None:
    if "prompt" in got:
        return (Prompt(0.0, got["prompt"]),)
    prompts = got.get("prompts", ())
    ok = True
    seen: dict[float, Prompt] = {}
    for prompt in prompts:
        pos = conv.where[id(prompt)]
        if duration is not None and prompt.at >= duration:
            conv.error(
                pos,
                f"this prompt comes at {format_seconds(prompt.at, words=True)}, "
                f"but the phase lasts only {format_seconds(duration, words=True)}",
                "a prompt's 'at' needs to be less than the phase's duration",
            )
            ok = False
        elif prompt.at in seen:
            conv.error(
                pos,
                f"another prompt is already at {format_seconds(prompt.at, words=True)} "
                f"(line {conv.where[id(seen[prompt.at])].line})",
                "give each prompt its own time",
            )
            ok = False
        seen[prompt.at] = prompt
    return tuple(sorted(prompts, key=lambda p: p.at)) if ok else None
