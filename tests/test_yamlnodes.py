"""The positioned YAML reader: positions, and every unsafe or malformed input refused with a place."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from pendulate.script.errors import ScriptError
from pendulate.script.yamlnodes import UNREADABLE, Pos, YMap, YScalar, YSeq, is_unreadable
from pendulate.script.yamlread import MAX_BYTES, STOPPED, parse, read_bytes, read_document


def located(data: bytes | str, **kwargs) -> str:
    """The single problem ``parse`` reports, as ``LINE:COL: message``.

    The ending that says nothing past the problem was read (:data:`STOPPED`) is left out here;
    which problems carry it is tested on its own below.
    """
    with pytest.raises(ScriptError) as caught:
        parse(data, "f.yaml", **kwargs)
    [problem] = caught.value.problems
    assert problem.file == "f.yaml"
    return f"{problem.line}:{problem.col}: {problem.message.removesuffix(STOPPED)}"


def test_values_keep_their_positions() -> None:
    root = parse("a: 1\nb:\n  - x\n  - {c: d}\n", "f.yaml")
    assert isinstance(root, YMap)
    assert root.keys() == ["a", "b"]
    assert root.entry("a").key_pos == Pos(1, 1)
    assert root.get("a") == YScalar(1, "1", Pos(1, 4))
    seq = root.get("b")
    assert isinstance(seq, YSeq) and seq.pos == Pos(3, 3)
    assert seq.items[0].pos == Pos(3, 5)
    inner = seq.items[1]
    assert isinstance(inner, YMap) and inner.entry("c").key_pos == Pos(4, 6)
    assert inner.get("c").pos == Pos(4, 9)


def test_keys_stay_as_written() -> None:
    root = parse("on: off\n1: 2\n", "f.yaml")
    assert root.keys() == ["on", "1"]
    assert root.get("on").value is False and root.get("on").text == "off"


def test_scalars_resolve_like_safe_load() -> None:
    root = parse("a: 1.5\nb: yes\nc: ~\nd: 2024-05-01\ne: '12'\nf: 2024-13-45\n", "f.yaml")
    assert [root.get(k).value for k in "abcdef"] == [1.5, True, None, datetime.date(2024, 5, 1), "12", "2024-13-45"]


def test_empty_document_is_none() -> None:
    assert parse("", "f.yaml") is None
    assert parse("# only a comment\n", "f.yaml") is None


def test_aliases_within_the_bound_expand() -> None:
    root = parse("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert [item.value for item in root.get("b").items] == [1, 2]


def test_duplicate_key() -> None:
    assert located("a: 1\nb: 2\na: 3\n") == "3:1: the key 'a' appears twice in the same group (first on line 1)"


def test_duplicate_key_in_flow_mapping() -> None:
    assert located("x: {a: 1, a: 2}\n") == "1:11: the key 'a' appears twice in the same group (first on line 1)"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: !!python/object/apply:os.system [ls]\n", "1:4: the tag !!python/object/apply:os.system is not supported"),
        ("a: !custom 1\n", "1:4: the tag !custom is not supported"),
        ("a: !!binary aGVsbG8=\n", "1:4: the tag !!binary is not supported"),
        ("a: !!set {x, y}\n", "1:4: the tag !!set is not supported"),
        ("a: !!omap [x: 1]\n", "1:4: the tag !!omap is not supported"),
    ],
)
def test_non_standard_tags(text: str, expected: str) -> None:
    assert located(text) == expected


def test_merge_keys_refused() -> None:
    assert located("base: &b {x: 1}\nc:\n  <<: *b\n") == "3:3: merge keys (<<) are not supported"


def test_complex_key_refused() -> None:
    assert located("? [a, b]\n: 1\n") == "1:3: a key is a plain name, not a list or group"


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_fails_at_the_alias_that_crosses_the_bound() -> None:
    # Sizes are counted from parser events, so nothing is expanded before the refusal.
    assert located(billion_laughs()) == "5:10: anchors and aliases here would expand to more than 10000 values"


def test_alias_bound_is_configurable() -> None:
    assert located("a: &x [1, 2, 3]\nb: [*x, *x]\n", max_alias_nodes=7) == (
        "2:9: anchors and aliases here would expand to more than 7 values"
    )


def test_alias_loop() -> None:
    assert located("a: &x [1, *x]\n") == "1:11: the alias *x refers to a list or group that contains it"


def test_undefined_alias() -> None:
    assert located("a: 1\nb: *nope\n") == "2:4: the alias *nope has no matching &nope above it"


def test_nesting_depth_bounded_before_composing() -> None:
    assert located("[" * 40 + "]" * 40) == "1:33: lists and groups are nested more than 32 deep"
    block = "".join("  " * i + "k:\n" for i in range(40)) + "  " * 40 + "v\n"
    assert located(block) == "33:65: lists and groups are nested more than 32 deep"


def test_recursion_error_is_caught_defensively() -> None:
    # With the depth bound lifted, PyYAML's recursive composer runs out of stack.
    depth = 800
    assert located("[" * depth + "]" * depth, max_depth=depth + 1) == "1:1: the file is nested too deeply to read"


def test_file_size_checked_before_parsing(tmp_path: Path) -> None:
    big = "a: " + "x" * MAX_BYTES + "\n"
    assert located(big) == f"1:1: the file is too large ({MAX_BYTES + 4} bytes; the limit is 256 KiB)"
    path = tmp_path / "big.yaml"
    path.write_text(big)
    with pytest.raises(ScriptError) as caught:
        read_bytes(path)
    assert caught.value.problems[0].message.startswith("the file is too large")


def test_missing_file_is_located(tmp_path: Path) -> None:
    with pytest.raises(ScriptError) as caught:
        read_bytes(tmp_path / "nope.yaml")
    assert str(caught.value).startswith(f"{tmp_path / 'nope.yaml'}:1:1: cannot read this file: it does not exist")


def test_non_utf8_located_at_the_bad_byte() -> None:
    assert located(b"a: 1\nb: caf\xc3\xa9 \xe9t\xe9\n") == "2:9: this byte (0xe9) is not valid UTF-8 text"


def test_utf8_bom_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbfa: 1\n", "f.yaml").keys() == ["a"]


def test_tab_indentation() -> None:
    assert located("a:\n\t- b\n") == "2:1: a tab character is used here; YAML indentation needs spaces"


def test_control_character_in_file() -> None:
    assert located("a: x\x1b[31m\n") == "1:5: the file contains a control character (U+001B) that YAML does not allow"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: 1\n---\nb: 2\n", "2:1: the file holds more than one YAML document"),
        ("a: b: c\n", "1:5: a ':' here confuses YAML"),
        ('a: "abc\nb: 1\n', "1:4: this quoted text is never closed"),
        ("a: [1, 2\n", "1:4: this bracket is never closed"),
        ("a: {b: 1\n", "1:4: this bracket is never closed"),
        ("a:\n  b: 1\n c: 2\n", "3:2: the indentation here does not line up with the lines above"),
        ('a: "\\q"\n', "1:6: this backslash escape is not valid inside double quotes"),
    ],
)
def test_yaml_errors_become_friendly_located_problems(text: str, expected: str) -> None:
    assert located(text) == expected


def test_huge_integer() -> None:
    assert located("n: 1" + "0" * 5000 + "\n") == "1:4: this number is too long to read"


@pytest.mark.parametrize(
    "text",
    [
        "a:\n\t- b\n",
        "a: b: c\n",
        'a: "abc\nb: 1\n',
        "a: [1, 2\n",
        "a: 1\n---\nb: 2\n",
        "a: x\x1b[31m\n",
        b"a: 1\nb: caf\xe9\n",
        "a: 1\nb: *nope\n",
        "[" * 40 + "]" * 40,
    ],
)
def test_a_problem_the_reader_cannot_get_past_says_the_rest_was_not_read(text: str | bytes) -> None:
    root, problems = read_document(text, "f.yaml")
    assert root is None
    [problem] = problems
    assert problem.message.endswith(STOPPED)
    assert "could not be read past this point" in str(problem)


def test_problems_inside_values_are_stepped_over_and_the_rest_is_read() -> None:
    text = "a: !custom 1\nb: 1\nc: 1" + "0" * 400 + "\nb: 2\nd: {x: !!set {y}, z: 3}\ne: ok\n"
    root, problems = read_document(text, "f.yaml")
    assert isinstance(root, YMap)
    assert root.keys() == ["a", "b", "c", "d", "e"]  # the second 'b' is left out, the first kept
    assert root.get("b").value == 1 and root.get("e").value == "ok"
    assert is_unreadable(root.get("a")) and is_unreadable(root.get("c"))
    assert is_unreadable(root.get("d").get("x")) and root.get("d").get("z").value == 3
    assert root.get("a").value is UNREADABLE and not is_unreadable(root.get("e"))
    assert [(p.line, p.col) for p in problems] == [(1, 4), (3, 4), (4, 1), (5, 8)]
    assert not any(p.message.endswith(STOPPED) for p in problems)
    with pytest.raises(ScriptError) as caught:  # parse, for the settings file, still refuses them all
        parse(text, "f.yaml")
    assert len(caught.value.problems) == 4
