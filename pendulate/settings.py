"""The person's settings: sound, motion, and the contacts shown in the crisis panel.

Stored as YAML in ``paths.config_path()``, owner-only. The file is read like a script, through
a table of fields and the positioned YAML reader, so every problem reads
``FILE:LINE:COL: what is wrong`` with a hint. Nothing in it can keep the app from starting (a
broken settings file must never keep someone from their grounding keys): a file that cannot be
read gives the defaults, a wrong value keeps its default, and each problem goes to the log.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TypedDict, cast

import yaml

from pendulate import paths
from pendulate.script.convert import INVALID, Converter, Invalid
from pendulate.script.errors import ScriptError, ScriptProblem
from pendulate.script.fields import Field
from pendulate.script.yamlnodes import YMap, YNode, YScalar, YSeq, describe, problem
from pendulate.script.yamlread import parse, read_bytes

log = logging.getLogger(__name__)

DEFAULT_CONTACTS: tuple[str, ...] = (
    "If you are in danger or might act on thoughts of harming yourself, call your local emergency number now.",
    "Contact your therapist, or someone you trust, and tell them how you are.",
    "Find a free, confidential helpline in your country: https://findahelpline.com",
)


@dataclass
class Settings:
    volume: int = 60
    mute: bool = False
    reduced_motion: bool = False
    # A rehearsal (a run at --speed) is kept, marked and never counted as practice, so a
    # therapist can look back at what was tried; False keeps no record of rehearsals at all.
    record_rehearsals: bool = True
    # Eyes-closed practice: each check-in question is spoken, and each answer confirmed by voice
    # (or by a soft tone when there is no voice to speak with).
    eyes_closed: bool = False
    speech: bool = True  # speak the prompts when a voice exists (a recording or a speech engine)
    voice_volume: int = 60
    voice_model: str = ""  # a Piper voice model file; empty: espeak-ng, when installed
    # A soft tick on each of a touch's last three seconds (never a countdown spoken aloud).
    touch_end_ticks: bool = False
    # A soft swell at the start of each in-breath of a paced breathing phase.
    breath_sound: bool = False
    crisis_contacts: list[str] = field(default_factory=lambda: list(DEFAULT_CONTACTS))
    warning_signs: str = ""
    what_helps: str = ""
    people: str = ""
    professionals: str = ""


SETTINGS_FIELDS: tuple[Field, ...] = (
    Field("volume", "volume", "Cue volume, 0 (silent) to 100.", default=60, minimum=0, maximum=100),
    Field("mute", "bool", "True: no sound at all, visual cues only.", default=False),
    Field("reduced_motion", "bool", "True: the pendulum stands still.", default=False),
    Field(
        "record_rehearsals",
        "bool",
        "True: a run at --speed is kept in the log, marked as a rehearsal and never counted as practice; "
        "False: rehearsals are not recorded at all.",
        default=True,
    ),
    Field(
        "eyes_closed",
        "bool",
        "True: every check-in question is spoken and each answer confirmed by voice or a soft tone.",
        default=False,
    ),
    Field("speech", "bool", "True: prompts are spoken when a voice exists; False: text only.", default=True),
    Field(
        "voice_volume", "volume", "The spoken guidance's volume, 0 (silent) to 100.", default=60, minimum=0, maximum=100
    ),
    Field(
        "voice_model",
        "as_written",
        "A Piper voice model file (.onnx) to speak with; empty: espeak-ng when it is installed.",
        default="",
    ),
    Field(
        "touch_end_ticks",
        "bool",
        "True: a soft tick marks each of a touch's last three seconds (helpful with eyes closed).",
        default=False,
    ),
    Field(
        "breath_sound",
        "bool",
        "True: a soft swell marks the start of each in-breath while the breath pacer runs.",
        default=False,
    ),
    Field("crisis_contacts", "contacts", "The lines shown in the crisis panel, one item each."),
    Field("warning_signs", "as_written", "The person's own warning signs, for the crisis plan.", default=""),
    Field("what_helps", "as_written", "What helps, for the crisis plan.", default=""),
    Field("people", "as_written", "People to reach out to, for the crisis plan.", default=""),
    Field("professionals", "as_written", "Professionals to contact, for the crisis plan.", default=""),
)

# Keys older versions wrote that mean nothing now; a file that has them still loads quietly.
# accepted_intro: the first-run statement's acceptance lives in the safety record instead.
RETIRED_KEYS = frozenset({"accepted_intro"})

KEEPS_DEFAULT = "this setting keeps its default until the file is corrected"
UNREADABLE = "the defaults are used until the file is corrected; saving from the app rewrites it"


class SettingsValues(TypedDict, total=False):
    volume: int
    mute: bool
    reduced_motion: bool
    record_rehearsals: bool
    eyes_closed: bool
    touch_end_ticks: bool
    breath_sound: bool
    speech: bool
    voice_volume: int
    voice_model: str
    crisis_contacts: list[str]
    warning_signs: str
    what_helps: str
    people: str
    professionals: str


class SettingsConverter(Converter):
    """The script converter plus the value types only the settings file has."""

    def _volume(self, spec: Field, node: YNode) -> int | Invalid:
        # Out of range is tolerated: the nearest end of the range is used, and said.
        unbounded = Field(spec.name, "int", spec.doc)
        value = self._number(unbounded, node, whole=True)
        if value is INVALID:
            return INVALID
        low, high = int(spec.minimum or 0), int(spec.maximum or 100)
        kept = max(low, min(high, int(value)))
        if kept != value:
            self.error(node.pos, f"'{spec.name}' goes from {low} to {high}, found {value}", f"using {kept}")
        return kept

    def _as_written(self, spec: Field, node: YNode) -> str | Invalid:
        # The app wrote this text from what the person typed: kept exactly, not cleaned like a script's.
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return node.value
        return self.error(node.pos, f"'{spec.name}' expects text, found {describe(node)}")

    def _contacts(self, spec: Field, node: YNode) -> list[str] | Invalid:
        if not isinstance(node, YSeq):
            return self.error(
                node.pos,
                f"'{spec.name}' expects a list of lines, found {describe(node)}",
                "write each contact on its own line starting with '- '",
            )
        contacts: list[str] = []
        for item in node.items:
            if not (isinstance(item, YScalar) and isinstance(item.value, str)):
                return self.error(item.pos, f"each of '{spec.name}' is a line of text, found {describe(item)}")
            contacts.append(item.value)
        return contacts or list(DEFAULT_CONTACTS)  # an empty list means the standard contacts


def check_settings(path: Path | None = None) -> tuple[Settings, list[ScriptProblem]]:
    """The settings in the file at ``path`` (the defaults where it is wrong) and every problem found."""
    path = path or paths.config_path()
    if not path.exists():
        return Settings(), []
    filename = str(path)
    try:
        root = parse(read_bytes(path), filename)
    except ScriptError as exc:
        return Settings(), [_with_hint(p, UNREADABLE) for p in exc.problems]
    if root is None:
        return Settings(), []
    if not isinstance(root, YMap):
        message = f"a settings file is a group of 'key: value' lines, found {describe(root)}"
        return Settings(), [problem(filename, root.pos, message, UNREADABLE)]
    current = YMap(tuple(entry for entry in root if entry.key not in RETIRED_KEYS), root.pos)
    conv = SettingsConverter(filename, None)
    conv.check_keys(current, SETTINGS_FIELDS, "the settings file")
    got = cast(SettingsValues, conv.values(current, SETTINGS_FIELDS))
    found = sorted(conv.problems, key=lambda p: (p.line, p.col))
    return Settings(**got), [_with_hint(p, KEEPS_DEFAULT) for p in found]


def _with_hint(found: ScriptProblem, hint: str) -> ScriptProblem:
    return found if found.hint else replace(found, hint=hint)


def load(path: Path | None = None) -> Settings:
    """The settings to run with; problems in the file are logged, never raised."""
    settings, problems = check_settings(path)
    for found in problems:
        log.warning("settings: %s", found)
    return settings


def save(settings: Settings, path: Path | None = None) -> Path:
    path = path or paths.config_path()
    paths.ensure_private_dir(path.parent)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, paths.FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        yaml.safe_dump(asdict(settings), handle, sort_keys=False, allow_unicode=True)
    os.replace(tmp, path)
    path.chmod(paths.FILE_MODE)
    return path
