"""The 60-minute benchmark script: 120 half-minute phases, each with a prompt and its cue.

Written to ``bench/out/hour.yaml``. Many short phases give P3 over a hundred boundaries to
time instead of the dozen a real script has; no activation, so no check-ins stop the clock
between the opening and the closing one. At the benchmark's 30× a phase still lasts a real
second, longer than the work one boundary causes (cue flash included), so acceleration packs
boundaries closer together without making them queue behind each other.
"""

from __future__ import annotations

from pathlib import Path

PHASES = 120
SECONDS = 30
KINDS = ("orient", "ground", "resource")


def write_hour_script(path: Path) -> Path:
    lines = [
        "format: 1",
        "id: bench-hour",
        "title: Benchmark hour",
        'version: "1.0"',
        "author: pendulate bench",
        "description: Sixty minutes of half-minute phases, for timing phase boundaries.",
        "intended_use: Benchmarks only.",
        "requires_therapist: false",
        "phases:",
    ]
    for i in range(PHASES):
        # Rule R6: a script ends settled (a resource) and then back in the room (orient).
        kind = "resource" if i == PHASES - 2 else "orient" if i == PHASES - 1 else KINDS[i % len(KINDS)]
        lines += [
            f"  - kind: {kind}",
            f"    title: {kind.capitalize()} {i + 1}",
            f"    duration: {SECONDS}",
            "    prompts:",
            "      - at: 0",
            f'        text: "Phase {i + 1}: rest here."',
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path
