"""Every word a person reads is invitational: no streaks, no guilt, no pressure.

Scanned: every string literal in the package (docstrings and log messages aside, which
nobody practising reads), the built-in scripts, and the docs a therapist shares.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRESSURE = re.compile(
    r"\b(streaks?|fail(ed|s|ure)?|miss(ed|es)|must|should have|you didn'?t|lazy|behind schedule|don'?t break)\b",
    re.IGNORECASE,
)
# Words that blame or moralise about urges, self-harm and addiction (issue #17): an urge is
# something that rises and eases, never a fight to win or a purity to keep.
URGE_PRESSURE = re.compile(
    r"\b(resist(s|ing|ed|ance)?|give in|giving in|gave in|relaps(e|es|ed|ing)|clean|sober|willpower)\b",
    re.IGNORECASE,
)
# A word quoted to name it ("resist") is the rule being stated, not the word being said.
QUOTED = re.compile(r"[\"“`][^\"”`]{1,20}[\"”`]")
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _log_arguments(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOG_METHODS:
            if isinstance(node.func.value, ast.Name) and node.func.value.id in {"log", "logger", "logging"}:
                out.update(id(n) for arg in node.args for n in ast.walk(arg))
    return out


def package_strings() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted((ROOT / "pendulate").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _log_arguments(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                found.append((str(path.relative_to(ROOT)), node.lineno, node.value))
    return found


def text_files() -> list[Path]:
    return sorted((ROOT / "sessions").glob("*.yaml")) + sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]


def test_the_scan_sees_the_texts_people_read():
    strings = " ".join(text for _, _, text in package_strings())
    assert "Thank you for taking this time" in strings and "stay longer with your resource" in strings
    assert len(text_files()) >= 8


def test_no_pressure_words_in_the_package():
    hits = [f"{path}:{line}: {text[:80]!r}" for path, line, text in package_strings() if PRESSURE.search(text)]
    assert hits == []


@pytest.mark.parametrize("path", text_files(), ids=lambda p: p.name)
def test_no_pressure_words_in_scripts_and_docs(path):
    hits = [
        f"{i}: {line.strip()[:80]}"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRESSURE.search(line)
    ]
    assert hits == []


def test_the_pattern_catches_what_it_is_for():
    for phrase in ("Keep your streak!", "You missed a day", "You failed", "you must practise", "You should have"):
        assert PRESSURE.search(phrase), phrase
    for phrase in ("If it feels okay", "stay as long as you like", "mustard", "missing"):
        assert not PRESSURE.search(phrase), phrase


def urge_texts() -> list[Path]:
    """Everything a person or their therapist reads about urges: the built-ins and the docs."""
    return sorted((ROOT / "sessions").glob("*.yaml")) + sorted((ROOT / "docs").glob("*.md"))


def test_the_urge_scan_sees_the_new_texts():
    names = {path.name for path in urge_texts()}
    assert {"urge-surfing.yaml", "paced-breathing.yaml", "stop-ground.yaml", "safety.md", "script-format.md"} <= names
    strings = " ".join(text for _, _, text in package_strings())
    assert "The urge is at its strongest and still rising" in strings  # U1's sentence is scanned
    assert "You don't have to carry it alone" in strings  # and U2's


def test_no_moralising_urge_words_in_the_package():
    hits = [f"{path}:{line}: {text[:80]!r}" for path, line, text in package_strings() if URGE_PRESSURE.search(text)]
    assert hits == []


@pytest.mark.parametrize("path", urge_texts(), ids=lambda p: p.name)
def test_no_moralising_urge_words_in_scripts_and_docs(path):
    hits = [
        f"{i}: {line.strip()[:80]}"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if URGE_PRESSURE.search(QUOTED.sub("", line))
    ]
    assert hits == []


def test_the_urge_pattern_catches_what_it_is_for():
    for phrase in ("Try to resist the urge", "Don't give in", "a relapse", "stay clean", "days sober"):
        assert URGE_PRESSURE.search(phrase), phrase
    for phrase in ("Let the urge rise and ease", "Notice the wave", "resistor", "cleanup"):
        assert not URGE_PRESSURE.search(phrase), phrase
    assert not URGE_PRESSURE.search(QUOTED.sub("", 'never "resist" or "relapse"'))
    assert URGE_PRESSURE.search(QUOTED.sub("", "don't give in, it's late"))
