"""`python -m bot sync`: globally, to one server, or clearing one server's copies, so that moving from a dev server to
global never shows commands twice."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.config import Settings
from bot.discord_app.client import CommandSync
from bot.discord_app.run import sync_commands

from .fake_discord import GUILD_ID, FakeDiscord

SETTINGS = replace(Settings(), discord_token="fake-token")


async def sync(request: CommandSync) -> str:
    import asyncio

    return await asyncio.to_thread(sync_commands, SETTINGS, request)  # it runs its own event loop, as the CLI does


async def test_from_a_dev_server_to_global_without_duplicates(fake_discord: FakeDiscord) -> None:
    report = await sync(CommandSync("guild", int(GUILD_ID)))
    assert report == f"Published 4 commands to server {GUILD_ID} (they appear at once)."
    assert {c["name"] for c in fake_discord.commands[GUILD_ID]} == {"ask", "sources", "timeline", "reload"}
    assert (await sync(CommandSync("global"))).startswith("Published 4 commands globally")
    assert len(fake_discord.commands["global"]) == 4
    assert await sync(CommandSync("clear-guild", int(GUILD_ID))) == \
        f"Removed the commands published to server {GUILD_ID} only."
    assert fake_discord.commands[GUILD_ID] == [] and len(fake_discord.commands["global"]) == 4
    assert not fake_discord.sessions  # a sync never connects to the gateway


async def test_running_with_a_dev_server_warns_when_commands_are_also_global(start_bot, small_coverage,
                                                                             fake_discord: FakeDiscord, caplog) -> None:
    await sync(CommandSync("global"))
    await start_bot(small_coverage)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(f"sync --clear-guild {GUILD_ID}" in w for w in warnings)
