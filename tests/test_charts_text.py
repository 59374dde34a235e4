"""The text charts, without an app: bands in the right columns, points on the right rows."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

from pendulate.tui.widgets import pendulation_chart as pc
from pendulate.tui.widgets import trend_chart as tc

# 240 s over 24 columns: 10 s a column, so every boundary lands exactly on a column edge.
PHASES = [(0.0, 60.0, "ground"), (60.0, 120.0, "activation"), (120.0, 240.0, "return")]
WIDTH = pc.AXIS + 24
BOX_DRAWING = set("┤│─┌┐└┘╭╮╰╯▁▂▃▄▅▆▇█▲◆◀◎")
GUILT_WORDS = ("streak", "missed", "failed", "must", "should have")


def lines_of(text: Text) -> list[Text]:
    return text.split("\n")


def style_at(line: Text, index: int) -> str:
    """Every style covering character ``index`` of a line, joined (base style included)."""
    styles = [str(line.style)] + [str(span.style) for span in line.spans if span.start <= index < span.end]
    return " ".join(styles)


def grid_rows(text: Text, rows: int) -> list[str]:
    return [line.plain for line in lines_of(text)[:rows]]


def test_column_and_row_mapping() -> None:
    assert pc.column_at(0, 240, 24) == 0
    assert pc.column_at(59.9, 240, 24) == 5
    assert pc.column_at(60, 240, 24) == 6
    assert pc.column_at(240, 240, 24) == 23  # the very end stays on the chart
    assert pc.row_at(10, 11) == 0
    assert pc.row_at(0, 11) == 10
    assert pc.row_at(7, 11) == 3
    assert pc.row_at(12, 11) == 0  # out-of-range ratings are clamped, not dropped


def test_bands_sit_in_the_right_columns_with_glyphs_and_colour() -> None:
    text = pc.render_pendulation([], PHASES, width=WIDTH, rows=11, total=240)
    lines = lines_of(text)
    glyphs = lines[11].plain[pc.AXIS :]
    assert glyphs == "▁" * 6 + "▲" * 6 + "◀" * 12
    labels = lines[12].plain[pc.AXIS :]
    # A word is written only where its band leaves a space after it, so labels never run together.
    assert labels[12:].startswith("return") and "ground" not in labels
    activation_bg = pc.BAND_STYLES["activation"]
    resource_bg = pc.BAND_STYLES["resource"]
    top = lines[0]
    for col in range(24):
        style = style_at(top, pc.AXIS + col)
        if 6 <= col <= 11:
            assert activation_bg in style and resource_bg not in style, col
        else:
            # ground and return are both resource-type phases: the cool band.
            assert resource_bg in style and activation_bg not in style, col


def test_a_short_touch_in_a_long_session_keeps_its_column() -> None:
    phases = [(0.0, 600.0, "resource"), (600.0, 605.0, "activation"), (605.0, 1200.0, "return")]
    kinds = pc.phase_columns(phases, 1200.0, 20)
    assert kinds.count("activation") == 1
    assert kinds[10] == "activation"
    # check-in phases never take a band
    assert pc.phase_columns([(0.0, 240.0, "checkin")], 240.0, 24) == [None] * 24


def test_points_on_the_right_rows_and_columns() -> None:
    points = [(30.0, 7, 3), (95.0, 4, 4), (200.0, None, 8)]
    text = pc.render_pendulation(points, PHASES, width=WIDTH, rows=11, total=240)
    rows = grid_rows(text, 11)
    assert rows[3][pc.AXIS + 3] == pc.SUDS_MARK  # SUDS 7 at 30 s
    assert rows[7][pc.AXIS + 3] == pc.SETTLING_MARK  # settling 3 at 30 s
    assert rows[6][pc.AXIS + 9] == pc.BOTH_MARK  # SUDS and settling both 4 at 95 s
    assert rows[2][pc.AXIS + 20] == pc.SETTLING_MARK  # settling 8 at 200 s, SUDS skipped
    marks = [line.count(pc.SUDS_MARK) for line in rows]
    assert sum(marks) == 1  # the skipped SUDS answer is not drawn
    assert rows[0].startswith("10 ┤") and rows[10].startswith(" 0 ┤")


def test_checkins_marked_and_titration_annotated_below() -> None:
    points = [(0.0, 3, 6), (120.0, 6, 4)]
    changes = [(120.0, "R1", "That felt like a lot, so the next touch will be shorter.")]
    text = pc.render_pendulation(points, PHASES, changes, width=WIDTH, rows=11, total=240)
    lines = [line.plain for line in lines_of(text)]
    marks = lines[13][pc.AXIS :]
    assert marks[0] == pc.CHECKIN_MARK
    assert marks[12:14] == "R1"  # the rule tag sits at its moment
    assert lines[-1] == "R1 at 2:00: That felt like a lot, so the next touch will be shorter."
    assert lines[14].strip().startswith("0:00") and lines[14].rstrip().endswith("4:00")


def test_plain_chart_is_lines_of_numbers() -> None:
    points = [(0.0, 3, 6), (120.0, 6, None)]
    changes = [(120.0, "R1", "The next touch will be shorter.")]
    text = pc.render_pendulation(points, PHASES, changes, plain=True, total=240).plain
    assert not BOX_DRAWING & set(text)
    assert "1:00 to 2:00  A activation (activation)" in text
    assert "0:00 to 1:00  _ ground (resource-type)" in text
    assert "  2:00  SUDS 6  settling -" in text
    assert "  2:00  R1  The next touch will be shorter." in text


def test_open_phase_runs_to_the_end_of_the_chart() -> None:
    kinds = pc.phase_columns([(0.0, 120.0, "resource"), (120.0, None, "orient")], 240.0, 24)
    assert kinds[12:] == ["orient"] * 12


def test_bucket_spreads_few_values_and_averages_many() -> None:
    spread, per = tc.bucket([1, 2, 3], 21)
    assert per == 1 and [col for col, _ in spread] == [0, 10, 20]
    averaged, per = tc.bucket([2, 4, 6, None, None, None], 3)
    assert per == 2 and averaged == [(0, 3.0), (1, 6.0), (2, None)]


def test_dot_chart_rows_and_legend() -> None:
    series = [("peak", "●", "", [10, 5, 0]), ("end", "○", "", [0, None, 2])]
    text = tc.dot_chart(series, maximum=10, width=tc.AXIS + 21, rows=11, first="a", last="b")
    rows = [line.plain for line in lines_of(text)]
    assert rows[0][tc.AXIS + 0] == "●"  # peak 10, first session: top row, left edge
    assert rows[5][tc.AXIS + 10] == "●"  # peak 5, middle session
    assert rows[10][tc.AXIS + 0] == "○"  # end 0 overwrites nothing on the top row
    assert rows[8][tc.AXIS + 20] == "○"  # end 2 on the last session
    assert rows[10][tc.AXIS + 20] == "●"  # peak 0 on the last session
    assert "● peak" in rows[-1] and "○ end" in rows[-1]


def test_weekly_bars_scale_to_the_longest_week() -> None:
    monday = date(2024, 5, 6)
    weeks = [(monday, 1200.0, 2), (monday + timedelta(days=7), 600.0, 1), (monday + timedelta(days=14), 0.0, 0)]
    lines = [line.plain for line in lines_of(tc.weekly_bars(weeks, width=50))]
    bars = [line.count(tc.BAR) for line in lines]
    assert bars[0] == 20 and bars[1] == 10 and bars[2] == 0
    assert lines[0].endswith("20 min, 2 sessions") and lines[2].endswith("no practice")
    plain = tc.weekly_bars(weeks, plain=True).plain
    assert "week of 06 May 2024: 20 min, 2 sessions" in plain and tc.BAR not in plain


def test_calendar_marks_the_days_practised() -> None:
    last = date(2024, 5, 31)  # a Friday
    assigned = {date(2024, 5, 27), date(2024, 5, 29)}  # Monday and Wednesday of the last week
    other = {date(2024, 5, 30)}
    text = tc.calendar(assigned, other, last, weeks=4)
    rows = [line.plain for line in lines_of(text)]
    last_week = 5 + 3 * 2  # after "Mon  ", two cells a week
    assert rows[1][last_week] == tc.ASSIGNED_MARK  # Monday
    assert rows[2][last_week] == tc.NONE_MARK  # Tuesday
    assert rows[3][last_week] == tc.ASSIGNED_MARK  # Wednesday
    assert rows[4][last_week] == tc.OTHER_MARK  # Thursday
    assert rows[6][last_week] == " "  # Saturday is after the last day
    plain = tc.calendar(assigned, other, last, weeks=4, plain=True).plain
    assert plain == "week of 27 May 2024: assigned script Mon, Wed; other practice Thu"


def test_no_guilt_words_anywhere() -> None:
    last = date(2024, 5, 31)
    outputs = [
        tc.calendar(set(), set(), last, weeks=6),
        tc.calendar(set(), set(), last, weeks=6, plain=True),
        tc.weekly_bars([(date(2024, 5, 27), 0.0, 0)]),
        tc.dot_chart([("peak", "●", "", [3] * 500)], maximum=10, width=40),
        pc.render_pendulation([(0.0, 3, 6)], PHASES, total=240),
        pc.render_pendulation([], [], plain=True),
    ]
    for text in outputs:
        lowered = text.plain.lower()
        assert not any(word in lowered for word in GUILT_WORDS), lowered
