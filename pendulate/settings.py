"""The person's settings: sound, motion, and the contacts shown in the crisis panel.

Stored as YAML in ``paths.config_path()``, owner-only. A missing or unreadable file falls back
to the defaults (a broken settings file must never keep someone from their grounding keys).
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pendulate import paths

log = logging.getLogger(__name__)

DEFAULT_CONTACTS: tuple[str, ...] = (
    "If you are in danger or might act on thoughts of harming yourself, call your local emergency number now.",
    "Contact your therapist, or someone you trust, and tell them how you are.",
    "Find a free, confidential helpline in your country: https://findahelpline.com",
)


@dataclass
class Settings:
    volume: int = 60
    mute: bool = False
    reduced_motion: bool = False
    crisis_contacts: list[str] = field(default_factory=lambda: list(DEFAULT_CONTACTS))
    warning_signs: str = ""
    what_helps: str = ""
    people: str = ""
    professionals: str = ""
    accepted_intro: bool = False


def load(path: Path | None = None) -> Settings:
    path = path or paths.config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        log.warning("settings unreadable, using defaults: %s", error)
        return Settings()
    import yaml

    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        log.warning("settings not valid YAML, using defaults: %s", error)
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    known = {k: v for k, v in raw.items() if k in Settings.__dataclass_fields__}
    settings = Settings()
    for key, value in known.items():
        default = getattr(settings, key)
        if isinstance(default, bool) and isinstance(value, bool):
            setattr(settings, key, value)
        elif isinstance(default, int) and not isinstance(default, bool) and isinstance(value, int):
            setattr(settings, key, max(0, min(100, value)))
        elif isinstance(default, str) and isinstance(value, str):
            setattr(settings, key, value)
        elif isinstance(default, list) and isinstance(value, list) and all(isinstance(x, str) for x in value):
            setattr(settings, key, value or list(DEFAULT_CONTACTS))
    return settings


def save(settings: Settings, path: Path | None = None) -> Path:
    import yaml

    path = path or paths.config_path()
    paths.ensure_private_dir(path.parent)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, paths.FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        yaml.safe_dump(asdict(settings), handle, sort_keys=False, allow_unicode=True)
    os.replace(tmp, path)
    path.chmod(paths.FILE_MODE)
    return path
