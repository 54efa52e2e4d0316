"""Settings: defaults, config file, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tts_articles.config import BatchSettings, Settings, load_batch_settings, load_settings
from tts_articles.errors import ConfigError


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    assert load_settings(folder=tmp_path) == Settings()


def test_config_file_overrides_only_its_own_keys(tmp_path: Path) -> None:
    (tmp_path / "tts-articles.toml").write_text('[narrate]\nbitrate_kbps = 96\nlexicons = ["a.toml"]\n')
    settings = load_settings(folder=tmp_path)
    assert settings.bitrate_kbps == 96 and settings.lexicons == ("a.toml",)
    assert settings.chapters == Settings().chapters


def test_command_line_overrides_win_and_none_means_not_given() -> None:
    settings = Settings(bitrate_kbps=96).with_overrides(bitrate_kbps=128, voice=None)
    assert settings.bitrate_kbps == 128 and settings.voice is None


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[narrate]\nbitrat = 96\n", "unknown setting 'bitrat'"),
        ("[narrate]\nbitrate_kbps = 100\n", "bitrate 100 kbit/s is not supported"),
        ("[narrate]\nchapters = 'weekly'\n", "unknown chapter mode 'weekly'"),
        ("[narrate]\nlength_scale = 9\n", "speed 0.11 is out of range"),
        ("[narrate]\nsentence_pause_s = -1\n", "sentence_pause_s must be between 0 and 10 seconds"),
        ("[narrate\n", "is not valid TOML"),
    ],
)
def test_bad_config_is_an_error_naming_the_problem(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "tts-articles.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_a_bad_value_names_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "tts-articles.toml"
    path.write_text("[narrate]\nbitrate_kbps = 100\n")
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert str(raised.value).startswith(f"{path}: bitrate 100 kbit/s")


def test_config_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "tts-articles.toml"
    path.write_bytes(b"[narrate]\nvoice = '\xff'\n")
    with pytest.raises(ConfigError, match=f"cannot read config file {path}"):
        load_settings(path)


@pytest.mark.parametrize("value", [0, -5, "soon", float("nan")])
def test_a_story_timeout_must_be_seconds_above_zero(value: object) -> None:
    with pytest.raises(ConfigError, match="story_timeout_s must be a number of seconds above 0"):
        Settings(story_timeout_s=value)  # type: ignore[arg-type]


def test_the_batch_table_names_the_scheduler_beside_the_narrate_table(tmp_path: Path) -> None:
    (tmp_path / "tts-articles.toml").write_text('[narrate]\nbitrate_kbps = 96\n\n[batch]\nscheduler = "tcp://10.0.0.5:8786"\n')
    assert load_batch_settings(folder=tmp_path) == BatchSettings(scheduler="tcp://10.0.0.5:8786")
    assert load_settings(folder=tmp_path).bitrate_kbps == 96
    assert load_batch_settings(folder=tmp_path / "elsewhere") == BatchSettings()


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[batch]\nschedular = 'local'\n", "unknown batch setting 'schedular'; known: scheduler"),
        ("[batch]\nscheduler = 8786\n", "scheduler must be an address such as"),
        ("batch = 'local'\n", r"\[batch\] must be a table"),
    ],
)
def test_a_bad_batch_table_is_an_error_naming_the_problem(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "tts-articles.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message):
        load_batch_settings(path)
