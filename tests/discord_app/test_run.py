"""Starting the bot: a missing or rejected token, an unreachable Discord or an unreadable .env stops with one line,
and the token is never printed."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from bot import cli
from bot.config import ConfigError, Settings, settings_from_env
from bot.discord_app import run
from bot.discord_app.client import CommandSync

from ..conftest import ROOT

SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret.token-abcdefghijklmnopqrstu"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DEV_GUILD_ID", "LOG_LEVEL")}
    env["PYTHONPATH"] = str(ROOT)
    return env | extra


@pytest.mark.parametrize("command", ["run", "sync"])
def test_missing_token_is_one_clear_line(tmp_path: Path, command: str) -> None:
    result = subprocess.run([sys.executable, "-m", "bot", command], cwd=tmp_path, env=_env(), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("error: DISCORD_TOKEN is not set") and result.stderr.count("\n") == 1


def test_rejected_token_is_one_clear_line_and_never_shown(monkeypatch: pytest.MonkeyPatch, small_corpus) -> None:
    async def reject(self, token, **kwargs):
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(run.CoverageBot, "start", reject)
    with pytest.raises(ConfigError) as error:
        run.run_bot(replace(Settings(), discord_token=SECRET, corpus_dir=small_corpus))
    assert "rejected DISCORD_TOKEN" in str(error.value) and SECRET not in str(error.value)


@pytest.mark.parametrize("command", [["run"], ["sync"], ["sync", "--guild", "123"]])
def test_unreachable_discord_is_one_line_saying_why(command: list[str], monkeypatch: pytest.MonkeyPatch, capsys,
                                                     small_corpus, tmp_path: Path) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:9/api/v10")  # nothing listens on port 9
    monkeypatch.chdir(tmp_path)
    for name, value in {"DISCORD_TOKEN": SECRET, "CORPUS_DIR": str(small_corpus),
                        "DATA_DIR": str(tmp_path / "data")}.items():
        monkeypatch.setenv(name, value)
    assert cli.main(command) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: Discord could not be reached (") and "127.0.0.1:9" in err
    assert err.count("\n") == 1 and SECRET not in err


def test_settings_never_show_the_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={SECRET}\nDEV_GUILD_ID=42\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DEV_GUILD_ID", raising=False)
    settings = settings_from_env()
    assert settings.discord_token == SECRET and settings.dev_guild_id == 42
    assert "secret" not in repr(settings) and "secret" not in str(settings)


@pytest.mark.parametrize("content", [b"DISCORD_TOKEN=caf\xe9\n", None])
def test_an_unreadable_env_file_is_one_line(tmp_path: Path, content: bytes | None) -> None:
    if content is None:
        (tmp_path / ".env").mkdir()  # unreadable as a file, even for root
    else:
        (tmp_path / ".env").write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "bot", "sources"], cwd=tmp_path, env=_env(), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and ".env" in result.stderr
    assert ("not UTF-8" if content else "cannot be read") in result.stderr


def test_sync_options_are_exclusive_and_checked(capsys) -> None:
    assert cli.main(["sync", "--guild", "1", "--clear-guild", "2"]) == 2
    assert cli.main(["sync", "--guild", "my server"]) == 2
    assert "server id" in capsys.readouterr().err


def test_env_file_is_ignored_by_git() -> None:
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def test_command_sync_requests() -> None:
    assert CommandSync("guild", 5).guild_id == 5
