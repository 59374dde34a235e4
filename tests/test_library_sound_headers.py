"""The library lists scripts without running ffprobe on their recordings; validate and a session still read every header."""

from __future__ import annotations

from pathlib import Path

import recording_helpers as rec

from pendulate import paths
from pendulate.audio.speech import FakeSpeaker
from pendulate.audio.voices import prepare_clips
from pendulate.plan.build import build_plan
from pendulate.script import sounds
from pendulate.script.loader import check_script
from pendulate.tui.factory import Catalogue

SCRIPT = """\
format: 1
id: mine
title: Mine
phases:
  - kind: resource
    duration: 60
    voice: prompts/rest.mp3
    prompt: "Rest here."
  - kind: orient
    duration: 30
    prompt: "Look around."
"""


def own_script(recording: bytes) -> Path:
    folder = paths.user_scripts_dir()
    (folder / "prompts").mkdir(parents=True)
    (folder / "prompts" / "rest.mp3").write_bytes(recording)
    path = folder / "mine.yaml"
    path.write_text(SCRIPT)
    return path


def test_the_library_reads_no_recording_header_and_a_session_still_finds_a_bad_one(monkeypatch) -> None:
    path = own_script(b"this is text, not sound")
    ran: list[object] = []
    monkeypatch.setattr(sounds, "_ffprobe", lambda *a: ran.append(a) or sounds.NOT_READ)
    listed = {s.id: s for s in Catalogue().scripts()}
    assert "mine" in listed and ran == []  # listed at once, no ffprobe
    monkeypatch.undo()
    script, problems = check_script(path)  # validate reads it, and says what is wrong, where
    assert script is None and any("rest.mp3" in p.message for p in problems)
    clips = prepare_clips(build_plan(listed["mine"]), engine=FakeSpeaker())
    assert any("could not be read" in notice for notice in clips.notices)  # the session says so calmly
    assert clips.source(next(iter(clips.clips))) == "fake"  # and the prompt is read instead


def test_a_good_recording_is_listed_the_same_and_validate_still_warns_when_it_outlasts_its_phase(tmp_path) -> None:
    long_tone = rec.tones(tmp_path)["long-tone.m4a"]  # 40 seconds
    path = own_script(long_tone.read_bytes())
    path.write_text(SCRIPT.replace("rest.mp3", "rest.m4a").replace("duration: 60", "duration: 20"))
    (path.parent / "prompts" / "rest.mp3").rename(path.parent / "prompts" / "rest.m4a")
    listed = {s.id: s for s in Catalogue().scripts()}
    assert listed["mine"].phases[0].voice == str((path.parent / "prompts" / "rest.m4a").resolve())
    script, problems = check_script(path)
    assert script is not None and any("longer" in p.message or "lasts" in p.message for p in problems)
