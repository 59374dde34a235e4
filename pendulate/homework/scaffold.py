"""Starting points for a new script: a commented template, or a copy of a built-in.

The result always passes ``pendulate validate``; :func:`scaffold_text` checks it before
handing it back, so a template that drifted from the format fails loudly here, not later in
a therapist's editor.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pendulate.script.errors import ScriptError
from pendulate.script.library import UnknownScript, builtin_scripts
from pendulate.script.loader import check_script_text
from pendulate.script.schema import schema_text

AUTHOR_LINE = 'author: ""  # your name, as the person should see it'

# The schema line names the schema by a path relative to the script itself: the YAML language
# server (VS Code's YAML extension, and the editors that use the same server) resolves it
# against the script's own folder, so it keeps working when the folder is moved, or when the
# script is sent with the schema beside it. An absolute file:// path would point into one
# machine's copy of pendulate and break on the way. Without the schema file an editor just
# offers no completion; ``pendulate validate`` never needs it.
SCHEMA_NAME = "script.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema=./{SCHEMA_NAME}"
SCHEMA_NOTE = (
    f"# Completion in your editor comes from {SCHEMA_NAME} beside this file; if it is missing,\n"
    f"# make it with:  pendulate schema > {SCHEMA_NAME}"
)
COPY_TITLE = "{title} (my version)"

TEMPLATE = """\
{schema_line}
# A new practice script. Lines starting with '#' are notes for you; pendulate ignores them.
# Check it any time with:  pendulate validate {filename}
# See the timeline with:   pendulate show {filename}
{schema_note}
format: 1
id: {id}  # a short name: lowercase letters, digits and hyphens
title: My practice  # what the person sees in the library
version: "1"  # raise it when you change the script; every session log keeps it
{author}
description: >-
  A few sentences about the practice, in the words you would use with the person.
intended_use: >-
  Who it is for and when. For example: after a few sessions together, on a calm day.
requires_therapist: false  # true: only practised when you assign it (or after the person opts in)

# Titration settings. Every one is optional; these are the defaults.
params:
  threshold: 5  # a SUDS rating above this during a touch ends it and returns to the resource
  touch_min: 10  # the shortest touch, in seconds
  touch_max: 30  # the longest touch, in seconds (also the cap for gradual lengthening)
  resource_ratio: 2  # time back in the resource is at least this many times the touch
  max_cycles: 6  # the most touches in one session (also the cap for gradual lengthening)
  step_pct: 25  # the most a session may grow from the one before, in percent
  rise_over_first: 3  # a touch this many points above the first rating also ends and returns (1-10)
  shorten_factor: 0.5  # after a strong touch, the next one is this fraction of it (0.25-0.9)
  lengthen_factor: 1.5  # after a strong touch, the next resource is this many times longer (1-3)
  max_extra_resource: 2  # extra resource blocks while settling is slow, before closing (0-4)
  max_closing_settle: 2  # settle blocks after a high ending, before holding (0-4)
  crisis_level: 7  # an ending rating at or above this opens crisis help (5-10)
  quiet_peak: 2  # a session peaking at or below this counts as settled for gradual lengthening (0-4)
  step_seconds: 5  # seconds each touch grows after two settled sessions (1-15)

