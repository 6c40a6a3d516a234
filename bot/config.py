"""Settings read from the environment (and `.env`) once, in main(), into a frozen dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"


class ConfigError(ValueError):
    """A setting that is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Everything the program reads from its environment."""

    corpus_dir: Path = DEFAULT_CORPUS_DIR
    discord_token: str = ""
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    cooldown_seconds: float = 10.0
    cooldown_uses: int = 3
    semantic: str = "auto"

    def __repr__(self) -> str:
        # The token must never reach a log line or a traceback.
        token = "set" if self.discord_token else "unset"
        return f"Settings(corpus_dir={str(self.corpus_dir)!r}, discord_token=<{token}>, dev_guild_id={self.dev_guild_id}, log_level={self.log_level!r})"


def _number(env: Mapping[str, str], name: str, kind: type, default: float | int | None):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None


def settings_from_env(env: Mapping[str, str] | None = None, dotenv: bool = True) -> Settings:
    """Build Settings from the environment, after loading `.env` from the current folder if present."""
    if env is None:
        if dotenv:
            from dotenv import load_dotenv

            load_dotenv(Path.cwd() / ".env", override=False)
        env = os.environ
    level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {level!r}")
    corpus = env.get("CORPUS_DIR", "").strip()
    semantic = env.get("SEMANTIC", "auto").strip().lower() or "auto"
    if semantic not in ("auto", "on", "off"):
        raise ConfigError(f"SEMANTIC must be auto, on or off, not {semantic!r}")
    return Settings(
        corpus_dir=Path(corpus).expanduser() if corpus else DEFAULT_CORPUS_DIR,
        discord_token=env.get("DISCORD_TOKEN", "").strip(),
        dev_guild_id=_number(env, "DEV_GUILD_ID", int, None),
        log_level=level,
        cooldown_seconds=_number(env, "COOLDOWN_SECONDS", float, 10.0),
        cooldown_uses=_number(env, "COOLDOWN_USES", int, 3),
        semantic=semantic,
    )
