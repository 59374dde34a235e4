"""The real ``pendulate run`` in a real terminal (tmux): check-ins by keys, then the summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from pendulate.store import Store
from tests.tmux_helpers import (
    CLOSING,
    MIDDLE,
    OPENING,
    needs_tmux,
    prepare_home,
    run_argv,
    tmux_server,  # noqa: F401  (a fixture)
    write_script,
)

pytestmark = [needs_tmux, pytest.mark.slow]


def test_a_short_script_runs_to_the_summary_with_keyed_checkins(tmp_path: Path, tmux_server) -> None:
    prepare_home(tmp_path)
    script = write_script(tmp_path)
    tmux_server.start("smoke", run_argv(script))
    tmux_server.answer("smoke", OPENING, 2, 7)
    tmux_server.answer("smoke", MIDDLE, 3, 8)
    tmux_server.answer("smoke", CLOSING, 1, 8)
    summary = tmux_server.wait_for("smoke", "Session complete")
    assert "start 2" in summary and "end 1" in summary

    with Store.open() as store:
        assert store.integrity_problems() == []
        (session,) = store.history()
        assert (session.script_id, session.status) == ("tmux-short", "completed")
        checkins = store.session_detail(session.id).checkins
        assert [(c.suds, c.settling) for c in checkins] == [(2, 7), (3, 8), (1, 8)]
