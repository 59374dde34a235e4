"""Turning the measurements into ``bench/results.md``: one table row per figure, then the method.

Every figure printed here comes from the run that writes the file; nothing is typed in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.common import Spread, percentile, spread


@dataclass(frozen=True)
class Row:
    key: str
    what: str
    ours: str
    baseline: str
    ratio: str
    target: str
    ok: bool | None  # None: informational, no target

    def line(self) -> str:
        verdict = "info" if self.ok is None else ("**pass**" if self.ok else "**FAIL**")
        return (
            f"| {self.key} | {self.what} | {self.ours} | {self.baseline} | {self.ratio} | {self.target} | {verdict} |"
        )


def _ms(s: Spread) -> str:
    return Spread(s.median * 1000, s.low * 1000, s.high * 1000, s.n).text(" ms")


def first_frame_rows(frames: dict[str, list[float]]) -> list[Row]:
    hello, library, history = spread(frames["hello"]), spread(frames["library"]), spread(frames["history"])
    key, cold = spread(frames["key"]), spread(frames["cold"])
    p1 = library.median / hello.median
    p5 = history.median / library.median
    return [
        Row(
            "P1",
            "first frame, the day's first start: `pendulate` library (index kept the day before) vs bare "
            "Textual hello-world (tmux)",
            _ms(library),
            _ms(hello),
            f"{p1:.2f}×",
            "≤ 1.15×",
            p1 <= 1.15,
        ),
        Row(
            "P1k",
            "a key pressed as the library appears, acted on (Down: the next description shown), from start",
            _ms(key),
            _ms(hello),
            f"{key.median / hello.median:.2f}×",
            "—",
            None,
        ),
        Row(
            "P1c",
            "first frame with no kept library index at all (after an upgrade, or an index that could not be kept)",
            _ms(cold),
            _ms(hello),
            f"{cold.median / hello.median:.2f}×",
            "≤ 1.15×",
            cold.median / hello.median <= 1.15,
        ),
        Row(
            "P5a",
            "history screen first frame on the lifetime log (after `h`) vs P1 library first frame",
            _ms(history),
            _ms(library),
            f"{p5:.2f}×",
            "≤ 1.5× P1",
            p5 <= 1.5,
        ),
    ]


def cpu_rows(cpu: dict[str, list[float]], seconds: float) -> list[Row]:
    session, ticker = spread(cpu["session"]), spread(cpu["ticker"])
    ratio = session.median / ticker.median if ticker.median else float("inf")
    return [
        Row(
            "P2",
            f"CPU of a running session over {seconds:g} s (user+sys, % of one core) vs 1 Hz Textual ticker",
            session.text(" %", 2),
            ticker.text(" %", 2),
            f"{ratio:.2f}×",
            "≤ 1.3×",
            ratio <= 1.3,
        )
    ]


def _bare_timers(ticker: dict) -> str:
    late = ticker.get("lateness_ms") or []
    if not late:
        return "—"
    return (
        f"bare Textual app's own timer + message, same minutes ({len(late)}): "
        f"p50 {percentile(late, 50):.1f} ms, p99 {percentile(late, 99):.1f} ms, max {max(late):.1f} ms"
    )


def _late_part(p: dict) -> str:
    return (
        f"{p['lateness_ms']:.0f} ms late: woke {p['late_ms']:.0f} ms late (loop busy "
        f"{p.get('loop_busy_ms', 0):.0f} ms past the moment before select, select returned "
        f"{p['select_late_ms']:.0f} ms after its timeout, other callbacks {p['busy_ms']:.0f} ms), then "
        f"{p['after_wall_ms']:.0f} ms to the screen using {p['after_cpu_ms']:.0f} ms CPU, "
        f"{p['involuntary']} involuntary / {p['voluntary']} voluntary switches"
    )


def session_rows(result: dict, ticker: dict) -> list[Row]:
    late = result["lateness_ms"]
    p99, last = percentile(late, 99), late[-1]
    rows = [
        Row(
            "P3",
            f"phase boundary lateness, {result['boundaries']} boundaries of a 60-min script at "
            f"{result['rate']:g}× (real ms)",
            f"p50 {percentile(late, 50):.1f} ms, p99 {p99:.1f} ms, max {max(late):.1f} ms, last {last:.1f} ms",
            _bare_timers(ticker),
            "— (absolute)",
            "p99 ≤ 15 ms and last ≤ 15 ms",
            p99 <= 15 and last <= 15,
        ),
    ]
    parts = [p for p in result.get("wakes", []) if p["lateness_ms"] > 15 and "late_ms" in p]
    if parts:
        rows.append(
            Row(
                "P3x",
                "each boundary later than 15 ms: where the time went (see the method)",
                "; ".join(_late_part(p) for p in parts),
                "—",
                "—",
                "—",
                None,
            )
        )
    if result["player"] != "SimpleaudioPlayer" or not result["cues"]:
        reason = result.get("player_notice") or f"player was {result['player']}"
        rows.append(
            Row("P4", "cue latency: boundary → play() returned", f"skipped: {reason}", "—", "—", "p99 ≤ 2 ms", None)
        )
    else:
        boundary = [c["boundary_ms"] for c in result["cues"]]
        call = [c["call_ms"] for c in result["cues"]]
        p99c = percentile(boundary, 99)
        rows.append(
            Row(
                "P4",
                f"cue latency: planned boundary → simpleaudio play() returned, ALSA null ({len(boundary)} cues)",
                f"p50 {percentile(boundary, 50):.2f} ms, p99 {p99c:.2f} ms",
                f"play() call alone: p50 {percentile(call, 50):.2f} ms, p99 {percentile(call, 99):.2f} ms",
                "—",
                "p99 ≤ 2 ms",
                p99c <= 2,
            )
        )
    peak, base = result["peak_kb"] / 1024, ticker["peak_kb"] / 1024
    samples = result["rss_kb"]
    first = next((kb for t, kb in samples if t >= 600), samples[0][1]) / 1024
    last_kb = samples[-1][1] / 1024
    growth = last_kb - first
    rows += [
        Row(
            "P6a",
            "peak RSS (VmHWM) over the 60-min session vs 1 Hz Textual ticker (headless, same real time)",
            f"{peak:.1f} MiB",
            f"{base:.1f} MiB",
            f"{peak / base:.2f}×",
            "≤ 1.4×",
            peak / base <= 1.4,
        ),
        Row(
            "P6b",
            "RSS at session minute 10 → at the end (minute 60)",
            f"{first:.1f} → {last_kb:.1f} MiB",
            "—",
            f"{growth:+.2f} MiB",
            "no growth (≤ +1 MiB)",
            growth <= 1.0,
        ),
    ]
    return rows


def scale_rows(cli: dict[str, list[tuple[float, float]]], sessions: int, checkins: int) -> list[Row]:
    def pair(name: str) -> tuple[Spread, Spread]:
        return spread([w for w, _ in cli[name]]), spread([c for _, c in cli[name]])

    version_wall, version_cpu = pair("version")
    rows = []
    for key, name, limit in (
        ("P5b", "history", 0.5),
        ("P5c", "html", 3.0),
        ("P5d", "csv", 2.0),
        ("P5e", "json", 2.0),
    ):
        wall, cpu = pair(name)
        command = "`pendulate history`" if name == "history" else f"`pendulate export --format {name}` (everything)"
        rows.append(
            Row(
                key,
                f"{command} on {sessions:,} sessions / {checkins:,} check-ins: wall (CPU)",
                f"{wall.text(' s', 2)} (CPU {cpu.median:.2f} s)"
                # P5d, P5e: beside it the floor, the same rows read and written with no formatting (bench/scale.py)
                + (f"; floor {pair('floor-' + name)[0].text(' s', 2)}" if f"floor-{name}" in cli else ""),
                f"`pendulate --version` {version_wall.text(' s', 2)}",
                f"{wall.median / version_wall.median:.1f}×",
                f"≤ {limit:g} s" if limit else "— (no target; was 20–26 s)",
                None if limit is None else wall.median <= limit,
            )
        )
    return rows


def p8_rows(result: dict) -> list[Row]:
    held, free = result["held_ms"], result["free_ms"]
    p99 = percentile(held, 99)
    return [
        Row(
            "P8",
            f"`g` pressed while another process holds the log's write lock → grounding on screen ({len(held)} presses)",
            f"p50 {percentile(held, 50):.1f} ms, p99 {p99:.1f} ms, max {max(held):.1f} ms",
            f"log free: p50 {percentile(free, 50):.1f} ms, p99 {percentile(free, 99):.1f} ms",
            f"{percentile(held, 50) / percentile(free, 50):.1f}× (p50)",
            "p99 ≤ 100 ms",
            p99 <= 100,
        )
    ]


def render(info: dict[str, str], rows: list[Row], method: list[str], findings: str) -> str:
    out = ["# pendulate benchmarks", "", "Generated by `make bench` (`bench/run.py`); do not edit by hand.", ""]
    out += [f"- **{k}**: {v}" for k, v in info.items()]
    out += [
        "",
        "| id | what | pendulate | baseline (same run) | ratio | target | result |",
        "|---|---|---|---|---|---|---|",
    ]
    out += [row.line() for row in rows]
    out += [
        "",
        "Figures are `median (min–max, n=runs)` unless a percentile is named.",
        "",
        "## How it was measured",
        "",
    ]
    out += [f"- {line}" for line in method]
    out += ["", "## Findings", ""]
    out += [findings]
    return "\n".join(out) + "\n"