phases:
  # Start outward-facing: the room, then the body's contact with what holds it.
  - kind: orient
    title: Look around the room
    duration: 60  # seconds; "1m30s" and "open" work too
    prompt: "Let your eyes wander around the room, and rest on something easy to look at."

  - kind: ground
    title: Feet and seat
    duration: 45
    prompt: "If it feels okay, notice your feet on the floor and the seat holding you."

  - kind: resource
    title: Something okay
    duration: 90
    prompts:
      - at: 0
        text: "Find something that feels okay, even a little: in the body, a place, a person."
      - at: 45
        text: "Stay with it. Notice its size, its warmth, anything at all."

  # Small doses: a short touch of mild discomfort, then a longer return.
  - repeat: 2
    phases:
      - kind: activation
        title: Touch the edge
        duration: 15
        prompt: "If it feels okay, let your attention go near something mildly uncomfortable, about 3 out of 10."
        checkin: [suds, settling]  # two digits and Enter
      - kind: return
        title: Back to the okay place
        duration: 45
        prompt: "Come back to what feels okay. Notice how long it takes to settle; there is no hurry."

  # Every script ends with a settling phase and then orienting (rule R6).
  - kind: resource
    title: Rest
    duration: 60
    prompt: "Rest with what feels okay."

  - kind: orient
    title: Back to the room
    duration: 45
    prompt: "Look around the room once more before you go on with your day."
"""


def script_id_for(path: Path) -> str:
    """A valid, fresh id from the file name: lowercase, hyphens, never a built-in's id."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:56] or "my-practice"
    taken = {script.id for script in builtin_scripts()}
    return f"{slug}-mine" if slug in taken else slug


def from_builtin(text: str, new_id: str, title: str) -> str:
    """A built-in's text with a fresh id and title, version 1, an author to fill and a schema
    line that travels with the file."""
    text = re.sub(r"^# yaml-language-server: \$schema=\S+", lambda _: SCHEMA_LINE, text, count=1, flags=re.M)
    if not text.startswith(SCHEMA_LINE):
        text = SCHEMA_LINE + "\n" + text
    # The note goes after the built-in's own opening comments, just above its first key.
    text = re.sub(r"^(?=[a-z_]+:)", lambda _: SCHEMA_NOTE + "\n", text, count=1, flags=re.M)
    text = re.sub(
        r"^id:.*$", lambda _: f"id: {new_id}  # your own id, so it sits beside the built-in", text, count=1, flags=re.M
    )
    copy_title = json.dumps(COPY_TITLE.format(title=title), ensure_ascii=False)
    text = re.sub(
        r"^title:.*$",
        lambda _: f"title: {copy_title}  # what the person sees in the library",
        text,
        count=1,
        flags=re.M,
    )
    text = re.sub(r"^version:.*$", 'version: "1"', text, count=1, flags=re.M)
    if re.search(r"^author:.*$", text, flags=re.M):
        return re.sub(r"^author:.*$", lambda _: AUTHOR_LINE, text, count=1, flags=re.M)
    return re.sub(r"^(version:.*)$", lambda m: m.group(1) + "\n" + AUTHOR_LINE, text, count=1, flags=re.M)


def scaffold_text(path: Path, from_id: str | None = None) -> str:
    """The text of a new script for ``path``; raises :class:`ScriptError` if it would not validate."""
    new_id = script_id_for(path)
    if from_id is None:
        text = TEMPLATE.format(
            schema_line=SCHEMA_LINE, schema_note=SCHEMA_NOTE, filename=path.name, id=new_id, author=AUTHOR_LINE
        )
    else:
        source = next((s for s in builtin_scripts() if s.id == from_id), None)
        if source is None or source.source is None:
            raise UnknownScript(from_id, [s.id for s in builtin_scripts()])
        text = from_builtin(source.source.read_text(encoding="utf-8"), new_id, source.title)
    script, problems = check_script_text(text, str(path), path.parent)
    if script is None:
        raise ScriptError(problems)
    return text


def write_new_script(path: Path, from_id: str | None = None) -> str:
    """Create ``path`` with a new script; refuses to replace an existing file (FileExistsError)."""
    text = scaffold_text(path, from_id)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite a therapist's file
        handle.write(text)
    return text


def write_schema_beside(path: Path) -> Path | None:
    """Put the script schema beside the script at ``path`` so its schema line works at once.

    Returns the schema file written, or None when one is already there (it is never replaced).
    """
    target = path.parent / SCHEMA_NAME
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(schema_text())
    except FileExistsError:
        return None
    return target
