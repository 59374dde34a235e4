"""The settings file: read through declared fields, every problem located, nothing fatal."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from pendulate import paths, settings
from pendulate.settings import DEFAULT_CONTACTS, Settings, check_settings


def write(text: str) -> Path:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(problems: list) -> list[str]:
    return [str(p) for p in problems]


def test_a_missing_or_empty_file_gives_the_defaults_quietly() -> None:
    assert check_settings() == (Settings(), [])
    write("")
    assert check_settings() == (Settings(), [])


def test_what_the_app_saves_reads_back_unchanged() -> None:
    chosen = Settings(volume=35, mute=True, crisis_contacts=["Call Sam"], what_helps="tea  \nand a walk")
    settings.save(chosen)
    assert check_settings() == (chosen, [])
    assert stat.S_IMODE(paths.config_path().stat().st_mode) == 0o600


def test_a_wrong_type_is_located_and_keeps_the_default_while_the_rest_is_read() -> None:
    path = write("volume: 40\nmute: 3\npeople: Sam\n")
    loaded, problems = check_settings()
    assert (loaded.volume, loaded.mute, loaded.people) == (40, False, "Sam")
    assert messages(problems) == [
        f"{path}:2:7: 'mute' expects true or false, found the number 3\n"
        "    hint: this setting keeps its default until the file is corrected"
    ]


def test_an_out_of_range_volume_is_located_and_the_nearest_end_is_used() -> None:
    path = write("volume: 150\n")
    loaded, problems = check_settings()
    assert loaded.volume == 100
    assert messages(problems) == [f"{path}:1:9: 'volume' goes from 0 to 100, found 150\n    hint: using 100"]
    write("volume: -5\n")
    assert check_settings()[0].volume == 0


def test_an_unknown_key_is_located_with_a_did_you_mean() -> None:
    path = write("volume: 20\nreduced_moton: true\n")
    loaded, problems = check_settings()
    assert loaded == Settings(volume=20)
    assert len(problems) == 1
    assert str(problems[0]).startswith(
        f"{path}:2:1: unknown key 'reduced_moton' in the settings file\n    hint: did you mean 'reduced_motion'?"
    )


def test_the_retired_accepted_intro_key_still_loads_without_a_word() -> None:
    write("accepted_intro: true\nvolume: 70\n")
    assert check_settings() == (Settings(volume=70), [])
    assert not hasattr(Settings(), "accepted_intro")


def test_contacts_must_be_lines_of_text_and_an_empty_list_means_the_standard_ones() -> None:
    path = write("crisis_contacts:\n  - Call Sam\n  - 42\n")
    loaded, problems = check_settings()
    assert loaded.crisis_contacts == list(DEFAULT_CONTACTS)
    assert messages(problems)[0].startswith(f"{path}:3:5: each of 'crisis_contacts' is a line of text")
    write("crisis_contacts: []\n")
    assert check_settings() == (Settings(), [])


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("volume: [1\n", "1:9", "this bracket is never closed"),
        ("- volume\n", "1:1", "a settings file is a group of 'key: value' lines, found a list"),
        ("volume: 1\nvolume: 2\n", "2:1", "the key 'volume' appears twice in the same group (first on line 1)"),
    ],
)
def test_a_damaged_file_gives_the_defaults_with_a_located_message(text: str, where: str, message: str) -> None:
    path = write(text)
    loaded, problems = check_settings()
    assert loaded == Settings()
    assert messages(problems)[0].startswith(f"{path}:{where}: {message}")


def test_load_never_raises_and_logs_each_problem(caplog: pytest.LogCaptureFixture) -> None:
    path = write("volume: loud\n")
    with caplog.at_level(logging.WARNING, logger="pendulate.settings"):
        assert settings.load() == Settings()
    assert [r.getMessage() for r in caplog.records] == [
        f"settings: {path}:1:9: 'volume' expects a whole number, found the text 'loud'\n"
        "    hint: this setting keeps its default until the file is corrected"
    ]


def test_the_spoken_guidance_settings_read_back_and_are_checked() -> None:
    chosen = Settings(eyes_closed=True, speech=False, voice_volume=35, voice_model="/home/me/voices/en_GB-alba.onnx")
    settings.save(chosen)
    assert check_settings() == (chosen, [])
    assert (Settings().eyes_closed, Settings().speech, Settings().voice_volume, Settings().voice_model) == (
        False,
        True,
        60,
        "",
    )
    path = write("eyes_closed: maybe\nvoice_volume: 140\n")
    loaded, problems = check_settings()
    assert (loaded.eyes_closed, loaded.voice_volume) == (False, 100)
    assert messages(problems) == [
        f"{path}:1:14: 'eyes_closed' expects true or false, found the text 'maybe'\n"
        "    hint: this setting keeps its default until the file is corrected",
        f"{path}:2:15: 'voice_volume' goes from 0 to 100, found 140\n    hint: using 100",
    ]
