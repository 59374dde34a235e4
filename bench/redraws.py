"""What a running session draws each second, and what each part costs (the P2 breakdown).

``python -m bench.redraws [SECONDS]`` starts ``pendulate run orient-resource`` in tmux (as P2
does), skips the opening check-in, and counts for SECONDS (default 20) of the running session:
every frame Textual composes, every widget it draws in those frames, and every refresh asked
for, with the thread CPU time of each. Nothing is written to the project; it prints a table.

The counting runs inside the app's own process: ``python -m bench.redraws child`` wraps
Textual's drawing methods, then runs the pendulate command line as usual. SIGUSR1 starts the
count afresh, SIGUSR2 writes it to ``$REDRAWS_OUT``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import PYTHON, Pane, child_env, prepare_home, start_tmux_server, stop_tmux_server


def _child() -> int:
    import textual.screen
    import textual.widget

    calls: Counter[str] = Counter()
    spent: Counter[str] = Counter()
    longest: dict[str, float] = {}

    def counted(cls: type, name: str) -> None:
        original: Callable[..., Any] = getattr(cls, name)

        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return original(self, *args, **kwargs)
            finally:
                key = f"{cls.__name__}.{name}"
                if name in ("render_lines", "refresh"):
                    verb = "draw" if name == "render_lines" else "refresh"
                    key = f"{verb} #{self.id}" if self.id else f"{verb} {type(self).__name__}"
                took = time.thread_time() - started
                calls[key] += 1
                spent[key] += took
                longest[key] = max(longest.get(key, 0.0), took)

        setattr(cls, name, wrapper)

    counted(textual.screen.Screen, "_compositor_refresh")
    counted(textual.widget.Widget, "render_lines")
    counted(textual.widget.Widget, "refresh")
    since = [time.monotonic()]

    def restart(*_: object) -> None:
        calls.clear()
        spent.clear()
        longest.clear()
        since[0] = time.monotonic()

    def write(*_: object) -> None:
        result = {key: [calls[key], spent[key], longest[key]] for key in calls}
        Path(os.environ["REDRAWS_OUT"]).write_text(
            json.dumps({"seconds": time.monotonic() - since[0], "calls": result}), encoding="utf-8"
        )

    signal.signal(signal.SIGUSR1, restart)
    signal.signal(signal.SIGUSR2, write)
    from pendulate.cli import main

    return main(["run", "orient-resource"])


def _table(result: dict[str, Any]) -> str:
    seconds = result["seconds"]
    rows = sorted(result["calls"].items(), key=lambda item: -item[1][1])
    lines = [f"{seconds:.0f} s of a running session (orient-resource), thread CPU per second:", ""]
    lines.append(f"{'what':<36} {'per second':>11} {'ms per second':>14} {'longest, ms':>12}")
    for key, (count, cpu, most) in rows:
        lines.append(f"{key:<36} {count / seconds:>11.2f} {1000 * cpu / seconds:>14.3f} {1000 * most:>12.3f}")
    lines.append("")
    lines.append("Screen._compositor_refresh is one frame and includes every 'draw' row below it.")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["child"]:
        return _child()
    seconds = float(argv[0]) if argv else 20.0
    with tempfile.TemporaryDirectory(prefix="pendulate-redraws-") as tmp:
        home, out = Path(tmp) / "home", Path(tmp) / "redraws.json"
        prepare_home(home)
        os.environ["REDRAWS_OUT"] = str(out)  # the tmux server started next passes it on to the pane
        start_tmux_server()
        try:
            pane = Pane("redraws", [PYTHON, "-m", "bench.redraws", "child"], child_env(home))
            pane.wait_for("Before we begin")
            pane.keys("Escape")
            pane.wait_for("Look around the room", since=time.perf_counter())
            time.sleep(2.0)
            os.kill(pane.pid, signal.SIGUSR1)
            time.sleep(seconds)
            os.kill(pane.pid, signal.SIGUSR2)
            deadline = time.monotonic() + 5
            while not out.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            pane.close()
        finally:
            stop_tmux_server()
        print(_table(json.loads(out.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
