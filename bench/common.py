"""Shared pieces of the benchmarks: paths, the child environment, statistics, /proc readers, tmux.

Nothing here makes sound: every child gets ``ALSA_CONFIG_PATH`` pointing at the null device
config the tests use.
"""

from __future__ import annotations

import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
PYTHON = sys.executable
PENDULATE = str(Path(PYTHON).with_name("pendulate"))
ALSA_NULL = ROOT / "tests" / "alsa-null.conf"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
TMUX_SOCKET = "pendulate-bench"
COLS, ROWS = 100, 30


def child_env(home: Path) -> dict[str, str]:
    """The environment every measured process gets: its own data folder and silent ALSA."""
    env = dict(os.environ)
    env.update(
        {
            "PENDULATE_HOME": str(home),
            "ALSA_CONFIG_PATH": str(ALSA_NULL),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def prepare_home(home: Path) -> None:
    """A data folder whose first-run statement is already accepted, so the library opens first."""
    env = child_env(home)
    code = (
        "from datetime import datetime, timezone\n"
        "from pendulate.store.store import Store\n"
        "try:\n"
        "    from pendulate.safety.record import SafetyRecord\n"
        "except ImportError:\n"
        "    SafetyRecord = None  # a build without the first-run statement\n"
        "with Store.open() as store:\n"
        "    if SafetyRecord is not None:\n"
        "        SafetyRecord(store, lambda: datetime.now(timezone.utc)).accept_intro()\n"
    )
    subprocess.run([PYTHON, "-c", code], env=env, check=True, cwd=ROOT)


# ----- statistics --------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    median: float
    low: float
    high: float
    n: int

    def text(self, unit: str = "", digits: int = 0) -> str:
        """``median (min–max, n=N)`` in one short string."""
        fmt = f"{{:.{digits}f}}"
        return f"{fmt.format(self.median)}{unit} ({fmt.format(self.low)}–{fmt.format(self.high)}, n={self.n})"


def spread(values: list[float]) -> Spread:
    return Spread(statistics.median(values), min(values), max(values), len(values))


def percentile(values: list[float], q: float) -> float:
    """The ``q`` (0–100) percentile by the nearest-rank method: a value that really occurred."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


# ----- /proc -------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` (all its threads), from /proc/PID/stat."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    # After "pid (comm) ": fields[0] is state (field 3), so utime (14) and stime (15) are 11 and 12.
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_kb(pid: int | str = "self") -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of ``pid`` in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


# ----- machine -----------------------------------------------------------------------------


def cpu_jiffies() -> tuple[int, int]:
    """(all, steal) jiffies of the whole machine so far, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields[:8]), fields[7]


def steal_share(before: tuple[int, int], after: tuple[int, int]) -> str:
    """The share of CPU time the hypervisor gave to other machines between two readings."""
    total = after[0] - before[0]
    return f"{100 * (after[1] - before[1]) / total:.1f} %" if total > 0 else "—"


def machine_info() -> dict[str, str]:
    from importlib.metadata import version

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "textual": version("textual"),
        "platform": platform.platform(),
        "load average (1, 5, 15 min)": load,
    }


# ----- tmux --------------------------------------------------------------------------------


def tmux(*args: str, check: bool = True) -> str:
    """Run a tmux command on the benchmarks' own server (never the person's)."""
    done = subprocess.run(
        ["tmux", "-L", TMUX_SOCKET, "-f", "/dev/null", *args], capture_output=True, text=True, check=check
    )
    return done.stdout


class Pane:
    """One command running in its own tmux session at COLS × ROWS."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str]):
        self.name = name
        assignments = " ".join(f"{k}={shlex.quote(env[k])}" for k in ("PENDULATE_HOME", "ALSA_CONFIG_PATH"))
        # exec: the pane's pid is the measured process itself, not a shell around it.
        command = f"cd {shlex.quote(str(ROOT))} && exec env {assignments} {shlex.join(argv)}"
        self.started = time.perf_counter()
        tmux("new-session", "-d", "-s", name, "-x", str(COLS), "-y", str(ROWS), command)
        self.pid = int(tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def text(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(self, needle: str, timeout: float = 30.0, since: float | None = None) -> float:
        """Seconds from ``since`` (default: the start) until ``needle`` is on screen."""
        since = self.started if since is None else since
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if needle in self.text():
                return time.perf_counter() - since
            time.sleep(0.005)
        raise TimeoutError(f"{needle!r} did not appear in {self.name}:\n{self.text()}")

    def keys(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.name, *keys)

    def close(self) -> None:
        tmux("kill-session", "-t", self.name, check=False)


def start_tmux_server() -> None:
    """A keeper session so the server's own start-up is never part of a measurement."""
    tmux("kill-server", check=False)
    tmux("new-session", "-d", "-s", "keeper", "-x", str(COLS), "-y", str(ROWS), "sleep 86400")


def stop_tmux_server() -> None:
    tmux("kill-server", check=False)
