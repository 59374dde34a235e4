"""How a check-in's answers (scale -> value, as the engine records them) map onto columns.

The common scales get their own columns so exports and charts stay simple; anything else a
script asks for (discharge signs, future scales) is kept whole in ``extra_json``.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

LIST_SEPARATOR = "; "
OWN_COLUMNS = ("suds", "settling", "zone", "location", "quality", "valence", "note", "diary")


def _rating(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    return int(value)


def _text(value: Any) -> str | None:
    """Lists become ``a; b``; empty answers become None."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [str(v) for v in value]
        return LIST_SEPARATOR.join(items) if items else None
    text = str(value)
    return text if text.strip() else None


def checkin_columns(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Column values for one check-in. Skipped scales are absent from ``answers`` and come out None.

    ``quality`` may be a word, a list of words, or ``{"words": [...], "valence": "pleasant"}``;
    ``valence`` may also be its own answer.
    """
    quality = answers.get("quality")
    valence = answers.get("valence")
    if isinstance(quality, Mapping):
        valence = valence if valence is not None else quality.get("valence")
        quality = quality.get("words")
    extra = {key: value for key, value in answers.items() if key not in OWN_COLUMNS}
    diary = answers.get("diary")
    return {
        "suds": _rating(answers.get("suds")),
        "settling": _rating(answers.get("settling")),
        "zone": _text(answers.get("zone")),
        "location": _text(answers.get("location")),
        "quality": _text(quality),
        "valence": _text(valence),
        "note": _text(answers.get("note")),
        "diary_json": json.dumps(diary, sort_keys=True, default=str) if diary is not None else None,
        "extra_json": json.dumps(extra, sort_keys=True, default=str) if extra else None,
    }
