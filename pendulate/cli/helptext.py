"""What ``--help`` says for every command: a one-line description, then examples and plain words.

Kept in one table so every command reads alike and a test can check that none lacks an example.
Below the options (argparse's epilog) the examples are printed as written, so they line up, and
each other paragraph is wrapped; the jargon that appears in options (R1–R6, R4 progression,
SUDS) is explained there.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Iterator

WIDTH = 88  # the prose below the options; examples may run longer
R4_WORDS = (
    "R4 progression is gradual lengthening between sessions: after two settled sessions of a\n"
    "script in a row (completed, within the window of tolerance, the highest rating at most\n"
    "quiet_peak), each touch of the next one grows by step_seconds (5 s), or one more cycle is\n"
    "added, by at most step_pct (25 %) and never past touch_max or max_cycles."
)
RULE_WORDS = (
    "The titration rules, in short: R1 a strong touch ends at once and the next one is gentler;\n"
    "R2 two strong touches in a row end activation for the session; R3 settling that is slow to\n"
    "come back leads to closing; R4 touches grow a little after settled sessions (gradual\n"
    "lengthening; not applied here: nothing is read from your log); R5 a 'below' answer\n"
    "(numb, far away) turns the session outward; R6 a high ending adds settling time, and at\n"
    "crisis_level opens crisis help. In urge surfing: U1 an urge at 5/5 and still rising ends\n"
    "the waves and settles; U2 an urge still at 5/5 at the end opens the safety plan first."
)

# Command path -> (one-line description, what follows the options). A description of None keeps
# the one the command's own module gives.
HELP: dict[tuple[str, ...], tuple[str | None, str]] = {
    (): (
        "A calm terminal companion for pendulation practice. With no command it opens the library.",
        "examples:\n"
        "  pendulate                          open the practice library\n"
        "  pendulate run body-pendulation     start a practice directly\n"
        "  pendulate validate my-script.yaml  check a script you wrote\n"
        "  pendulate COMMAND --help           what each command does, with examples\n"
        "\n"
        "It is a practice aid, not treatment and not for crises; in the app, 'c' opens crisis help.",
    ),
    ("list",): (
        "List every script you can practise, in the library's order, and files that can't be read.",
        "examples:\n"
        "  pendulate list\n"
        "\n"
        "Assigned scripts come first, then the gentle default, then the rest; scripts meant for\n"
        "practice with a therapist (*) come last. A file in your scripts folder with a mistake\n"
        'in it is listed as "can\'t be read — FILE:LINE:COL: …".',
    ),
    ("validate",): (
        "Check script files and list every mistake as FILE:LINE:COL, with a hint.",
        "examples:\n"
        "  pendulate validate my-script.yaml\n"
        "  pendulate validate scripts/*.yaml\n"
        "\n"
        "Every mistake comes out in one run, in file order (the first 20, then how many more).\n"
        "Exit status: 0 all valid (warnings allowed), 1 a file has errors, 2 a file is missing.",
    ),
    ("show",): (
        "Show a script's timeline: start time, kind, length and title of every step, and the total.",
        "examples:\n"
        "  pendulate show body-pendulation\n"
        "  pendulate show my-script.yaml --effective\n"
        "\n"
        "--effective labels every setting with where it comes from: pendulate's default, this\n"
        "script, a homework override, or R4 progression.\n\n" + R4_WORDS,
    ),
    ("voice",): (
        "List what speaks each phase of a script: its recording, espeak-ng, Piper, or text only.",
        "examples:\n"
        "  pendulate voice body-pendulation\n"
        "  pendulate voice my-script.yaml --voice-model ~/voices/en_GB-alba-medium.onnx\n"
        "\n"
        "Each phase is listed with what speaks it and for how long, made as a session would make\n"
        "it. A recording longer than its phase is a warning; a recording that can't be read is a\n"
        "located error (FILE:LINE:COL), and the exit status is 1. A Piper voice is a .onnx file\n"
        "with its .onnx.json beside it, which you download yourself; pendulate never downloads one.",
    ),
    ("schema",): (
        "Print the JSON Schema of the script format (or of homework files), for your editor.",
        "examples:\n"
        "  pendulate schema > script.schema.json\n"
        "  pendulate schema --homework > homework.schema.json\n"
        "\n"
        "Keep the file beside your scripts; their first line names it:\n"
        "  # yaml-language-server: $schema=./script.schema.json",
    ),
    ("sounds",): (
        "List the cue sounds and what each one marks, or play each once with --test.",
        "examples:\n  pendulate sounds\n  pendulate sounds --test --volume 40",
    ),
    ("render",): (
        "Write a whole session, as a live one would run, as one sound file to practise anywhere.",
        "examples:\n"
        "  pendulate render body-pendulation -o session.wav\n"
        "  pendulate render my-script.yaml -o session.mp3 --voice --force\n"
        "\n"
        "The suffix of FILE chooses the format: .wav, .mp3, .ogg or .flac (all but WAV are made by\n"
        "ffmpeg). With --voice, phases with a recording are spoken by it and every other prompt by\n"
        "espeak-ng, or Piper with --voice-model. Bilateral phases with a tempo carry soft taps,\n"
        "alternating left and right: such a file is stereo. Homework overrides and R4 progression\n"
        "(gradual lengthening after settled sessions) are included. An existing FILE is replaced\n"
        "only when you say yes, or with --force.",
    ),
    ("run",): (
        None,
        "examples:\n"
        "  pendulate run orient-resource\n"
        "  pendulate run my-script.yaml --speed 10   rehearse ten times faster (kept as a rehearsal)",
    ),
    ("history",): (
        "List your sessions, newest first.",
        "examples:\n  pendulate history\n  pendulate history --script body-pendulation --since 2025-01-01 --json",
    ),
    ("export",): (
        "Write your sessions to a CSV, JSON or HTML file, to bring to your therapist.",
        "examples:\n"
        "  pendulate export --format html -o report.html\n"
        "  pendulate export --format csv -o sessions.csv --since 2025-01-01 --no-notes\n"
        "\n"
        "Nothing leaves this computer unless you export it; docs/data-export.md explains each column.",
    ),
    ("data",): (
        "Where pendulate keeps your data, and how to check it or delete it.",
        "examples:\n  pendulate data path\n  pendulate data delete",
    ),
    ("data", "path"): (
        "Show where pendulate keeps your practice log and your settings.",
        "examples:\n  pendulate data path",
    ),
    ("data", "delete"): (
        "Delete everything pendulate keeps: it lists every file and asks first.",
        "examples:\n"
        "  pendulate data delete\n"
        "  pendulate data delete --yes --include-settings\n"
        "\n"
        "Your settings (crisis contacts, safety plan) are asked about separately and kept unless you\n"
        "say yes. Files you exported or rendered yourself are not touched.",
    ),
    ("data", "check"): (
        "Check the practice log for damage.",
        "examples:\n  pendulate data check",
    ),
    ("data", "set-aside"): (
        "Keep a damaged practice log aside (it is not deleted) and start a new, empty one.",
        "examples:\n  pendulate data set-aside",
    ),
    ("new",): (
        "Write a new, commented script that passes 'pendulate validate' as it is.",
        "examples:\n"
        "  pendulate new evening-settle.yaml\n"
        "  pendulate new anna-body.yaml --from body-pendulation\n"
        "\n"
        "An existing file is never replaced. A copy gets its own id and title, and version 1.\n"
        "script.schema.json is written beside it"
        " (unless one is there) for completion in your editor; keep the two\n"
        "together.",
    ),
    ("homework",): (
        "Import, list and remove homework files from a therapist.",
        "examples:\n  pendulate homework add anna-spring.yaml\n  pendulate homework list",
    ),
    ("homework", "add"): (
        "Check and import a homework file, copying the scripts it names so they keep working.",
        "examples:\n"
        "  pendulate homework add anna-spring.yaml\n"
        "\n"
        "Importing a file with the same id again replaces the earlier one; docs/homework.md\n"
        "describes the format.",
    ),
    ("homework", "list"): (
        "Show the assigned scripts, who assigned them, the rhythm and this week's sessions.",
        "examples:\n  pendulate homework list",
    ),
    ("homework", "remove"): (
        "Remove an imported homework; your practice log keeps every session.",
        "examples:\n  pendulate homework remove anna-spring",
    ),
    ("simulate",): (
        "Show how the titration rules (R1–R6) would shape a session, given the ratings.",
        "examples:\n"
        "  pendulate simulate body-pendulation --ratings 3,6/4,below,2\n"
        "  pendulate simulate my-script.yaml --ratings 2,7,7 --homework anna-spring.yaml\n"
        "\n"
        "Nothing is recorded. Each answer is the next check-in's: 6 an intensity (SUDS, the 0-10 "
        "distress rating), 6/4 intensity and settling, below/within/above a zone of the window of "
        "tolerance, skip.\n\n" + RULE_WORDS,
    ),
}


def subcommands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every (path, parser) below ``parser``: ("data", "delete") → the parser of that command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from subcommands(sub, (*path, name))


def finish(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` and every command below it its description and examples from :data:`HELP`."""
    for path, command in [((), parser), *subcommands(parser)]:
        if path not in HELP:  # a command added without its entry: its help stays as it was (a test says so)
            continue
        description, epilog = HELP[path]
        if description is not None:
            command.description = description
        command.epilog = _layout(epilog)
        command.formatter_class = argparse.RawDescriptionHelpFormatter


def _layout(epilog: str) -> str:
    """Examples kept as written (they line up); every other paragraph wrapped to fit."""
    paragraphs = []
    for paragraph in epilog.split("\n\n"):
        if paragraph.startswith(("examples:", "  ")):
            paragraphs.append(paragraph)
        else:
            paragraphs.append(textwrap.fill(" ".join(paragraph.split()), width=WIDTH))
    return "\n\n".join(paragraphs)
