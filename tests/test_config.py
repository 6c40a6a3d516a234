"""Settings are checked at start: a bad one stops with its name and the allowed range, never echoing a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_DATA_DIR, ConfigError, settings_from_env

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


def test_defaults() -> None:
    settings = settings_from_env({})
    assert (settings.cooldown_uses, settings.cooldown_seconds, settings.log_level) == (3, 10.0, "INFO")
    assert settings.data_dir == DEFAULT_DATA_DIR and settings.shard_count is None and settings.shard_ids is None


@pytest.mark.parametrize("value", ["0", "-1", "1001", "2.5", "three"])
def test_cooldown_uses_must_be_in_range(value: str) -> None:
    with pytest.raises(ConfigError, match=r"^COOLDOWN_USES must be a whole number of questions from 1 to 1000, not "):
        settings_from_env({"COOLDOWN_USES": value})


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "-inf", "1e9", "soon"])
def test_cooldown_seconds_must_be_a_positive_finite_number(value: str) -> None:
    with pytest.raises(ConfigError, match=r"^COOLDOWN_SECONDS must be a number of seconds above 0 and at most 86400"):
        settings_from_env({"COOLDOWN_SECONDS": value})


def test_good_cooldowns_are_read() -> None:
    settings = settings_from_env({"COOLDOWN_USES": "5", "COOLDOWN_SECONDS": "2.5"})
    assert (settings.cooldown_uses, settings.cooldown_seconds) == (5, 2.5)


def test_a_garbage_log_level_is_named() -> None:
    with pytest.raises(ConfigError) as error:
        settings_from_env({"LOG_LEVEL": "verbose"})
    assert str(error.value) == "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'VERBOSE'"


@pytest.mark.parametrize("name", ["COOLDOWN_USES", "COOLDOWN_SECONDS", "LOG_LEVEL", "DEV_GUILD_ID", "SHARD_COUNT"])
def test_a_token_pasted_into_another_setting_is_never_echoed(name: str) -> None:
    for env in ({name: TOKEN}, {name: TOKEN, "DISCORD_TOKEN": TOKEN}, {name: "abc" + TOKEN[:20]}):
        with pytest.raises(ConfigError) as error:
            settings_from_env(env)
        message = str(error.value)
        assert message.startswith(name) and "looks like a secret (not shown)" in message
        assert TOKEN[:12] not in message and "abc" not in message


def test_dev_guild_id_is_a_server_id() -> None:
    assert settings_from_env({"DEV_GUILD_ID": "123456789012345678"}).dev_guild_id == 123456789012345678
    with pytest.raises(ConfigError, match=r"^DEV_GUILD_ID must be a server id .*not 'my server'"):
        settings_from_env({"DEV_GUILD_ID": "my server"})


def test_shards() -> None:
    settings = settings_from_env({"SHARD_COUNT": "8", "SHARD_IDS": "0-2, 5"})
    assert settings.shard_count == 8 and settings.shard_ids == (0, 1, 2, 5)
    with pytest.raises(ConfigError, match="SHARD_IDS needs SHARD_COUNT"):
        settings_from_env({"SHARD_IDS": "0"})
    with pytest.raises(ConfigError, match=r"SHARD_IDS must be shard numbers from 0 to 7 .*not '6-9'"):
        settings_from_env({"SHARD_COUNT": "8", "SHARD_IDS": "6-9"})
    with pytest.raises(ConfigError, match="SHARD_COUNT must be a whole number of shards from 1"):
        settings_from_env({"SHARD_COUNT": "0"})


def test_data_dir_is_never_the_corpus_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for inside in (corpus, corpus / "data"):
        with pytest.raises(ConfigError, match="DATA_DIR must be outside the corpus folder"):
            settings_from_env({"CORPUS_DIR": str(corpus), "DATA_DIR": str(inside)})
    assert settings_from_env({"CORPUS_DIR": str(corpus), "DATA_DIR": str(tmp_path / "data")}).data_dir == \
        tmp_path / "data"
