"""The built-in library, the person's own scripts, and looking scripts up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pendulate import paths, resources
from pendulate.catalogue import scripts as catalogue
from pendulate.plan.build import build_plan
from pendulate.script import library
from pendulate.script.errors import ScriptError
from pendulate.script.loader import check_script
from pendulate.script.model import RESOURCE_KINDS, Phase, Repeat

BUILTIN_IDS = [
    "body-pendulation",
    "butterfly-resource",
    "mild-stressor",
    "orient-resource",
    "paced-breathing",
    "stop-ground",
    "urge-surfing",
    "voo-selfhold",
]
SCHEMA_LINE = "# yaml-language-server: $schema=./script.schema.json"
HARSH_WORDS = {"must", "should", "fail", "failed", "failure", "miss", "missed", "streak", "wrong"}

OWN = "id: {id}\ntitle: Mine\nphases:\n  - {{kind: resource, duration: 60}}\n  - {{kind: orient, duration: 30}}\n"


def builtin_files() -> list[Path]:
    return sorted(resources.sessions_dir().glob("*.yaml"))


def test_the_builtins_ship() -> None:
    assert [script.id for script in library.builtin_scripts()] == BUILTIN_IDS
    assert all(script.origin == "built-in" for script in library.builtin_scripts())
    assert [path.stem for path in builtin_files()] == BUILTIN_IDS  # file name = id


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_builtin_is_clean(path: Path) -> None:
    script, found = check_script(path)
    assert script is not None
    assert found == []  # no errors and no warnings
    assert path.read_text().splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_builtin_wording_is_gentle(path: Path) -> None:
    script, _ = check_script(path)
    texts = []

    def walk(items):
        for item in items:
            if isinstance(item, Repeat):
                walk(item.items)
            elif isinstance(item, Phase):
                texts.append(item.title)
                texts.extend(prompt.text for prompt in item.prompts)

    walk(script.phases)
    assert texts
    for text in texts:
        words = set(re.findall(r"[a-z']+", text.lower()))
        assert not words & HARSH_WORDS, text
        assert "have to" not in text.lower(), text


def test_builtin_durations_match_the_domain() -> None:
    totals = {script.id: build_plan(script).total for script in library.builtin_scripts()}
    assert totals["orient-resource"] == 90 + 60 + 120 + 90 + 60
    assert totals["body-pendulation"] == 60 + 90 + 4 * (20 + 45) + 60 + 60
    assert totals["mild-stressor"] == 120 + 20 + 3 * (20 + 60) + 90 + 60
    assert totals["voo-selfhold"] == 3 * (10 + 60) + 120 + 120 + 60
    assert totals["butterfly-resource"] == 60 + 90 + 30 + 60


def test_only_mild_stressor_requires_a_therapist() -> None:
    assert [s.id for s in library.builtin_scripts() if s.requires_therapist] == ["mild-stressor"]


def test_stop_ground_sequence() -> None:
    script = library.stop_ground()
    plan = build_plan(script, bookend_checkins=False)
    kinds = [step.kind for step in plan.steps]
    assert kinds == ["orient", "ground", "contain", "resource", "orient", "checkin"]
    assert plan.steps[-1].scales == ("suds", "settling", "zone")
    assert plan.steps[-2].kind == "orient" and plan.steps[-3].kind in RESOURCE_KINDS
    assert [step.duration for step in plan.steps[1:4]] == [45, 60, 30]


def test_builtins_are_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    first = library.builtin_scripts()
    import pendulate.script.loader as loader

    def refuse(*args, **kwargs):
        raise AssertionError("built-ins were parsed again")

    monkeypatch.setattr(loader, "load_script", refuse)
    assert library.builtin_scripts() == first


def test_default_script_is_orient_resource() -> None:
    assert library.DEFAULT_SCRIPT_ID == "orient-resource"
    assert catalogue.resolve(library.DEFAULT_SCRIPT_ID).id == "orient-resource"


def test_user_folder_is_never_created() -> None:
    assert library.user_scripts() == []
    assert not paths.user_scripts_dir().exists()


def write_own(name: str, script_id: str) -> Path:
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(OWN.format(id=script_id))
    return path


def test_user_scripts_are_listed_after_builtins() -> None:
    write_own("mine.yaml", "mine")
    scripts = catalogue.all_scripts()
    assert [s.id for s in scripts] == BUILTIN_IDS + ["mine"]
    assert scripts[-1].origin == "user"
    assert catalogue.resolve("mine").origin == "user"


def test_broken_and_clashing_user_scripts_are_reported_not_listed() -> None:
    write_own("a.yaml", "orient-resource")
    write_own("b.yaml", "twin")
    write_own("c.yml", "twin")
    (paths.user_scripts_dir() / "d.yaml").write_text("id: broken\n")
    scripts, found = library.scan_user_scripts()
    assert [s.id for s in scripts] == ["twin"]
    assert [(Path(p.file).name, p.message) for p in found] == [
        ("a.yaml", "the id 'orient-resource' is already used by a built-in script"),
        ("c.yml", f"the id 'twin' is already used by {paths.user_scripts_dir() / 'b.yaml'}"),
        ("d.yaml", "the script is missing 'title'"),
        ("d.yaml", "the script is missing 'phases'"),
    ]


def test_resolve_by_path(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(OWN.format(id="from-file"))
    script = catalogue.resolve(str(path))
    assert (script.id, script.origin, script.source) == ("from-file", "file", path.resolve())


def test_resolve_unknown_id_suggests() -> None:
    with pytest.raises(ScriptError) as caught:
        catalogue.resolve("body-pendulaton")
    assert str(caught.value) == (
        "no script with the id 'body-pendulaton'\n    hint: did you mean 'body-pendulation'? known scripts: "
        + ", ".join(BUILTIN_IDS)
    )


def test_resolve_missing_path_is_located() -> None:
    with pytest.raises(ScriptError) as caught:
        catalogue.resolve("nowhere/x.yaml")
    assert str(caught.value).startswith("nowhere/x.yaml:1:1: cannot read this file")


def test_built_ins_read_the_same_through_the_fast_reader():
    from dataclasses import replace

    from pendulate.resources import sessions_dir
    from pendulate.script.loader import load_script

    for path in sorted(sessions_dir().glob("*.yaml")):
        fast = load_script(path, origin="built-in")
        careful = load_script(path, origin="file")
        assert replace(fast, origin="file") == careful


def test_the_fast_reader_gives_the_careful_readers_messages():
    from pendulate.script.errors import ScriptError
    from pendulate.script.yamlread import parse

    for text in ("a: [1, 2\n", "a: 1\n\tb: 2\n", "a: *nowhere\n"):
        messages = []
        for trusted in (False, True):
            try:
                parse(text, "x.yaml", trusted=trusted)
            except ScriptError as error:
                messages.append(str(error))
        assert len(messages) == 2 and messages[0] == messages[1]


def test_the_library_says_which_of_the_persons_files_it_left_out_and_why() -> None:
    """What the library screen needs to show a line per file instead of leaving it out."""
    write_own("good.yaml", "good")
    write_own("same.yaml", "stop-ground")
    broken = paths.user_scripts_dir() / "broken.yaml"
    broken.write_text(
        "id: broken\ntitle: Broken\nphases:\n  - {kind: resource, duration: 1min30}\n  - {kind: ground}\n"
    )
    offered = catalogue.library()
    assert "good" in [s.id for s in offered.scripts]
    assert [(one.path.name, one.status, one.clash) for one in offered.skipped] == [
        ("broken.yaml", "can't be read", False),
        ("same.yaml", "not listed", True),
    ]
    first, _ = offered.skipped
    assert first.summary().startswith(f"can't be read — {broken}:4:32: '1min30' is not a duration I can read")
    assert first.summary().endswith(f"(and 2 more; 'pendulate validate {broken}' lists them all)")
    assert [(p.line, p.col) for p in first.problems] == [(4, 32), (5, 5), (5, 5)]  # + missing duration, R6
