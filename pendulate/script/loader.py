"""The one script loader: YAML file → validated :class:`Script`, with located problems.

Every problem reads ``FILE:LINE:COL: message`` with a hint. :func:`load_script` raises
:class:`ScriptError` on errors and ignores warnings; :func:`check_script` returns both, for
``pendulate validate``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import cast

from pendulate.script import fields as script_fields
from pendulate.script.convert import Converter
from pendulate.script.converted import HeaderValues
from pendulate.script.digest import sha256_hex
from pendulate.script.errors import ScriptError, ScriptProblem
from pendulate.script.lint import lint
from pendulate.script.model import PARAM_NAMES, AudioSettings, Params, Script
from pendulate.script.phases import build_items
from pendulate.script.yamlnodes import YMap
from pendulate.script.yamlread import parse_mapping, read_bytes

_HEADER_FIELDS = tuple(spec for spec in script_fields.SCRIPT_FIELDS if spec.type != "phases")


def load_script(path: Path | str, *, origin: str = "file") -> Script:
    """Load and validate the script at ``path``; raises :class:`ScriptError` listing every error."""
    script, problems = check_script(path, origin=origin)
    return _or_raise(script, problems)


def load_script_text(data: bytes | str, filename: str, base_dir: Path | None = None, *, origin: str = "file") -> Script:
    """Like :func:`load_script` for text already in memory.

    ``base_dir`` is the folder sound files are looked up in; with ``None`` only the bundled
    cue names are allowed.
    """
    script, problems = check_script_text(data, filename, base_dir, origin=origin)
    return _or_raise(script, problems)


def check_script(path: Path | str, *, origin: str = "file") -> tuple[Script | None, list[ScriptProblem]]:
    """The script (``None`` when it has errors) and every error and warning, in file order."""
    path = Path(path)
    try:
        data = read_bytes(path)
    except ScriptError as exc:
        return None, exc.problems
    script, problems = check_script_text(data, str(path), path.parent, origin=origin)
    if script is not None:
        script = _with_source(script, path)
    return script, problems


def check_script_text(
    data: bytes | str, filename: str, base_dir: Path | None = None, *, origin: str = "file"
) -> tuple[Script | None, list[ScriptProblem]]:
    """:func:`check_script` for text already in memory."""
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    root, read_problems = parse_mapping(
        data, filename, "script", "start with 'id:', 'title:' and 'phases:'", trusted=origin == "built-in"
    )
    if root is None:
        return None, read_problems
    if "assigned" in root and "phases" not in root:
        # A homework file given where a script belongs: one sentence, not every key it lacks.
        return None, [
            ScriptProblem(
                filename,
                1,
                1,
                "this is a homework file, not a session script",
                "import it with 'pendulate homework add FILE' (it checks the scripts it names too)",
            )
        ]
    # Each layer checks what the one before could make sense of: values the reader stepped
    # over stand in as unreadable, and items that can't be built stand in for themselves (see
    # pendulate.script.phases), so one run lists every mistake it can see, in file order.
    conv = Converter(filename, base_dir)
    conv.problems.extend(read_problems)
    conv.check_keys(root, script_fields.SCRIPT_FIELDS, "the script")
    header = cast(HeaderValues, conv.values(root, _HEADER_FIELDS))
    phases_node = root.get("phases")
    items = build_items(conv, phases_node) if phases_node is not None else ()
    script = Script(
        id=header.get("id", ""),
        title=header.get("title", ""),
        version=header.get("version", "1"),
        phases=items,
        author=header.get("author", ""),
        description=header.get("description", ""),
        intended_use=header.get("intended_use", ""),
        requires_therapist=header.get("requires_therapist", False),
        params=header.get("params", Params()),
        params_set=_params_set(root),
        audio=header.get("audio", AudioSettings()),
        content_hash=sha256_hex(raw),
        origin=origin,
    )
    found = list(conv.problems)
    if items:
        found += lint(script, filename, root.key_pos("phases"), conv.where, conv.duration_pos, conv.stand_ins)
    return (None if _errors(found) or not items else script), _sorted(found)


def _params_set(root: YMap) -> frozenset[str]:
    """The names of the titration settings the script writes under ``params:``."""
    group = root.get("params")
    return frozenset(k for k in group.keys() if k in PARAM_NAMES) if isinstance(group, YMap) else frozenset()


def _with_source(script: Script, path: Path) -> Script:
    return replace(script, source=path.resolve())


def _errors(problems: list[ScriptProblem]) -> bool:
    return any(p.severity == "error" for p in problems)


def _sorted(problems: list[ScriptProblem]) -> list[ScriptProblem]:
    return sorted(problems, key=lambda p: (p.line, p.col))


def _or_raise(script: Script | None, problems: list[ScriptProblem]) -> Script:
    if script is None:
        raise ScriptError(problems)
    return script
