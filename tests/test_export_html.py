"""The HTML report is well-formed, self-contained, escapes the person's text and carries the charts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from store_helpers import WallClock, pendulation, record

from bench.demo import build_demo
from pendulate.export import ExportFilter, export
from pendulate.export.html_export import export_html
from pendulate.export.svg import COOL_BAND, WARM_BAND, pendulation_svg
from pendulate.export.svg_trends import calendar_svg, weekly_svg
from pendulate.store import Store

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "source", "wbr"}
SVG_SELF_CLOSING = {"polyline", "line", "rect", "circle", "path"}


class Checker(HTMLParser):
    """Tracks open elements so unbalanced markup fails the test."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()


@pytest.fixture
def report(tmp_path):
    with Store.open() as store:
        record(
            store,
            pendulation([(6, 3, 6), (4, 5, None)], note="<script>alert('x')</script> & tight"),
            WallClock(datetime(2024, 5, 6, 9, 0, tzinfo=UTC)),
            homework_id="hw-<b>",
        )
        build_demo(store, 6, last_day=date(2024, 5, 20))
        store.set_session_note(1, 'Session note with "quotes" <i>')
        path = export(store, "html", tmp_path / "report.html")
        yield path.read_text(encoding="utf-8"), store


def test_the_report_is_well_formed_and_contains_the_charts(report):
    text, store = report
    checker = Checker()
    checker.feed(text)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert text.startswith("<!DOCTYPE html>")
    assert checker.tags.count("svg") >= 5 + 7  # trends + one pendulation chart per session
    assert "Pendulation practice report" in text and "sha256-test-hash" in text


def test_the_report_makes_no_external_reference_and_runs_no_script(report):
    text, _ = report
    lowered = text.lower()
    for forbidden in ("http://", "https://", "<script", "url(", "@import", "src=", "<link", "<iframe", "//fonts"):
        assert forbidden not in lowered, forbidden
    checker = Checker()
    checker.feed(text)
    assert not [name for name, _ in checker.attrs if name.startswith("on")]  # no event handlers
    assert not [value for name, value in checker.attrs if name == "href"]


def test_the_persons_text_is_escaped(report):
    text, _ = report
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; tight" in text
    assert "Session note with &quot;quotes&quot; &lt;i&gt;" in text
    assert "hw-&lt;b&gt;" in text


def test_no_notes_report_leaves_notes_out(tmp_path):
    with Store.open() as store:
        record(store, pendulation([(4, 5, 6)], note="very private"))
        store.set_session_note(1, "also private")
        text = export(store, "html", tmp_path / "r.html", ExportFilter(include_notes=False)).read_text()
    assert "very private" not in text and "also private" not in text
    assert "Personal notes left out" in text


def test_an_empty_report_still_renders(tmp_path):
    # export() writes nothing for an empty selection (test_report_clinician); the writer itself
    # still draws a well-formed page, as it does for a selection of rehearsals only.
    with Store.open() as store:
        text = export_html(store, tmp_path / "r.html").read_text()
    checker = Checker()
    checker.feed(text)
    assert checker.errors == [] and "no practice sessions in this range" in text


def test_pendulation_chart_shades_activation_warm_and_resource_cool_and_marks_checkins(report):
    _, store = report
    svg = pendulation_svg(store.session_detail(1))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert WARM_BAND in svg and COOL_BAND in svg
    assert svg.count("<circle") == 5  # one SUDS point per check-in
    assert ">R1<" in svg  # the titration change is annotated


def test_trend_builders_handle_empty_input():
    assert weekly_svg([]).endswith("</svg>")
    assert calendar_svg([], set(), date(2024, 5, 6)).endswith("</svg>")
