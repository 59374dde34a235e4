"""Exports the person starts themselves: CSV (one row per check-in), JSON (everything), HTML report.

The log's sessions come from the store; the homework whose adherence is reported is handed in.

Each writes one file, owner-only (0600), only at the path asked for. Use :func:`preview`
first to show what the file will contain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from pendulate.export.collect import ExportFilter, ExportPreview, NothingToExport, collect, preview
from pendulate.export.csv_export import export_csv
from pendulate.export.html_export import export_html
from pendulate.export.json_export import export_json
from pendulate.homework.model import Homework
from pendulate.store.store import Store

Writer = Callable[[Store, Path, ExportFilter, Sequence[Homework]], Path]

FORMATS: dict[str, Writer] = {
    "csv": export_csv,
    "json": export_json,
    "html": export_html,
}


def export(
    store: Store, fmt: str, path: Path, filt: ExportFilter = ExportFilter(), homework: Sequence[Homework] = ()
) -> Path:
    """Write an export in ``fmt`` ("csv", "json" or "html") to ``path``; returns the path.

    ``homework`` is the imported homework whose adherence the JSON and HTML exports show; the
    caller reads it (the exporters never look in the homework folder).

    Raises :class:`NothingToExport` (a ``ValueError`` that says so in a sentence), and writes
    nothing, when no session matches ``filt``: an empty file would only puzzle its reader.
    """
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    found = preview(store, filt)
    if not found.sessions:
        raise NothingToExport(found.nothing())
    return writer(store, Path(path), filt, homework)


__all__ = ["FORMATS", "ExportFilter", "ExportPreview", "NothingToExport", "collect", "export", "preview"]
