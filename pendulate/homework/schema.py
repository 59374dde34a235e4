"""The JSON Schema of the homework format, generated from :mod:`pendulate.homework.fields`.

Scalar types (ids, text, numbers) come from the script schema so the two formats describe
shared keys identically; the override settings point at the very same parameter specs.
"""

from __future__ import annotations

import json

from pendulate.homework import fields as homework_fields
from pendulate.script.fields import Field
from pendulate.script.library import builtin_scripts
from pendulate.script.schema import _type_schema, object_schema

SCHEMA_FILENAME = "homework.schema.json"
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _homework_type(field: Field) -> dict:
    kind = field.type
    if kind == "format":
        return {"const": homework_fields.HOMEWORK_FORMAT}
    if kind == "date":
        # YAML reads an unquoted 2025-03-01 as a date; editors see it as text of this shape.
        return {"type": "string", "pattern": _DATE_PATTERN, "format": "date"}
    if kind == "therapist":
        return {"anyOf": [{"type": "string", "minLength": 1}, {"$ref": "#/$defs/therapist"}]}
    if kind == "assigned":
        return {
            "type": "array",
            "minItems": 1,
            "maxItems": homework_fields.MAX_ASSIGNED,
            "items": {"$ref": "#/$defs/assigned"},
        }
    if kind == "script_ref":
        ids = sorted(script.id for script in builtin_scripts())
        return {"anyOf": [{"enum": ids}, {"type": "string", "pattern": r"(?i)^[^/\\~][^\\]*\.ya?ml$"}]}
    if kind == "track":
        return {"type": "array", "maxItems": homework_fields.MAX_TARGETS, "items": {"$ref": "#/$defs/target"}}
    if kind == "target_name":
        return {"type": "string", "minLength": 1, "maxLength": homework_fields.MAX_TARGET_NAME}
    if kind == "track_kind":
        return {"enum": list(homework_fields.TRACK_KINDS)}
    if kind == "skills":
        return {
            "type": "array",
            "minItems": 1,
            "maxItems": homework_fields.MAX_SKILLS,
            "uniqueItems": True,
            "items": {"type": "string", "minLength": 1, "maxLength": homework_fields.MAX_SKILL_NAME},
        }
    if kind in ("overrides", "schedule"):
        return {"$ref": f"#/$defs/{kind}"}
    return _type_schema(field)


def _object(fields: tuple[Field, ...], description: str, defaults: bool = True) -> dict:
    return object_schema(fields, description, _homework_type, defaults=defaults)


def _with_skills_rule(target: dict) -> dict:
    """Kind skills needs its list of skills; the other kinds take none."""
    skills_kind = {"properties": {"kind": {"const": "skills"}}}
    target["if"] = skills_kind
    target["then"] = {"required": ["skills"]}
    target["else"] = {"not": {"required": ["skills"]}}
    return target


def build_schema() -> dict:
    """The homework schema as a dict, in a fixed key order so the committed file is stable."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "pendulate homework",
        **_object(homework_fields.HOMEWORK_FIELDS, "Practice a therapist assigns (format 1). See docs/homework.md."),
        "$defs": {
            "therapist": _object(homework_fields.THERAPIST_FIELDS, "Who assigned the homework."),
            "assigned": _object(homework_fields.ASSIGNED_FIELDS, "One assigned script."),
            # No defaults: a key left out keeps the script's own value.
            "overrides": _object(
                homework_fields.OVERRIDE_FIELDS, "Titration settings for this person.", defaults=False
            ),
            "schedule": _object(homework_fields.SCHEDULE_FIELDS, "A suggested rhythm; every part is optional."),
            "target": _with_skills_rule(
                _object(homework_fields.TARGET_FIELDS, "One thing tracked, asked by name in the diary check-in.")
            ),
        },
    }


def schema_text() -> str:
    """The schema as the text of ``sessions/homework.schema.json`` (``pendulate schema --homework``)."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
