"""The examples in docs/script-format.md are real scripts that validate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pendulate.plan.build import build_plan
from pendulate.script.loader import check_script_text

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "script-format.md"


def whole_scripts() -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(), flags=re.S)
    return [block for block in blocks if re.search(r"^id: ", block, flags=re.M)]


def test_guide_has_whole_examples() -> None:
    assert len(whole_scripts()) == 2


@pytest.mark.parametrize("text", whole_scripts(), ids=["small", "complete"])
def test_guide_examples_validate_cleanly(text: str) -> None:
    script, found = check_script_text(text, "guide.yaml")
    assert script is not None and found == []


def test_complete_example_total_matches_the_guide() -> None:
    script, _ = check_script_text(whole_scripts()[1], "guide.yaml")
    total = build_plan(script).total
    assert f"`total {int(total // 60)}:{int(total % 60):02d} plus an open-ended phase`" in GUIDE.read_text()
