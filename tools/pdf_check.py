"""Is a printed report a real, paged PDF? Reads the file's page objects with the standard library only.

Usage: python tools/pdf_check.py report.pdf [--min-pages N]
Exit 0 when the file is a PDF of at least N pages (A4 or Letter); 1 otherwise. Look at the
pages themselves too (``pdftoppm -png report.pdf page``): this only says the print happened.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")
PAPER = {"A4": (595.0, 842.0), "Letter": (612.0, 792.0)}  # points, within one point


def pages(data: bytes) -> tuple[int, str | None]:
    """How many pages, and the paper of the first one (None when it is neither A4 nor Letter)."""
    count = len(PAGE.findall(data))
    box = MEDIA_BOX.search(data)
    paper = None
    if box:
        width, height = float(box.group(1)), float(box.group(2))
        paper = next((name for name, (w, h) in PAPER.items() if abs(w - width) < 1 and abs(h - height) < 1), None)
    return count, paper


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--min-pages", type=int, default=2, help="the week at a glance is a page of its own")
    args = parser.parse_args(argv)
    data = args.pdf.read_bytes()
    if not data.startswith(b"%PDF-"):
        print(f"{args.pdf} is not a PDF file.", file=sys.stderr)
        return 1
    count, paper = pages(data)
    print(f"{args.pdf}: {count} pages, {paper or 'an unusual paper size'}")
    if count < args.min_pages or paper is None:
        print("The printed report has too few pages or an unexpected paper size.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
