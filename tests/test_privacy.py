"""Check-ins are intimate health data: nothing leaves the machine, and only the person can read them.

- no module of pendulate can open a network connection (it imports no network library);
- a whole practised session plus every export, run under a socket guard, opens no socket;
- after every command that touches the data, folders are 0700 and files 0600.
"""

from __future__ import annotations

import ast
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pendulate.engine.answers import CheckinAnswers
from pendulate.engine.clock import FakeClock
from pendulate.export import ExportFilter, export
from pendulate.practice import prepare
from pendulate.store import Store
from pendulate.tui.screens.summary import SummaryScreen
from tests.tui_helpers import SHORT, make_app, run_to_summary

PACKAGE = Path(__file__).resolve().parent.parent / "pendulate"
PENDULATE = Path(sys.executable).with_name("pendulate")
NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "telnetlib",
    "xmlrpc",
    "socketserver",
    "asyncio.streams",
    "webbrowser",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value))  # importlib.import_module("…") counts too
    return found


def test_no_module_imports_a_network_library() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        bad = {
            name for name in imported_modules(path) if name in NETWORK_MODULES or name.split(".")[0] in NETWORK_MODULES
        }
        if bad:
            offenders[str(path.relative_to(PACKAGE.parent))] = sorted(bad)
    assert offenders == {}
    assert len(list(PACKAGE.rglob("*.py"))) > 20  # the scan really looked at the package


def test_the_scan_would_notice_an_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("import json\nfrom urllib.request import urlopen\nimportlib.import_module('socket')\n")
    assert {"urllib.request", "socket"} <= imported_modules(probe)


# ---- a session and exports under a socket guard -----------------------------------------
class NetworkAttempt(AssertionError):
    pass


@pytest.fixture
def socket_guard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse (and list) every attempt to open an internet socket or resolve a name.

    Local socket pairs stay allowed: asyncio's event loop wakes itself through one.
    """
    attempts: list[str] = []
    real_socket = socket.socket

    class GuardedSocket(real_socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if fileno is None and family in (-1, socket.AF_INET, socket.AF_INET6):
                attempts.append(f"socket({family}, {type})")
                raise NetworkAttempt("pendulate tried to open a network socket")
            super().__init__(family, type, proto, fileno)

    def refuse(name: str):
        def refused(*args, **kwargs):
            attempts.append(f"{name}{args}")
            raise NetworkAttempt(f"pendulate called socket.{name}")

        return refused

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "create_server"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_the_guard_catches_a_connection(socket_guard: list[str]) -> None:
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("example.org", 443))
    with pytest.raises(NetworkAttempt):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    a, b = socket.socketpair()  # local pairs still work
    a.close(), b.close()
    assert len(socket_guard) == 2


async def test_a_full_session_and_every_export_open_no_socket(socket_guard: list[str], tmp_path: Path) -> None:
    store = Store.open()
    app, clock, _ = make_app(start=SHORT, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await run_to_summary(pilot, app, clock)
        assert isinstance(app.screen, SummaryScreen)
    (summary,) = store.history()
    assert summary.status == "completed" and summary.checkin_count == 3
    for fmt in ("csv", "json", "html"):
        written = export(store, fmt, tmp_path / f"report.{fmt}", ExportFilter())
        assert written.stat().st_size > 0
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
    store.close()
    assert socket_guard == []


# ---- permissions after every command ----------------------------------------------------
def record_a_session() -> None:
    clock = FakeClock()
    with Store.open() as store:
        practice = prepare(SHORT, clock=clock, stop_script=None, store=store)
        practice.runner.start()
        for _ in range(40):
            if practice.session.finished:
                break
            if practice.session.awaiting_checkin:
                practice.runner.submit_checkin(CheckinAnswers(suds=3, settling=6, note="private"))
                continue
            clock.set(practice.session.next_due())
            practice.runner.tick()
        assert practice.session.finished


def loose_modes(home: Path) -> list[str]:
    """Everything under ``home`` that someone other than the owner could read."""
    found = []
    for root, dirs, files in os.walk(home):
        for name in dirs + files:
            path = Path(root) / name
            mode = stat.S_IMODE(path.lstat().st_mode)
            wanted = 0o700 if path.is_dir() else 0o600
            if mode != wanted:
                found.append(f"{path.relative_to(home)} {mode:o}")
    return found


COMMANDS = [
    ["history"],
    ["history", "--json"],
    ["export", "--format", "csv", "-o", "{home}/out/r.csv"],
    ["export", "--format", "json", "-o", "{home}/out/r.json"],
    ["export", "--format", "html", "-o", "{home}/out/r.html", "--no-notes"],
    ["data", "path"],
    ["data", "check"],
    ["data", "set-aside", "--yes"],
    ["list"],
    ["data", "delete", "--yes"],
    ["history"],  # after delete: a new, empty log is made owner-only as well
]


@pytest.mark.slow
def test_data_stays_owner_only_after_every_command(isolated_home: Path) -> None:
    record_a_session()
    (isolated_home / "out").mkdir(mode=0o700)
    assert loose_modes(isolated_home) == []
    env = dict(os.environ)
    for command in COMMANDS:
        argv = [arg.format(home=isolated_home) for arg in command]
        # The usual umask: anything not made private on purpose would come out 0644 / 0755.
        done = subprocess.run([str(PENDULATE), *argv], capture_output=True, text=True, env=env, timeout=60, umask=0o022)
        assert done.returncode == 0, (argv, done.stderr)
        assert "Traceback" not in done.stderr
        assert loose_modes(isolated_home) == [], argv
