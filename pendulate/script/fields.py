"""The one table of the script format: every key, its type, default, bounds and documentation.

The loader validates with these specs and the JSON Schema is generated from them, so the
two cannot drift apart. Adding a key means adding a row here (and a model field).
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulate.script.model import CUE_NAMES, FORMAT_VERSION, SCALES, Params

# Limits, each with its own message in the loader.
MAX_PROMPT_CHARS = 2000
MAX_TITLE_CHARS = 120
MAX_TEXT_CHARS = 4000  # description, intended use
MAX_ID_CHARS = 64
MAX_REPEAT = 50
MAX_REPEAT_NESTING = 3
MAX_STEPS = 500  # steps of the expanded plan, check-ins included
MAX_TOTAL_SECONDS = 4 * 3600.0
# Butterfly taps (DOMAIN.md): slow alternation, about one tap a second, 40 to 80 a minute.
DEFAULT_TEMPO = 60
MIN_TEMPO = 40
MAX_TEMPO = 80
# Paced breathing (DOMAIN.md, DBT's TIPP): the out-breath longer than the in-breath, no
# holding; seconds each way, within these bounds.
DEFAULT_BREATH_IN = 4.0
DEFAULT_BREATH_OUT = 6.0
MIN_BREATH_IN, MAX_BREATH_IN = 2.0, 6.0
MIN_BREATH_OUT, MAX_BREATH_OUT = 3.0, 10.0

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
NO_DEFAULT = object()

DEFAULT_TITLES: dict[str, str] = {
    "orient": "Look around the room",
    "ground": "Feel your feet and seat",
    "resource": "Rest with something okay",
    "activation": "A small touch of something harder",
    "return": "Back to the okay place",
    "discharge": "Let the body settle in its own way",
    "contain": "Hold yourself",
    "sound": "Voo on the out-breath",
    "bilateral": "Butterfly taps",
}


@dataclass(frozen=True)
class Field:
    """One key: ``type`` names a converter in the loader and a fragment in the schema."""

    name: str
    type: str
    doc: str
    default: object = NO_DEFAULT
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None


_P = Params()

SCRIPT_FIELDS: tuple[Field, ...] = (
    Field(
        "format", "format", f"Version of this file format. Only {FORMAT_VERSION} exists so far.", default=FORMAT_VERSION
    ),
    Field(
        "id",
        "id",
        "Short name used on the command line: lowercase letters, digits and hyphens.",
        required=True,
        max_length=MAX_ID_CHARS,
    ),
    Field("title", "line", "The name people see in the library.", required=True, max_length=MAX_TITLE_CHARS),
    Field("version", "version", "Your own version label, kept with every session log (text or number).", default="1"),
    Field("author", "line", "Who wrote the script.", default="", max_length=MAX_TITLE_CHARS),
    Field("description", "block", "A few sentences about what the practice is.", default="", max_length=MAX_TEXT_CHARS),
    Field("intended_use", "block", "Who it is for and when to use it.", default="", max_length=MAX_TEXT_CHARS),
    Field(
        "requires_therapist",
        "bool",
        "True when the script should only be practised with a therapist's guidance.",
        default=False,
    ),
    Field("params", "params", "Titration settings; every one is optional."),
    Field("audio", "audio", "Sound settings; every one is optional."),
    Field(
        "phases", "phases", "The phases in order. Each item is a phase, a repeat block or a check-in.", required=True
    ),
)

PARAM_FIELDS: tuple[Field, ...] = (
    Field(
        "threshold",
        "int",
        "A distress rating (SUDS 0-10) above this during activation ends it early.",
        default=_P.threshold,
        minimum=0,
        maximum=10,
    ),
    Field("touch_min", "int", "The shortest activation, in seconds.", default=_P.touch_min, minimum=1, maximum=600),
    Field("touch_max", "int", "The longest activation, in seconds.", default=_P.touch_max, minimum=1, maximum=600),
    Field(
        "resource_ratio",
        "number",
        "Resource time is at least this many times the activation time.",
        default=_P.resource_ratio,
        minimum=1,
        maximum=10,
    ),
    Field(
        "max_cycles", "int", "The most activation cycles in one session.", default=_P.max_cycles, minimum=1, maximum=50
    ),
    Field(
        "step_pct",
        "int",
        "The most a session may grow from the one before, in percent.",
        default=_P.step_pct,
        minimum=0,
        maximum=100,
    ),
    Field(
        "crisis_level",
        "int",
        "An ending distress rating (SUDS 0-10) at or above this opens the crisis help (R6).",
        default=_P.crisis_level,
        minimum=5,
        maximum=10,
    ),
    Field(
        "rise_over_first",
        "int",
        "A touch rated this many points above the session's first rating also ends early (R1).",
        default=_P.rise_over_first,
        minimum=1,
        maximum=10,
    ),
    Field(
        "shorten_factor",
        "number",
        "After a strong touch the next touch is this fraction of it, never under touch_min (R1).",
        default=_P.shorten_factor,
        minimum=0.25,
        maximum=0.9,
    ),
    Field(
        "lengthen_factor",
        "number",
        "After a strong touch the next resource lasts this many times longer (R1).",
        default=_P.lengthen_factor,
        minimum=1,
        maximum=3,
    ),
    Field(
        "max_extra_resource",
        "int",
        "Extra resource blocks offered while settling is slow to come back, before closing (R3).",
        default=_P.max_extra_resource,
        minimum=0,
        maximum=4,
    ),
    Field(
        "max_closing_settle",
        "int",
        "Settle blocks added when the ending rating is high, before holding (contain) (R6).",
        default=_P.max_closing_settle,
        minimum=0,
        maximum=4,
    ),
    Field(
        "step_seconds",
        "int",
        "Seconds added to each touch after two settled sessions in a row (R4).",
        default=_P.step_seconds,
        minimum=1,
        maximum=15,
    ),
    Field(
        "quiet_peak",
        "int",
        "A session whose highest distress rating is at most this counts as settled for R4.",
        default=_P.quiet_peak,
        minimum=0,
        maximum=4,
    ),
)

AUDIO_FIELDS: tuple[Field, ...] = (
    Field("volume", "int", "Cue volume, 0 (silent) to 100.", default=60, minimum=0, maximum=100),
    Field("interval", "interval", "A soft tick every so often inside long phases, or off.", default="off"),
    Field("cues", "cue_map", "The cue that starts each kind of phase, for example {resource: bowl}."),
    Field(
        "reminders",
        "int",
        "With eyes closed, how often a check-in left quiet brings its gentle reminders (a soft sound "
        "after 20 seconds, one spoken line after a minute, each round a minute later); 0 for none.",
        default=1,
        minimum=0,
        maximum=3,
    ),
)

PHASE_FIELDS: tuple[Field, ...] = (
    Field("kind", "kind", "What the person does in this phase.", required=True),
    Field("title", "line", "A short heading; a gentle default is used when left out.", max_length=MAX_TITLE_CHARS),
    Field("duration", "duration_or_open", 'How long the phase lasts: 90, "90s", "1m30s", or "open".', required=True),
    Field("prompt", "block", "One prompt shown when the phase starts.", max_length=MAX_PROMPT_CHARS),
    Field("prompts", "prompts", "Several prompts, each at a time inside the phase."),
    Field("cue", "cue", "The sound that starts this phase: a bundled cue or a sound file beside the script."),
    Field("interval", "interval", "A soft tick every so often during this phase, or off."),
    Field("checkin", "checkin", "A check-in right after this phase."),
    Field(
        "voice",
        "voice",
        "A recording of this phase's guidance (WAV, MP3, M4A, OGG, Opus or FLAC) in the script's folder, "
        "spoken at the phase's start.",
    ),
    Field(
        "bilateral",
        "bilateral",
        "Bilateral phases only: soft taps alternating left and right, true or {tempo: N}.",
    ),
    Field(
        "breath",
        "breath",
        "Settling phases only (resource, return, ground, discharge, contain, sound, bilateral): a breath "
        "pacer, {in: 4, out: 6} seconds; the out-breath as long as the in-breath or longer, no holding.",
    ),
)

BREATH_FIELDS: tuple[Field, ...] = (
    Field(
        "in",
        "number",
        "Seconds of the in-breath, 2 to 6.",
        default=DEFAULT_BREATH_IN,
        minimum=MIN_BREATH_IN,
        maximum=MAX_BREATH_IN,
    ),
    Field(
        "out",
        "number",
        "Seconds of the out-breath, 3 to 10, and no shorter than the in-breath.",
        default=DEFAULT_BREATH_OUT,
        minimum=MIN_BREATH_OUT,
        maximum=MAX_BREATH_OUT,
    ),
)

BILATERAL_FIELDS: tuple[Field, ...] = (
    Field(
        "tempo",
        "int",
        "Taps a minute, alternating left and right; about one a second is usual.",
        default=DEFAULT_TEMPO,
        minimum=MIN_TEMPO,
        maximum=MAX_TEMPO,
    ),
)

PROMPT_FIELDS: tuple[Field, ...] = (
    Field("at", "offset", "When the prompt appears, from the start of the phase (0 = at once).", default=0),
    Field("text", "block", "What the prompt says.", required=True, max_length=MAX_PROMPT_CHARS),
)

CHECKIN_FIELDS: tuple[Field, ...] = (
    Field("scales", "scales", "What to ask: " + ", ".join(SCALES) + ".", default=["suds", "settling"]),
    Field("title", "line", "A heading for the check-in.", max_length=MAX_TITLE_CHARS),
)

REPEAT_FIELDS: tuple[Field, ...] = (
    Field("repeat", "int", "How many times to run the phases below.", required=True, minimum=1, maximum=MAX_REPEAT),
    Field("phases", "phases", "The phases to repeat.", required=True),
)

CHECKIN_ITEM_FIELDS: tuple[Field, ...] = (
    Field("checkin", "checkin", "A check-in on its own: true, a list of scales, or {scales, title}.", required=True),
)

SOUND_FORMATS = "WAV, MP3, M4A, OGG, Opus or FLAC"
CUE_HELP = "a bundled cue (" + ", ".join(CUE_NAMES) + ") or a sound file in the script's own folder"


def names(fields: tuple[Field, ...]) -> list[str]:
    return [field.name for field in fields]


def quiet_peak_conflict(params: Params) -> tuple[str, str] | None:
    """(message, hint) when ``quiet_peak`` is above ``threshold``, else None.

    R4 would then count a session whose touch went over the threshold (R1) as settled.
    Only a warning: such files were valid before ``quiet_peak`` existed.
    """
    if params.quiet_peak <= params.threshold:
        return None
    return (
        f"quiet_peak ({params.quiet_peak}) is above threshold ({params.threshold})",
        "a session that went over the threshold would still count as settled for R4; "
        f"set quiet_peak to {params.threshold} or less",
    )
