"""Starting and stopping the bot from the command line: the token is checked and never printed, Discord being out of
reach is one line, and SIGTERM or SIGINT stop it cleanly (answers in progress finish, the gateway closes with 1000)."""

from __future__ import annotations

import asyncio
import logging
import signal

import aiohttp
import discord

from ..config import ConfigError, Settings
from ..feedback import FeedbackStore
from .client import CommandSync, CoverageBot
from .coverage import Coverage

log = logging.getLogger(__name__)

MISSING_TOKEN = "DISCORD_TOKEN is not set: copy .env.example to .env and put your bot's token there (see README, Self-host)"
REJECTED_TOKEN = "Discord rejected DISCORD_TOKEN: reset the token in the Developer Portal (Bot → Reset Token) and update .env"
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# What failing to reach Discord looks like: no route, no name, refused, reset, timed out, or Discord's own 5xx.
UNREACHABLE = (aiohttp.ClientError, OSError, asyncio.TimeoutError, discord.GatewayNotFound, discord.DiscordServerError)


class DiscordUnreachable(Exception):
    """Discord could not be reached; the message says why, in one line."""


def _check_token(settings: Settings, quiet: bool = False) -> None:
    if not settings.discord_token:
        raise ConfigError(MISSING_TOKEN)
    level = logging.getLevelName(settings.log_level)
    if quiet:  # a one-shot command prints its result; its log shows only what went wrong
        level = max(level, logging.WARNING)
    if logging.getLogger().handlers:  # already set up (a second start in the same process, or a test)
        logging.getLogger().setLevel(level)
    else:
        discord.utils.setup_logging(level=level)


def _unreachable(error: BaseException, token: str) -> DiscordUnreachable:
    reason = " ".join(str(error).split()) or type(error).__name__
    if token:
        reason = reason.replace(token, "<token>")
    return DiscordUnreachable(f"Discord could not be reached ({reason[:300]}): check the network connection, a proxy "
                              f"or firewall, and https://discordstatus.com")


async def serve(bot: CoverageBot, token: str) -> None:
    """Run the bot until it stops or a stop signal arrives, then close it cleanly."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    try:
        async with bot:
            running = asyncio.create_task(bot.start(token))
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if running.done():
                stopping.cancel()
                running.result()  # a login failure or an unreachable Discord, raised here
                return
            log.info("Stop signal received")
            await bot.close()  # answers in progress finish first
            await running
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)


def run_bot(settings: Settings) -> None:
    """Log in and answer until stopped; a missing or rejected token stops with one line (ConfigError), an unreachable
    Discord too (DiscordUnreachable)."""
    _check_token(settings)
    # SEMANTIC=auto computes the passage vectors in the background once the bot answers (CoverageBot.start_semantic).
    coverage = Coverage.load(settings.corpus_dir, semantic="on" if settings.semantic == "on" else "off")
    bot = CoverageBot(settings, coverage, feedback=FeedbackStore(settings.data_dir))
    try:
        asyncio.run(serve(bot, settings.discord_token))
    except discord.LoginFailure:
        raise ConfigError(REJECTED_TOKEN) from None
    except UNREACHABLE as error:
        raise _unreachable(error, settings.discord_token) from None


def sync_commands(settings: Settings, request: CommandSync) -> str:
    """Publish the slash commands (globally, to one server) or clear one server's copies; what was done."""
    _check_token(settings, quiet=True)
    bot = CoverageBot(settings, None, command_sync=request)

    async def login_and_sync() -> None:
        async with bot:
            await bot.login(settings.discord_token)  # setup_hook syncs

    try:
        asyncio.run(login_and_sync())
    except discord.LoginFailure:
        raise ConfigError(REJECTED_TOKEN) from None
    except UNREACHABLE as error:
        raise _unreachable(error, settings.discord_token) from None
    return bot.sync_report
