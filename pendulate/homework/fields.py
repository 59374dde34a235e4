"""The one table of the homework format, shared by the loader and the JSON Schema.

The override keys reuse the script's own parameter specs, so a threshold in a homework file
is checked against exactly the same range as a threshold in a script.
"""

from __future__ import annotations

from pendulate.script.fields import MAX_ID_CHARS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, PARAM_FIELDS, Field

HOMEWORK_FORMAT = 1
MAX_ASSIGNED = 20
MAX_TIMES_PER_WEEK = 21
# ``track:``: what this person works on, asked by name in the diary check-in. The kinds and the
# name limit are the engine's (engine.answers TRACK_KINDS, NAME_LIMIT); a test keeps them equal.
TRACK_KINDS = ("urge", "acted", "skills")
MAX_TARGETS = 6
MAX_TARGET_NAME = 60
MAX_SKILLS = 12
MAX_SKILL_NAME = 40

HOMEWORK_FIELDS: tuple[Field, ...] = (
    Field(
        "format",
        "format",
        f"Version of the homework file format. Only {HOMEWORK_FORMAT} exists so far.",
        default=HOMEWORK_FORMAT,
    ),
    Field(
        "id",
        "id",
        "A short name for this homework, kept with every session practised from it: lowercase "
        "letters, digits and hyphens.",
        required=True,
        max_length=MAX_ID_CHARS,
    ),
    Field("therapist", "therapist", "Who assigned it: a name, and optionally how to reach you.", required=True),
    Field(
        "client",
        "line",
        "An optional label for the person, for your own records.",
        default="",
        max_length=MAX_TITLE_CHARS,
    ),
    Field(
        "note",
        "block",
        "A note for the person, shown beside each assigned script.",
        default="",
        max_length=MAX_TEXT_CHARS,
    ),
    Field("assigned", "assigned", "The scripts assigned, each with optional settings and a schedule.", required=True),
    Field(
        "track",
        "track",
        f"What this person works on, at most {MAX_TARGETS} targets, each asked by name in the "
        "scripts' diary check-in: an urge rated 0-5, a yes/no 'acted on it', or which skills were used.",
    ),
)

TARGET_FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "target_name",
        f"The target as the person should read it, e.g. 'urge to drink' (at most {MAX_TARGET_NAME} characters).",
        required=True,
        max_length=MAX_TARGET_NAME,
    ),
    Field(
        "kind",
        "track_kind",
        "urge (a rating 0-5), acted (yes or no) or skills (which of 'skills' were used).",
        required=True,
    ),
    Field(
        "skills",
        "skills",
        f"For kind skills only: the skills the person picks from (at most {MAX_SKILLS}, "
        f"each at most {MAX_SKILL_NAME} characters).",
    ),
)

THERAPIST_FIELDS: tuple[Field, ...] = (
    Field("name", "line", "Your name as the person should see it.", required=True, max_length=MAX_TITLE_CHARS),
    Field(
        "contact",
        "line",
        "How to reach you (phone, e-mail, practice name); optional.",
        default="",
        max_length=MAX_TITLE_CHARS,
    ),
)

ASSIGNED_FIELDS: tuple[Field, ...] = (
    Field(
        "script", "script_ref", "A built-in script id, or the path of a .yaml script beside this file.", required=True
    ),
    Field("params", "overrides", "Titration settings for this person; each replaces the script's own value."),
    Field("schedule", "schedule", "How often, and between which dates; every part is optional."),
)

# The same specs as in scripts: same names, ranges and documentation.
OVERRIDE_FIELDS: tuple[Field, ...] = PARAM_FIELDS

SCHEDULE_FIELDS: tuple[Field, ...] = (
    Field("times_per_week", "int", "How many sessions a week you suggest.", minimum=1, maximum=MAX_TIMES_PER_WEEK),
    Field("from", "date", "The first day (YYYY-MM-DD)."),
    Field("until", "date", "The last day (YYYY-MM-DD), included."),
)
