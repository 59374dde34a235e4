"""Exports the person starts themselves: CSV (one row per check-in), JSON (everything), HTML report.

Each writes one file, owner-only (0600), only at the path asked for. Use :func:`preview`
first to show what the file will contain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from pendulate.store.export.collect import ExportFilter, ExportPreview, collect, preview
from pendulate.store.export.csv_export import export_csv
from pendulate.store.export.html_export import export_html
from pendulate.store.export.json_export import export_json
from pendulate.store.store import Store

FORMATS: dict[str, Callable[[Store, Path, ExportFilter], Path]] = {
    "csv": export_csv,
    "json": export_json,
    "html": export_html,
}


def export(store: Store, fmt: str, path: Path, filt: ExportFilter = ExportFilter()) -> Path:
    """Write an export in ``fmt`` ("csv", "json" or "html") to ``path``; returns the path."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return writer(store, Path(path), filt)


__all__ = ["FORMATS", "ExportFilter", "ExportPreview", "collect", "export", "preview"]
