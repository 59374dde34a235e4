"""Homework file → validated :class:`Homework`, with located problems like the script loader.

The positioned YAML reader and the script converter are reused as they are; only the keys
that exist in homework files (therapist, assigned, schedule, dates, script references) have
converters here. Every problem reads ``FILE:LINE:COL: message`` with a hint.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import cast

from pendulate import paths
from pendulate.homework import fields as homework_fields
from pendulate.homework.converted import (
    AssignedValues,
    HomeworkValues,
    Overrides,
    ScheduleValues,
    ScriptRef,
    TherapistValues,
)
from pendulate.homework.model import AssignedScript, Homework, Schedule, Therapist
from pendulate.homework.track import TrackConverter
from pendulate.script.convert import INVALID, Invalid, suggest
from pendulate.script.converted import ParamValues
from pendulate.script.errors import ScriptError, ScriptProblem
from pendulate.script.fields import Field, quiet_peak_conflict
from pendulate.script.library import SCRIPT_SUFFIXES, builtin_scripts
from pendulate.script.model import Params
from pendulate.script.text import short
from pendulate.script.yamlnodes import Pos, YMap, YNode, YScalar, YSeq, describe
from pendulate.script.yamlread import parse_mapping, read_bytes


class HomeworkConverter(TrackConverter):
    """The script converter plus the value types only homework files have (``track:`` in its own module)."""

    def _date(self, spec: Field, node: YNode) -> date | Invalid:
        value = node.value if isinstance(node, YScalar) else None
        if isinstance(value, datetime):
            return self.error(
                node.pos,
                f"'{spec.name}' expects a day, found a date with a time",
                "write only the day, for example 2025-03-01",
            )
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                value = None  # not a day: said below, with the forms that work
        return self.error(
            node.pos,
            f"'{spec.name}' expects a day such as 2025-03-01, found {describe(node)}",
            "write the date as YEAR-MONTH-DAY with two-digit month and day",
        )

    def _therapist(self, spec: Field, node: YNode) -> Therapist | Invalid:
        if isinstance(node, YScalar) and isinstance(node.value, str) and node.text.strip():
            # A bare name is friendly enough to accept.
            name = self._line(homework_fields.THERAPIST_FIELDS[0], node)
            return INVALID if name is INVALID else Therapist(name)
        group = self.group(node, "the therapist's name and contact")
        if group is None:
            return INVALID
        self.check_keys(group, homework_fields.THERAPIST_FIELDS, "therapist")
        got = cast(TherapistValues, self.values(group, homework_fields.THERAPIST_FIELDS))
        return Therapist(got["name"], got.get("contact", "")) if "name" in got else INVALID

    def _schedule(self, spec: Field, node: YNode) -> Schedule | Invalid:
        group = self.group(node, "a schedule (times_per_week, from, until)")
        if group is None:
            return INVALID
        self.check_keys(group, homework_fields.SCHEDULE_FIELDS, "schedule")
        got = cast(ScheduleValues, self.values(group, homework_fields.SCHEDULE_FIELDS))
        schedule = Schedule(got.get("times_per_week"), got.get("from"), got.get("until"))
        if schedule.start and schedule.until and schedule.until < schedule.start:
            return self.error(
                group["until"].pos,
                f"'until' ({schedule.until}) is before 'from' ({schedule.start})",
                "swap the two dates, or correct one of them",
            )
        return schedule

    def _overrides(self, spec: Field, node: YNode) -> Overrides | Invalid:
        group = self.group(node, "titration settings for this person")
        if group is None:
            return INVALID
        self.check_keys(group, homework_fields.OVERRIDE_FIELDS, "params")
        values = cast(ParamValues, self.values(group, homework_fields.OVERRIDE_FIELDS))
        return Overrides(values, group)

    def _script_ref(self, spec: Field, node: YNode) -> ScriptRef | Invalid:
        scalar = self._scalar(spec, node, "a script id or a .yaml file name")
        if scalar is None:
            return INVALID
        ref = scalar.text.strip()
        if ref.lower().endswith(SCRIPT_SUFFIXES) or "/" in ref or "\\" in ref:
            return self._script_file(ref, node.pos)
        builtins = {script.id: script for script in builtin_scripts()}
        if ref in builtins:
            return ScriptRef(ref, builtins[ref], None)
        return self.error(
            node.pos,
            f"no built-in script with the id '{ref}'",
            suggest(ref, sorted(builtins), "the built-in scripts are")
            + "; or name a .yaml file beside this homework file",
        )

    def _script_file(self, ref: str, pos: Pos) -> ScriptRef | Invalid:
        if (
            PurePosixPath(ref).is_absolute()
            or PureWindowsPath(ref).is_absolute()
            or PureWindowsPath(ref).drive
            or ref.startswith("~")
        ):
            return self.error(
                pos,
                f"the script '{ref}' is an absolute path",
                "put the script beside the homework file and name it relative to it, e.g. my-script.yaml",
            )
        if ".." in ref.replace("\\", "/").split("/"):
            return self.error(
                pos,
                f"the script '{ref}' reaches outside the homework's folder ('..')",
                "keep assigned scripts beside the homework file, or in a folder below it",
            )
        if self.base_dir is None:
            return self.error(pos, f"the script file '{ref}' cannot be used here", "name a built-in script id instead")
        folder = self.base_dir.resolve()
        candidate = folder / ref
        kind, reason = paths.look(candidate)
        if kind == "missing":
            return self.error(pos, f"the script file '{ref}' does not exist", f"looked for {candidate}")
        if kind != "file":
            return self.error(pos, f"the script file '{short(ref)}' can't be read: {reason}", f"looked for {candidate}")
        if not candidate.resolve().is_relative_to(folder):
            return self.error(
                pos,
                f"the script file '{ref}' is a link to a file outside the homework's folder",
                "copy the script beside the homework file instead of linking to it",
            )
        # Start-up: the script loader stays off the catalogue's import path (see script.library).
        from pendulate.script.loader import check_script

        script, problems = check_script(candidate, origin="assigned")
        # The script's own problems point into the script file, which is where they are fixed.
        self.problems.extend(p for p in problems if p.severity == "error")
        if script is None:
            return self.error(
                pos, f"the script '{ref}' has problems (listed below, in that file)", "fix them, then import again"
            )
        if script.id in {s.id for s in builtin_scripts()}:
            return self.error(
                pos,
                f"the script '{ref}' uses the id '{script.id}', which a built-in script has",
                "give your script its own id, or assign the built-in one by its id",
            )
        return ScriptRef(ref, script, candidate.resolve())

    def _assigned(self, spec: Field, node: YNode) -> tuple[AssignedScript, ...] | Invalid:
        if not isinstance(node, YSeq) or not node.items:
            return self.error(
                node.pos,
                f"'assigned' expects a list of scripts, found {describe(node)}",
                "for example:\n      - script: body-pendulation",
            )
        if len(node.items) > homework_fields.MAX_ASSIGNED:
            return self.error(
                node.pos,
                f"more than {homework_fields.MAX_ASSIGNED} scripts are assigned",
                "a few scripts at a time are easier to practise",
            )
        items: list[AssignedScript] = []
        seen: dict[str, int] = {}
        for item in node.items:
            group = self.group(item, "an assigned script ('script:' and optional 'params:' and 'schedule:')")
            if group is None:
                continue
            self.check_keys(group, homework_fields.ASSIGNED_FIELDS, "an assigned script")
            got = cast(AssignedValues, self.values(group, homework_fields.ASSIGNED_FIELDS))
            if "script" not in got:
                continue
            ref, script, source = got["script"]
            if script.id in seen:
                self.error(
                    group["script"].pos,
                    f"the script '{script.id}' is assigned twice (first on line {seen[script.id]})",
                    "keep one item per script",
                )
                continue
            seen[script.id] = group["script"].pos.line
            written = got.get("params")
            overrides: dict[str, object] = dict(written.values) if written else {}
            if written and overrides and not self._fits(script.params, written.values, written.node):
                continue
            items.append(
                AssignedScript(
                    ref, replace(script, origin="assigned"), overrides, got.get("schedule", Schedule()), source
                )
            )
        return tuple(items)

    def _fits(self, base: Params, overrides: ParamValues, node: YMap) -> bool:
        merged = replace(base, **overrides)
        if merged.touch_min > merged.touch_max:
            where = node.get("touch_max") or node.get("touch_min") or node
            self.error(
                where.pos,
                f"with these settings touch_min ({merged.touch_min}) is larger than touch_max ({merged.touch_max})",
                "the script's own values count where you set none",
            )
            return False
        conflict = quiet_peak_conflict(merged)
        if conflict is not None:
            where = node.get("quiet_peak") or node.get("threshold") or node
            message, hint = conflict
            self.warn(
                where.pos, f"with these settings {message}", f"{hint}; the script's own values count where you set none"
            )
        return True


def check_homework_text(
    data: bytes | str, filename: str, base_dir: Path | None = None
) -> tuple[Homework | None, list[ScriptProblem]]:
    """The homework (``None`` when it has errors) and every problem, in file order."""
    root, read_problems = parse_mapping(
        data, filename, "homework file", "start with 'id:', 'therapist:' and 'assigned:'"
    )
    if root is None:
        return None, read_problems
    if "phases" in root and "assigned" not in root:
        # A session script handed to `homework add`: one sentence, not every key it lacks.
        return None, [
            ScriptProblem(
                filename,
                1,
                1,
                "this is a session script, not a homework file",
                "check a script with 'pendulate validate FILE'; to assign it, name it in a homework "
                "file under 'assigned:' (- script: FILE), as docs/homework.md shows",
            )
        ]
    conv = HomeworkConverter(filename, base_dir)
    conv.problems.extend(read_problems)  # values the reader stepped over; the rest is still checked
    conv.check_keys(root, homework_fields.HOMEWORK_FIELDS, "the homework file")
    got = cast(HomeworkValues, conv.values(root, homework_fields.HOMEWORK_FIELDS))
    problems = sorted(conv.problems, key=lambda p: (p.file != filename, p.file, p.line, p.col))
    if any(p.severity == "error" for p in problems) or not got.get("assigned"):
        return None, problems
    homework = Homework(
        got["id"],
        got["therapist"],
        got["assigned"],
        got.get("client", ""),
        got.get("note", ""),
        track=got.get("track", ()),
    )
    return homework, problems


def check_homework(path: Path | str) -> tuple[Homework | None, list[ScriptProblem]]:
    """Read and check the homework file at ``path``; scripts it names are looked up beside it."""
    path = Path(path)
    try:
        data = read_bytes(path)
    except ScriptError as exc:
        return None, exc.problems
    homework, problems = check_homework_text(data, str(path), path.parent)
    if homework is not None:
        homework = replace(homework, path=path.resolve())
    return homework, problems


def load_homework(path: Path | str) -> Homework:
    """Like :func:`check_homework`, raising :class:`ScriptError` with every problem."""
    homework, problems = check_homework(path)
    if homework is None:
        raise ScriptError(problems)
    return homework
