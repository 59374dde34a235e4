"""How a check-in's answers map onto columns.

The common scales get their own columns so exports and charts stay simple; anything else a
script asks for (okay, discharge signs, future scales) is kept whole in ``extra_json``.
"""

from __future__ import annotations

import json
from typing import Any

from pendulate.engine.answers import CheckinAnswers

LIST_SEPARATOR = "; "
OWN_COLUMNS = ("suds", "settling", "zone", "location", "quality", "valence", "note", "diary")


def _text(value: str | tuple[str, ...] | None) -> str | None:
    """Lists become ``a; b``; empty answers become None."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(value) if value else None
    return value if value.strip() else None


def checkin_columns(answers: CheckinAnswers) -> dict[str, Any]:
    """Column values for one check-in. Skipped questions come out None."""
    recorded = answers.as_dict()
    extra = {key: value for key, value in recorded.items() if key not in OWN_COLUMNS}
    return {
        "suds": answers.suds,
        "settling": answers.settling,
        "zone": _text(answers.zone),
        "location": _text(answers.location),
        "quality": _text(answers.quality),
        "valence": _text(answers.valence),
        "note": _text(answers.note),
        "diary_json": json.dumps(recorded["diary"], sort_keys=True) if answers.diary is not None else None,
        "extra_json": json.dumps(extra, sort_keys=True) if extra else None,
        "waited_s": answers.waited,
    }
