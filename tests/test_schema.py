"""The JSON Schema comes from the same field table as the loader, and agrees with it."""

from __future__ import annotations

import json

import pytest
import yaml

from pendulate import resources
from pendulate.script import fields as F
from pendulate.script.schema import build_schema, schema_text

COMMITTED = resources.sessions_dir() / "script.schema.json"


def test_committed_schema_is_current() -> None:
    # Regenerate with: pendulate schema > sessions/script.schema.json
    assert COMMITTED.read_text() == schema_text()


def test_schema_is_draft_2020_12_json() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    "where, fields",
    [
        (None, F.SCRIPT_FIELDS),
        ("params", F.PARAM_FIELDS),
        ("audio", F.AUDIO_FIELDS),
        ("phase", F.PHASE_FIELDS),
        ("prompt", F.PROMPT_FIELDS),
        ("checkin", F.CHECKIN_FIELDS),
        ("repeat", F.REPEAT_FIELDS),
    ],
)
def test_every_field_is_described(where: str | None, fields: tuple[F.Field, ...]) -> None:
    schema = build_schema()
    node = schema if where is None else schema["$defs"][where]
    assert list(node["properties"]) == F.names(fields)
    assert node.get("required", []) == [f.name for f in fields if f.required]
    for field in fields:
        assert node["properties"][field.name]["description"] == field.doc
        if field.default is not F.NO_DEFAULT:
            assert node["properties"][field.name]["default"] == field.default
        if field.minimum is not None:
            assert node["properties"][field.name]["minimum"] == field.minimum


def test_param_defaults_match_the_model() -> None:
    from pendulate.script.model import Params

    props = build_schema()["$defs"]["params"]["properties"]
    assert {name: props[name]["default"] for name in props} == Params().as_dict()


def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(build_schema())
    return jsonschema.Draft202012Validator(build_schema())


@pytest.mark.parametrize("path", sorted(resources.sessions_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_builtins_satisfy_the_schema(path) -> None:
    validator = _validator()
    assert list(validator.iter_errors(yaml.safe_load(path.read_text()))) == []


@pytest.mark.parametrize(
    "doc",
    [
        {"id": "x", "title": "T", "phases": [{"kind": "grund", "duration": 5}]},
        {"id": "x", "title": "T", "phases": [{"kind": "ground", "duration": "5 parsecs"}]},
        {"id": "x", "title": "T", "titel": "x", "phases": [{"kind": "ground", "duration": 5}]},
        {"id": "X Y", "title": "T", "phases": [{"kind": "ground", "duration": 5}]},
        {"id": "x", "title": "T", "params": {"threshold": 11}, "phases": [{"kind": "ground", "duration": 5}]},
        {"id": "x", "title": "T", "phases": [{"checkin": ["suds", "mood"]}]},
    ],
)
def test_schema_rejects_what_the_loader_rejects(doc: dict) -> None:
    assert list(_validator().iter_errors(doc))
