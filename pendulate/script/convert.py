"""Turning positioned YAML values into the script model, one field spec at a time.

Conversion keeps going after a problem so a therapist sees every mistake at once; a bad
value is replaced by its default and the problem is recorded with its line and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import cast

from pendulate.script import fields as script_fields
from pendulate.script import options
from pendulate.script.converted import AudioValues, ParamValues, PromptValues
from pendulate.script.durations import DurationError, parse_duration
from pendulate.script.errors import INVALID, MAX_SHOWN, Invalid, ScriptProblem, suggest
from pendulate.script.fields import Field
from pendulate.script.model import (
    CUE_NAMES,
    FORMAT_VERSION,
    PHASE_KINDS,
    AudioSettings,
    CheckinSpec,
    Params,
    Prompt,
)
from pendulate.script.sounds import NOT_READ, SOUND_SUFFIXES, SoundProblem, Use, find_sound
from pendulate.script.text import clean_block, clean_line, short
from pendulate.script.yamlnodes import Pos, YMap, YNode, YScalar, YSeq, describe, is_unreadable


class Converter:
    """Collects problems while building model objects from one parsed file."""

    def __init__(self, filename: str, base_dir: Path | None):
        self.filename = filename
        self.base_dir = base_dir
        self.problems: list[ScriptProblem] = []
        # id(model object) -> where it was written; the lint uses it to locate findings.
        self.where: dict[int, Pos] = {}
        self.duration_pos: dict[int, Pos] = {}
        # id(phase) of the phases standing in for items that could not be built (see
        # pendulate.script.phases.stand_in): the whole-script checks never start from them.
        self.stand_ins: set[int] = set()
        # resolved path of each sound file checked -> how long it lasts, in seconds
        self.sound_seconds: dict[str, float] = {}

    def error(self, pos: Pos, message: str, hint: str = "") -> Invalid:
        self.problems.append(ScriptProblem(self.filename, pos.line, pos.col, message, hint))
        return INVALID

    def warn(self, pos: Pos, message: str, hint: str = "") -> None:
        """A finding that does not stop the file from loading."""
        self.problems.append(ScriptProblem(self.filename, pos.line, pos.col, message, hint, "warning"))

    # ---- groups of keys -------------------------------------------------------------
    def check_keys(self, node: YMap, specs: tuple[Field, ...], where: str) -> None:
        """Report unknown keys (with a suggestion) and missing required ones."""
        valid = script_fields.names(specs)
        for entry in node:
            if entry.key not in valid:
                # Past the problems that will be shown only the count matters: a file of
                # thousands of unknown keys is not compared with every valid one.
                hint = suggest(entry.key, valid) if len(self.problems) < MAX_SHOWN else ""
                self.error(entry.key_pos, f"unknown key '{entry.key}' in {where}", hint)
        for spec in specs:
            if spec.required and spec.name not in node and not node.incomplete:
                self.error(node.pos, f"{where} is missing '{spec.name}'", spec.doc)

    def values(self, node: YMap, specs: tuple[Field, ...]) -> dict[str, object]:
        """Converted values for the keys present and valid; absent or bad keys are left out."""
        out: dict[str, object] = {}
        for spec in specs:
            value_node = node.get(spec.name)
            if value_node is None:
                continue
            value = self.convert(spec, value_node)
            if value is not INVALID:
                out[spec.name] = value
        return out

    def group(self, node: YNode, what: str) -> YMap | None:
        if isinstance(node, YMap):
            return node
        if is_unreadable(node):  # the reader said why already
            return None
        self.error(node.pos, f"expected {what} (indented 'key: value' lines), found {describe(node)}")
        return None

    # ---- single values --------------------------------------------------------------
    def convert(self, spec: Field, node: YNode) -> object:
        if is_unreadable(node):  # the reader said why already: one mistake, one message
            return INVALID
        return getattr(self, "_" + spec.type)(spec, node)

    def _scalar(self, spec: Field, node: YNode, expected: str) -> YScalar | None:
        if isinstance(node, YScalar) and node.value is not None and not is_unreadable(node):
            return node
        if is_unreadable(node):
            return None
        self.error(node.pos, f"'{spec.name}' expects {expected}, found {describe(node)}")
        return None

    def _format(self, spec: Field, node: YNode) -> int | Invalid:
        if isinstance(node, YScalar) and node.value == FORMAT_VERSION and not isinstance(node.value, bool):
            return FORMAT_VERSION
        return self.error(
            node.pos,
            f"unknown format {node.text if isinstance(node, YScalar) else describe(node)}",
            f"this version of pendulate reads format {FORMAT_VERSION}",
        )

    def _id(self, spec: Field, node: YNode) -> str | Invalid:
        scalar = self._scalar(spec, node, "a short name")
        if scalar is None:
            return INVALID
        if len(scalar.text) > (spec.max_length or 0) or not re.fullmatch(script_fields.ID_PATTERN, scalar.text):
            return self.error(
                node.pos,
                f"'{scalar.text[:80]}' is not a valid id",
                f"use lowercase letters, digits and single hyphens, at most {spec.max_length} "
                "characters, for example body-pendulation",
            )
        return scalar.text

    def _text(self, spec: Field, node: YNode, clean: Callable[[str], str]) -> str | Invalid:
        if isinstance(node, YScalar) and node.value is None and not spec.required:
            return INVALID  # an empty value means "use the default"
        scalar = self._scalar(spec, node, "text")
        if scalar is None:
            return INVALID
        text = clean(scalar.text)
        if spec.max_length is not None and len(text) > spec.max_length:
            return self.error(
                node.pos,
                f"'{spec.name}' is too long ({len(text)} characters; the limit is {spec.max_length})",
                "shorten it, or split a long prompt into several prompts at different times",
            )
        if not text and spec.required:
            return self.error(node.pos, f"'{spec.name}' is empty")
        return text

    def _line(self, spec: Field, node: YNode) -> str | Invalid:
        return self._text(spec, node, clean_line)

    def _block(self, spec: Field, node: YNode) -> str | Invalid:
        return self._text(spec, node, clean_block)

    def _version(self, spec: Field, node: YNode) -> str | Invalid:
        scalar = self._scalar(spec, node, 'a version label such as "1.0"')
        return clean_line(scalar.text)[:40] if scalar is not None else INVALID

    def _bool(self, spec: Field, node: YNode) -> bool | Invalid:
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        return self.error(node.pos, f"'{spec.name}' expects true or false, found {describe(node)}")

    def _number(self, spec: Field, node: YNode, whole: bool = False) -> int | float | Invalid:
        expected = "a whole number" if whole else "a number"
        value = node.value if isinstance(node, YScalar) else None
        if (
            not isinstance(node, YScalar)
            or isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            return self.error(node.pos, f"'{spec.name}' expects {expected}, found {describe(node)}")
        if whole and not float(value).is_integer():
            return self.error(node.pos, f"'{spec.name}' expects a whole number, found {node.text}")
        if (spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum):
            return self.error(
                node.pos, f"'{spec.name}' goes from {spec.minimum:g} to {spec.maximum:g}, found {node.text}", spec.doc
            )
        return int(value) if whole else float(value)

    def _int(self, spec: Field, node: YNode) -> int | float | Invalid:
        return self._number(spec, node, whole=True)

    def _duration_value(self, node: YNode, *, allow_open: bool, minimum: float = 1.0) -> float | None | Invalid:
        value = node.value if isinstance(node, YScalar) else node
        try:
            return parse_duration(value, allow_open=allow_open, minimum=minimum)
        except DurationError as exc:
            return self.error(node.pos, exc.message, exc.hint)

    def _duration_or_open(self, spec: Field, node: YNode) -> float | None | Invalid:
        return self._duration_value(node, allow_open=True)

    def _offset(self, spec: Field, node: YNode) -> float | None | Invalid:
        return self._duration_value(node, allow_open=False, minimum=0.0)

    def _interval(self, spec: Field, node: YNode) -> float | None | Invalid:
        # `off` and `no` are booleans in YAML; all of these mean "no ticks".
        if isinstance(node, YScalar) and (node.value is False or node.value is None or node.text.lower() == "off"):
            return None
        return self._duration_value(node, allow_open=False)

    def _kind(self, spec: Field, node: YNode) -> str | Invalid:
        scalar = self._scalar(spec, node, "a phase kind")
        if scalar is None:
            return INVALID
        if scalar.text in PHASE_KINDS:
            return scalar.text
        hint = suggest(scalar.text, PHASE_KINDS, "the kinds are")
        if scalar.text in ("checkin", "check-in", "check_in"):
            hint = (
                "a check-in is written as its own item, '- checkin: [suds, settling]', or as 'checkin:' inside a phase"
            )
        return self.error(node.pos, f"unknown phase kind '{scalar.text}'", hint)

    def _cue(self, spec: Field, node: YNode) -> str | Invalid:
        scalar = self._scalar(spec, node, script_fields.CUE_HELP)
        return self.cue_ref(scalar.text, node.pos) if scalar is not None else INVALID

    def cue_ref(self, ref: str, pos: Pos) -> str | Invalid:
        """A bundled cue name as is, or the resolved absolute path of a sound file beside the script."""
        if ref in CUE_NAMES:
            return ref
        if not ref.lower().endswith(SOUND_SUFFIXES):
            return self.error(
                pos,
                f"unknown cue '{ref}'",
                suggest(ref, CUE_NAMES, "the bundled cues are")
                + f"; or name a sound file ({script_fields.SOUND_FORMATS}) in the script's folder",
            )
        return self.sound_ref(ref, pos, "cue")

    def _voice(self, spec: Field, node: YNode) -> str | Invalid:
        scalar = self._scalar(spec, node, "the name of a recording in the script's folder, such as prompts/ground.m4a")
        if scalar is None:
            return INVALID
        if not scalar.text.lower().endswith(SOUND_SUFFIXES):
            return self.error(
                node.pos,
                f"the recording '{short(scalar.text)}' is not a sound file pendulate reads",
                f"name a {script_fields.SOUND_FORMATS} file in the script's folder, for example prompts/ground.m4a",
            )
        return self.sound_ref(scalar.text, node.pos, "recording")

    def sound_ref(self, ref: str, pos: Pos, use: Use) -> str | Invalid:
        """The resolved absolute path of a sound file in the script's own folder, checked for ``use``."""
        try:
            path, info = find_sound(self.base_dir, ref, use)
        except SoundProblem as problem:
            return self.error(pos, problem.why, problem.hint)
        if info is not NOT_READ:
            self.sound_seconds[str(path)] = info.seconds
        return str(path)

    # Phase options and check-ins: pendulate.script.options holds them.
    def _bilateral(self, spec: Field, node: YNode) -> int | None | Invalid:
        return options.bilateral(self, spec, node)

    def _breath(self, spec: Field, node: YNode) -> tuple[float, float] | Invalid:
        return options.breath(self, spec, node)

    def _scales(self, spec: Field, node: YNode) -> tuple[str, ...] | Invalid:
        return options.scales(self, spec, node)

    def _checkin(self, spec: Field, node: YNode) -> CheckinSpec | None | Invalid:
        return options.checkin(self, spec, node)

    def _cue_map(self, spec: Field, node: YNode) -> dict[str, str] | Invalid:
        group = self.group(node, "cues per phase kind")
        if group is None:
            return INVALID
        cues: dict[str, str] = {}
        for entry in group:
            if entry.key not in PHASE_KINDS:
                self.error(
                    entry.key_pos,
                    f"unknown phase kind '{entry.key}' in cues",
                    suggest(entry.key, PHASE_KINDS, "the kinds are"),
                )
                continue
            cue = self._cue(Field(entry.key, "cue", ""), entry.value)
            if cue is not INVALID:
                cues[entry.key] = cue
        return cues

    def _params(self, spec: Field, node: YNode) -> Params | Invalid:
        group = self.group(node, "titration settings")
        if group is None:
            return INVALID
        self.check_keys(group, script_fields.PARAM_FIELDS, "params")
        got = cast(ParamValues, self.values(group, script_fields.PARAM_FIELDS))
        params = Params(**got)
        if params.touch_min > params.touch_max:
            where = group.get("touch_min") or group
            return self.error(
                where.pos,
                f"touch_min ({params.touch_min}) is larger than touch_max ({params.touch_max})",
                "touch_min is the shortest touch and touch_max the longest: swap them, or correct one",
            )
        self.check_quiet_peak(params, group)
        return params

    def check_quiet_peak(self, params: Params, group: YMap) -> None:
        """Warn when R4 could count a session as settled although a touch went over the threshold."""
        conflict = script_fields.quiet_peak_conflict(params)
        if conflict is not None:
            where = group.get("quiet_peak") or group.get("threshold") or group
            self.warn(where.pos, *conflict)

    def _audio(self, spec: Field, node: YNode) -> AudioSettings | Invalid:
        group = self.group(node, "sound settings")
        if group is None:
            return INVALID
        self.check_keys(group, script_fields.AUDIO_FIELDS, "audio")
        return AudioSettings(**cast(AudioValues, self.values(group, script_fields.AUDIO_FIELDS)))

    def _prompts(self, spec: Field, node: YNode) -> tuple[Prompt, ...] | Invalid:
        if not isinstance(node, YSeq) or not node.items:
            return self.error(
                node.pos,
                f"'prompts' expects a list of {{at, text}} items, found {describe(node)}",
                'for example:  - {at: 0, text: "..."}',
            )
        prompts: list[Prompt] = []
        for item in node.items:
            group = self.group(item, "a prompt with 'at' and 'text'")
            if group is None:
                continue
            self.check_keys(group, script_fields.PROMPT_FIELDS, "a prompt")
            got = cast(PromptValues, self.values(group, script_fields.PROMPT_FIELDS))
            if "text" in got:
                prompt = Prompt(float(got.get("at", 0.0)), got["text"])
                self.where[id(prompt)] = (group.get("at") or group).pos
                prompts.append(prompt)
        return tuple(prompts)
