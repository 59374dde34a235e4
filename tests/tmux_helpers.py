"""Driving the real ``pendulate`` in tmux: a private tmux server, keys, and polling the screen.

Every test gets its own server socket (``tmux -L``), killed afterwards, so nothing leaks into a
person's own tmux. The environment (PENDULATE_HOME, the silent ALSA device) is passed to each
session explicitly. Waiting is always "poll the screen until it shows X, up to a deadline",
never a fixed sleep, and the deadline only turns a hang into a readable failure.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from pendulate.store import Store

TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
PENDULATE = Path(sys.executable).with_name("pendulate")
DEADLINE = 30.0  # seconds; generous for a loaded CI machine, never reached when things work

# Short scripts at --speed 20. No activation phase, so no screening stands in front of them.
# Check-in titles are distinct so a test can tell which one is on screen.
SHORT_SCRIPT = """\
id: tmux-short
title: Tmux short
phases:
  - {kind: ground, duration: 10, prompt: "Feel your feet."}
  - kind: resource
    duration: 20
    checkin: {scales: [suds, settling], title: Middle check}
  - {kind: orient, duration: 10}
"""
# The middle check-in comes first, then a resource phase long enough (90 s at 20×) for a test
# to kill the process or resize the terminal inside it.
LONG_SCRIPT = """\
id: tmux-long
title: Tmux long
phases:
  - kind: ground
    duration: 10
    checkin: {scales: [suds, settling], title: Middle check}
  - {kind: resource, duration: 30m, prompt: "Rest here."}
  - {kind: orient, duration: 10}
"""

OPENING, MIDDLE, CLOSING = "Before we begin", "Middle check", "As we close"
CHECKIN_KEYS = "Enter: done"


def prepare_home(home: Path) -> None:
    """A practice log where the first-run statement is accepted and the screening answered.

    Those screens have their own tests; here they would only stand between tmux and the session.
    """
    try:
        from pendulate.safety.keys import INTRO_KEY, SCREENED_KEY
    except ImportError:  # a build without the safety steps has nothing to accept
        INTRO_KEY, SCREENED_KEY = "safety.intro_accepted", "safety.screened"
    with Store.open() as store:
        store.set_state(INTRO_KEY, "yes")
        store.set_state(SCREENED_KEY, "clear")


class TmuxServer:
    """One private tmux server; sessions keep their pane after the program exits."""

    def __init__(self, workdir: Path):
        self.socket = f"pendulate-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.config = workdir / "tmux.conf"
        # remain-on-exit: the last screen stays readable after the program ends.
        self.config.write_text("set -g remain-on-exit on\nset -g status off\n")

    def tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            [TMUX, "-L", self.socket, "-f", str(self.config), *args], capture_output=True, text=True, timeout=20
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, name: str, argv: list[str], *, size: tuple[int, int] = (100, 30)) -> None:
        """Run ``argv`` in a new detached session, under a small shell that writes its exit status.

        tmux itself sometimes reports a pane as dead before it has reaped the process, and then
        never gives its status; the shell's ``$?`` is exact (128+N after signal N).
        """
        env = {
            "PENDULATE_HOME": os.environ["PENDULATE_HOME"],
            "ALSA_CONFIG_PATH": os.environ["ALSA_CONFIG_PATH"],
            "TERM": "xterm-256color",
            "LC_ALL": "C.UTF-8",
        }
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        status = self.status_file(name)
        status.unlink(missing_ok=True)
        command = f'"$@"; echo $? > {shlex.quote(str(status))}.tmp; mv {shlex.quote(str(status))}.tmp {shlex.quote(str(status))}'
        self.tmux(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            *env_args,
            shlex.join(["sh", "-c", command, "sh", *argv]),
        )

    def status_file(self, name: str) -> Path:
        return self.config.with_name(f"{name}.status")

    def kill(self) -> None:
        self.tmux("kill-server", check=False)
        # tmux does not always remove the socket of a server killed this way.
        socket_dir = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (socket_dir / self.socket).unlink(missing_ok=True)

    def screen(self, name: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", name)

    def keys(self, name: str, *keys: str) -> None:
        for key in keys:  # one at a time, as a person types
            self.tmux("send-keys", "-t", name, key)

    def pane(self, name: str, field: str) -> str:
        return self.tmux("display-message", "-p", "-t", name, f"#{{{field}}}").strip()

    def pid(self, name: str) -> int:
        """The program's own process id: the one child of the pane's shell."""
        shell = int(self.pane(name, "pane_pid"))
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        assert len(children) == 1, children
        return int(children[0])

    def wait_for(self, name: str, text: str, *, gone: bool = False) -> str:
        """Poll the screen until ``text`` appears (or, with ``gone``, disappears)."""
        end = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < end:
            screen = self.screen(name)
            if (text in screen) != gone:
                return screen
            if self.status_file(name).exists() and not gone:
                break  # the program has ended: the text will not come
            time.sleep(0.05)
        raise AssertionError(f"{'still' if gone else 'never'} saw {text!r} in {name}; the screen:\n{screen}")

    def wait_exit(self, name: str) -> int:
        """Wait for the program to end; its exit status (128+N after signal N)."""
        end = time.monotonic() + DEADLINE
        status = self.status_file(name)
        while time.monotonic() < end:
            if status.exists():
                return int(status.read_text())
            time.sleep(0.05)
        raise AssertionError(f"{name} did not exit; the screen:\n{self.screen(name)}")

    def answer(self, name: str, title: str, suds: int, settling: int) -> None:
        """Answer the check-in titled ``title`` with two digits and Enter; return once it closed."""
        self.wait_for(name, title)
        self.keys(name, str(suds), str(settling), "Enter")
        self.wait_for(name, title, gone=True)


@pytest.fixture
def tmux_server(tmp_path: Path):
    server = TmuxServer(tmp_path)
    try:
        yield server
    finally:
        server.kill()


def write_script(folder: Path, text: str = SHORT_SCRIPT, name: str = "short.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_argv(script: Path, speed: int = 20) -> list[str]:
    return [str(PENDULATE), "run", str(script), "--speed", str(speed)]
