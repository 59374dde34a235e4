"""The JSON Schema (draft 2020-12) of the script format, generated from :mod:`fields`.

Editors with a YAML language server use it for completion and checking. It cannot express
everything the loader checks (rule R6, limits on the expanded session, sound files, taps only
on bilateral phases, a breath pacer only on settling ones with the out-breath no shorter than
the in-breath), so the loader stays the judge; the schema helps while typing.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from pendulate.script import fields as script_fields
from pendulate.script.durations import ACCEPTED_FORMS
from pendulate.script.model import CUE_NAMES, FORMAT_VERSION, PHASE_KINDS, SCALES
from pendulate.script.sounds import SOUND_SUFFIXES

SCHEMA_FILENAME = "script.schema.json"
_DURATION_PATTERN = (
    r"^\s*(\d+(\.\d+)?\s*|(\d+:)?\d+:[0-5]\d(\.\d+)?\s*|"
    r"((\d+(\.\d+)?)\s*h\w*\s*)?((\d+(\.\d+)?)\s*m\w*\s*)?((\d+(\.\d+)?)\s*s\w*\s*)?)$"
)


def _duration(allow_open: bool = False, minimum: float = 1) -> dict:
    number = {"type": "number", "minimum": minimum, "maximum": 7200}
    options: list[dict] = [number, {"type": "string", "pattern": _DURATION_PATTERN}]
    if allow_open:
        options.append({"const": "open"})
    return {"anyOf": options, "$comment": "accepted: " + ACCEPTED_FORMS}


def _scales() -> dict:
    return {"type": "array", "items": {"enum": list(SCALES)}, "minItems": 1, "uniqueItems": True}


# A file in the script's own folder, in one of the formats the loader reads (not absolute,
# no backslashes; '..' and links are the loader's to refuse).
_SOUND_FILE = {
    "type": "string",
    "pattern": r"(?i)^[^/\\~][^\\]*\.(" + "|".join(suffix.lstrip(".") for suffix in SOUND_SUFFIXES) + ")$",
}


def _cue() -> dict:
    return {"anyOf": [{"enum": list(CUE_NAMES)}, _SOUND_FILE]}


def _type_schema(field: script_fields.Field) -> dict:
    kind = field.type
    if kind == "format":
        return {"const": FORMAT_VERSION}
    if kind == "id":
        return {"type": "string", "pattern": script_fields.ID_PATTERN, "maxLength": field.max_length}
    if kind in ("line", "block"):
        return {"type": "string", "maxLength": field.max_length} if field.max_length else {"type": "string"}
    if kind == "version":
        return {"type": ["string", "number"]}
    if kind == "bool":
        return {"type": "boolean"}
    if kind in ("int", "number"):
        out: dict = {"type": "integer" if kind == "int" else "number"}
        if field.minimum is not None:
            out["minimum"] = field.minimum
        if field.maximum is not None:
            out["maximum"] = field.maximum
        return out
    if kind == "duration_or_open":
        return _duration(allow_open=True)
    if kind == "offset":
        return _duration(minimum=0)
    if kind == "interval":
        return {"anyOf": [_duration(), {"enum": ["off", False, None]}]}
    if kind == "kind":
        return {"enum": list(PHASE_KINDS)}
    if kind == "cue":
        return _cue()
    if kind == "voice":
        return dict(_SOUND_FILE)
    if kind == "bilateral":
        return {"anyOf": [{"type": "boolean"}, {"$ref": "#/$defs/bilateral"}]}
    if kind == "breath":
        return {"$ref": "#/$defs/breath"}
    if kind == "scales":
        return _scales()
    if kind == "checkin":
        return {"anyOf": [{"type": "boolean"}, _scales(), {"$ref": "#/$defs/checkin"}]}
    if kind == "cue_map":
        return {"type": "object", "propertyNames": {"enum": list(PHASE_KINDS)}, "additionalProperties": _cue()}
    if kind in ("params", "audio"):
        return {"$ref": f"#/$defs/{kind}"}
    if kind == "prompts":
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/prompt"}}
    if kind == "phases":
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}}
    raise ValueError(f"no schema for field type {kind!r}")  # a new type in fields.py needs a line here


def object_schema(
    fields: tuple[script_fields.Field, ...],
    description: str,
    type_of: Callable[[script_fields.Field], dict] | None = None,
    *,
    defaults: bool = True,
) -> dict:
    """A JSON Schema object for one table of fields (also used for homework files)."""
    type_of = type_of or _type_schema
    properties = {}
    for field in fields:
        prop = {"description": field.doc, **type_of(field)}
        prop["description"] = field.doc  # a type's own description must not hide the field's
        if defaults and field.default is not script_fields.NO_DEFAULT:
            prop["default"] = field.default
        properties[field.name] = prop
    out = {"type": "object", "description": description, "properties": properties, "additionalProperties": False}
    required = [field.name for field in fields if field.required]
    if required:
        out["required"] = required
    return out


def build_schema() -> dict:
    """The schema as a dict; keys come out in a fixed order so the committed file is stable."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "pendulate session script",
        **object_schema(
            script_fields.SCRIPT_FIELDS, "A pendulation practice script (format 1). See docs/script-format.md."
        ),
        "$defs": {
            "params": object_schema(script_fields.PARAM_FIELDS, "Titration settings."),
            "audio": object_schema(script_fields.AUDIO_FIELDS, "Sound settings."),
            "prompt": object_schema(script_fields.PROMPT_FIELDS, "A prompt at a time inside the phase."),
            "checkin": object_schema(script_fields.CHECKIN_FIELDS, "Which check-in scales to ask, and a heading."),
            "phase": object_schema(script_fields.PHASE_FIELDS, "A timed phase."),
            "repeat": object_schema(script_fields.REPEAT_FIELDS, "Phases run several times in a row."),
            "bilateral": object_schema(
                script_fields.BILATERAL_FIELDS, "Soft taps alternating left and right (bilateral phases only)."
            ),
            "breath": object_schema(
                script_fields.BREATH_FIELDS,
                "A breath pacer (settling phases only): seconds in and out, the out-breath no shorter, no hold.",
            ),
            "checkin_item": object_schema(script_fields.CHECKIN_ITEM_FIELDS, "A check-in on its own."),
            "item": {
                "oneOf": [{"$ref": "#/$defs/phase"}, {"$ref": "#/$defs/repeat"}, {"$ref": "#/$defs/checkin_item"}]
            },
        },
    }


def schema_text() -> str:
    """The schema as the text of ``sessions/script.schema.json`` (and ``pendulate schema``)."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
