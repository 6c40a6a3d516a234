"""Starting the bot from the command line: the token is checked, never printed."""

from __future__ import annotations

import asyncio
import logging

import discord

from ..answer import Answerer
from ..config import ConfigError, Settings
from .client import CoverageBot

MISSING_TOKEN = "DISCORD_TOKEN is not set: copy .env.example to .env and put your bot's token there (see README, Self-host)"
REJECTED_TOKEN = "Discord rejected DISCORD_TOKEN: reset the token in the Developer Portal (Bot → Reset Token) and update .env"


def _bot(settings: Settings, sync_global: bool = False) -> CoverageBot:
    if not settings.discord_token:
        raise ConfigError(MISSING_TOKEN)
    discord.utils.setup_logging(level=logging.getLevelName(settings.log_level))
    return CoverageBot(settings, Answerer.from_corpus_dir(settings.corpus_dir), sync_global=sync_global)


def run_bot(settings: Settings) -> None:
    """Log in and answer until stopped; a missing or rejected token stops with one line (ConfigError)."""
    bot = _bot(settings)
    try:
        bot.run(settings.discord_token, log_handler=None)
    except discord.LoginFailure:
        raise ConfigError(REJECTED_TOKEN) from None


def sync_global(settings: Settings) -> None:
    """Publish the slash commands to every server (Discord limits how often commands may be created)."""
    bot = _bot(settings, sync_global=True)

    async def login_and_sync() -> None:
        async with bot:
            await bot.login(settings.discord_token)  # setup_hook syncs

    try:
        asyncio.run(login_and_sync())
    except discord.LoginFailure:
        raise ConfigError(REJECTED_TOKEN) from None
