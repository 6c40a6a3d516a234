"""Settings read from the environment (and `.env`) once, in main(), into a frozen dataclass, each checked at start."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS_DIR = PROJECT_DIR / "corpus"
DEFAULT_DATA_DIR = PROJECT_DIR / "data"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SEMANTIC_MODES = ("auto", "on", "off")
MAX_COOLDOWN_USES = 1000
MAX_COOLDOWN_SECONDS = 86400.0
MAX_SHARDS = 10000
# A long run of token characters (a bot token is three base64 runs joined by dots): never repeated back.
_SECRET_LOOKING = re.compile(r"[A-Za-z0-9_\-.]{20,}")


class ConfigError(ValueError):
    """A setting that is missing or malformed; the message names the variable and what it accepts."""


@dataclass(frozen=True)
class Settings:
    """Everything the program reads from its environment."""

    corpus_dir: Path = DEFAULT_CORPUS_DIR
    data_dir: Path = DEFAULT_DATA_DIR
    discord_token: str = ""
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    cooldown_seconds: float = 10.0
    cooldown_uses: int = 3
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    semantic: str = "auto"

    def __repr__(self) -> str:
        # The token must never reach a log line or a traceback.
        token = "set" if self.discord_token else "unset"
        return (f"Settings(corpus_dir={str(self.corpus_dir)!r}, data_dir={str(self.data_dir)!r}, "
                f"discord_token=<{token}>, dev_guild_id={self.dev_guild_id}, log_level={self.log_level!r}, "
                f"cooldown={self.cooldown_uses}/{self.cooldown_seconds}s, shard_count={self.shard_count}, "
                f"shard_ids={self.shard_ids}, semantic={self.semantic!r})")


def _shown(raw: str, token: str) -> str:
    """The bad value as it may appear in an error: never when it looks like a secret (a token pasted by mistake)."""
    if (token and token in raw) or _SECRET_LOOKING.search(raw):
        return "a value that looks like a secret (not shown)"
    return repr(raw if len(raw) <= 40 else raw[:40] + "…")


def _integer(env: Mapping[str, str], name: str, low: int, high: int, what: str, token: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d+", raw) or not low <= int(raw) <= high:
        raise ConfigError(f"{name} must be {what}, not {_shown(raw, token)}")
    return int(raw)


def _seconds(env: Mapping[str, str], name: str, default: float, token: str) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_COOLDOWN_SECONDS):
        raise ConfigError(f"{name} must be a number of seconds above 0 and at most {MAX_COOLDOWN_SECONDS:.0f}, "
                          f"not {_shown(raw, token)}")
    return value


def _shard_ids(env: Mapping[str, str], count: int | None, token: str) -> tuple[int, ...] | None:
    raw = env.get("SHARD_IDS", "").strip()
    if not raw:
        return None
    if count is None:
        raise ConfigError("SHARD_IDS needs SHARD_COUNT: the total number of shards across all processes")
    ids: list[int] = []
    for part in raw.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match or int(match[2] or match[1]) < int(match[1]) or int(match[2] or match[1]) >= count:
            raise ConfigError(f"SHARD_IDS must be shard numbers from 0 to {count - 1} (SHARD_COUNT - 1), separated by "
                              f"commas, ranges allowed (0-3,8), not {_shown(raw, token)}")
        ids.extend(range(int(match[1]), int(match[2] or match[1]) + 1))
    return tuple(sorted(set(ids)))


def _folder(env: Mapping[str, str], name: str, default: Path) -> Path:
    raw = env.get(name, "").strip()
    return Path(raw).expanduser() if raw else default


def read_dotenv(path: Path) -> None:
    """Load a `.env` file into the environment (existing variables win); an unreadable one is a ConfigError."""
    from dotenv import load_dotenv

    if not path.exists():
        return
    if not path.is_file():
        raise ConfigError(f"{path} cannot be read: it is not a regular file")
    try:
        load_dotenv(path, override=False, encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path} is not UTF-8 text (byte {error.object[error.start]:#04x} at position "
                          f"{error.start}): save it as UTF-8") from None
    except OSError as error:
        raise ConfigError(f"{path} cannot be read: {error.strerror or error}") from None


def settings_from_env(env: Mapping[str, str] | None = None, dotenv: bool = True) -> Settings:
    """Build Settings from the environment, after loading `.env` from the current folder if present."""
    if env is None:
        if dotenv:
            read_dotenv(Path.cwd() / ".env")
        env = os.environ
    token = env.get("DISCORD_TOKEN", "").strip()
    level = env.get("LOG_LEVEL", "").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {_shown(level, token)}")
    uses = _integer(env, "COOLDOWN_USES", 1, MAX_COOLDOWN_USES,
                    f"a whole number of questions from 1 to {MAX_COOLDOWN_USES}", token)
    shard_count = _integer(env, "SHARD_COUNT", 1, MAX_SHARDS, f"a whole number of shards from 1 to {MAX_SHARDS}",
                           token)
    corpus_dir = _folder(env, "CORPUS_DIR", DEFAULT_CORPUS_DIR)
    data_dir = _folder(env, "DATA_DIR", DEFAULT_DATA_DIR)
    corpus, data = corpus_dir.resolve(), data_dir.resolve()
    if data == corpus or corpus in data.parents:
        raise ConfigError(f"DATA_DIR must be outside the corpus folder ({corpus_dir}): the bot writes there, and the "
                          f"corpus folder holds only articles")
    semantic = env.get("SEMANTIC", "").strip().lower() or "auto"
    if semantic not in SEMANTIC_MODES:
        raise ConfigError(f"SEMANTIC must be one of {', '.join(SEMANTIC_MODES)}, not {_shown(semantic, token)}")
    return Settings(
        corpus_dir=corpus_dir,
        data_dir=data_dir,
        discord_token=token,
        dev_guild_id=_integer(env, "DEV_GUILD_ID", 1, 2**64 - 1, "a server id (the number Copy Server ID gives)",
                              token),
        log_level=level,
        cooldown_seconds=_seconds(env, "COOLDOWN_SECONDS", 10.0, token),
        cooldown_uses=3 if uses is None else uses,
        shard_count=shard_count,
        shard_ids=_shard_ids(env, shard_count, token),
        semantic=semantic,
    )
