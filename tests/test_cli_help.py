"""Every command's ``--help``: a one-line description, examples that really run, jargon in words."""

from __future__ import annotations

import argparse
import re
import shlex

import pytest

from pendulate.cli import build_parser
from pendulate.cli.helptext import HELP, subcommands


def commands() -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    parser = build_parser()
    return [((), parser), *subcommands(parser)]


PATHS = [path for path, _ in commands()]


def test_every_command_has_an_entry_in_the_help_table() -> None:
    assert sorted(PATHS) == sorted(HELP)


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "pendulate")
def test_help_has_a_one_line_description_and_an_example(path: tuple[str, ...]) -> None:
    parser = dict(commands())[path]
    text = parser.format_help()
    description = parser.description or ""
    assert description and "\n" not in description and len(description) <= 90, description
    assert description in text  # printed as written, not re-wrapped
    examples = _examples(parser)
    assert examples, text
    assert all(example[: len(path)] == list(path) for example in examples if "COMMAND" not in example)


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "pendulate")
def test_every_example_is_a_command_pendulate_accepts(path: tuple[str, ...]) -> None:
    parser = dict(commands())[path]
    for example in _examples(parser):
        if "COMMAND" in example or "--help" in example:
            continue
        build_parser().parse_args(example)  # a usage error would exit with status 2


@pytest.mark.parametrize("word, meaning", [("R4", "gradual lengthening"), ("SUDS", "distress rating")])
def test_jargon_is_explained_where_it_appears(word: str, meaning: str) -> None:
    for path, parser in commands():
        text = " ".join(parser.format_help().split())
        if re.search(rf"\b{word}\b", text):
            assert meaning in text, (path, word)


def test_the_rules_r1_to_r6_are_said_in_words_where_simulate_names_them() -> None:
    text = " ".join(dict(commands())[("simulate",)].format_help().split())
    for rule in ("R1", "R2", "R3", "R4", "R5", "R6"):
        assert re.search(rf"\b{rule} [a-z]", text), rule


def _examples(parser: argparse.ArgumentParser) -> list[list[str]]:
    """The example command lines under "examples:", as argument lists after ``pendulate``."""
    epilog = parser.epilog or ""
    block = epilog.split("examples:\n", 1)[1].split("\n\n", 1)[0] if "examples:\n" in epilog else ""
    found = []
    for line in block.splitlines():
        command = re.split(r"\s{2,}", line.strip())[0].split(" >")[0]  # the note after two spaces, a redirect
        words = shlex.split(command)
        assert words[0] == "pendulate", line
        found.append(words[1:])
    return found
