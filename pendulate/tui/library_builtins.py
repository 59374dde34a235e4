"""Write the built-in scripts' library lines that pendulate ships (``library-builtins.json``).

Run ``python -m pendulate.tui.library_builtins`` after changing a built-in script or how the
library draws a line; ``tests/test_library_index.py`` fails until the shipped file matches.
See :mod:`pendulate.tui.library_index` for how a start uses it.
"""

from __future__ import annotations

import sys

from pendulate.tui.library_index import BUILT_IN_LINES, built_in_lines_text
from pendulate.tui.screens.library import built_in_entries


def main() -> int:
    BUILT_IN_LINES.write_text(built_in_lines_text(built_in_entries), encoding="utf-8")
    print(f"wrote {BUILT_IN_LINES}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
