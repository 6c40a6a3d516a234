"""Starting the bot: a missing or rejected token stops with one line, and the token is never printed."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from bot.config import ConfigError, Settings, settings_from_env
from bot.discord_app import run

from ..conftest import ROOT


@pytest.mark.parametrize("command", ["run", "sync"])
def test_missing_token_is_one_clear_line(tmp_path: Path, command: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = subprocess.run([sys.executable, "-m", "bot", command], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("error: DISCORD_TOKEN is not set") and result.stderr.count("\n") == 1


def test_rejected_token_is_one_clear_line_and_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    def reject(self, token, **kwargs):
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(run.CoverageBot, "run", reject)
    secret = "MTIz.secret.token"
    with pytest.raises(ConfigError) as error:
        run.run_bot(replace(Settings(), discord_token=secret))
    assert "rejected DISCORD_TOKEN" in str(error.value) and secret not in str(error.value)


def test_settings_never_show_the_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=MTIz.secret.token\nDEV_GUILD_ID=42\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DEV_GUILD_ID", raising=False)
    settings = settings_from_env()
    assert settings.discord_token == "MTIz.secret.token" and settings.dev_guild_id == 42
    assert "secret" not in repr(settings) and "secret" not in str(settings)


def test_bad_settings_name_the_variable() -> None:
    with pytest.raises(ConfigError, match="DEV_GUILD_ID must be a number"):
        settings_from_env({"DEV_GUILD_ID": "my server"})


def test_env_file_is_ignored_by_git() -> None:
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
