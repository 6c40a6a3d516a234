"""The bot's own rules with spec'd fakes of discord objects (a misspelt attribute fails): errors, cooldowns,
intents, shutdown."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest
from discord import app_commands

from bot.question import QuestionError
from bot.config import Settings
from bot.discord_app.client import CoverageBot, ShuttingDown, invite_url, minimal_intents, user_message
from bot.discord_app.cooldown import PRUNE_ABOVE, CooldownError, Cooldowns
from bot.discord_app.labels import ENGLISH, FRENCH


@pytest.fixture
def bot(small_coverage) -> CoverageBot:
    return CoverageBot(replace(Settings(), cooldown_uses=2, cooldown_seconds=60), small_coverage)


def fake_interaction(done: bool = False, response_type: discord.InteractionResponseType | None = None) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.send_message = AsyncMock()
    interaction.response.is_done = MagicMock(return_value=done)
    interaction.response.type = response_type
    interaction.followup = MagicMock(spec=discord.Webhook)
    interaction.followup.send = AsyncMock()
    original = MagicMock(spec=discord.InteractionMessage)
    original.flags = discord.MessageFlags(loading=True)
    original.delete = AsyncMock()
    interaction.original_response = AsyncMock(return_value=original)
    return interaction


async def test_an_error_after_a_public_defer_replaces_the_thinking_message(bot: CoverageBot) -> None:
    interaction = fake_interaction(True, discord.InteractionResponseType.deferred_channel_message)
    await bot.send_error(interaction, QuestionError("the question has no word"), ENGLISH)
    (await interaction.original_response()).delete.assert_awaited_once()
    (line,), kwargs = interaction.followup.send.await_args
    assert line == "Sorry: the question has no word." and kwargs["ephemeral"] is True


async def test_an_error_before_any_reply_is_a_private_reply(bot: CoverageBot) -> None:
    interaction = fake_interaction()
    await bot.send_error(interaction, CooldownError(4.2), FRENCH)
    (line,), kwargs = interaction.response.send_message.await_args
    assert line == "Vous posez vos questions trop vite : réessayez dans 5 s." and kwargs["ephemeral"] is True


async def test_an_unexpected_error_is_logged_with_its_traceback(bot: CoverageBot, caplog) -> None:
    try:
        raise RuntimeError("index exploded")
    except RuntimeError as raised:
        error = raised
    interaction = fake_interaction()
    await bot.send_error(interaction, error, ENGLISH)
    (line,), _ = interaction.response.send_message.await_args
    assert line.startswith("Something went wrong") and "index exploded" not in line
    assert "index exploded" in caplog.text and "Traceback" in caplog.text


async def test_a_stopping_bot_takes_no_new_work_and_waits_for_the_rest(bot: CoverageBot) -> None:
    release = asyncio.Event()
    finished = []

    async def slow_answer() -> None:
        await release.wait()
        finished.append("answer")

    running = asyncio.create_task(bot.serve(fake_interaction(), ENGLISH, slow_answer))
    await asyncio.sleep(0)
    bot.stopping = True
    late = fake_interaction()
    await bot.serve(late, ENGLISH, slow_answer)
    (line,), _ = late.response.send_message.await_args
    assert line == user_message(ShuttingDown(), ENGLISH)
    assert not await bot.drain(0.05)  # still answering
    release.set()
    assert await bot.drain(1) and finished == ["answer"]
    await running


def test_user_messages() -> None:
    assert user_message(CooldownError(4.2)) == "You are asking too fast: try again in 5 s."
    assert user_message(QuestionError("the question is empty")) == "Sorry: the question is empty."
    command = MagicMock(spec=app_commands.Command)
    command.name = "ask"
    assert user_message(app_commands.CommandInvokeError(command, QuestionError("x"))) == "Sorry: x."


def test_cooldown_per_user_with_the_wait() -> None:
    now = [0.0]
    cooldowns = Cooldowns(2, 60, clock=lambda: now[0])
    cooldowns.check(1)
    cooldowns.check(1)
    with pytest.raises(CooldownError) as error:
        cooldowns.check(1)
    assert error.value.retry_after == 60
    cooldowns.check(2)  # someone else is not held back
    now[0] = 61
    cooldowns.check(1)


def test_idle_users_are_forgotten() -> None:
    now = [0.0]
    cooldowns = Cooldowns(3, 10, clock=lambda: now[0])
    for user in range(PRUNE_ABOVE + 1):
        cooldowns.check(user)
    now[0] = 11
    cooldowns.check("late")
    assert len(cooldowns) == 1


def test_invite_link_has_the_scopes_and_minimal_permissions() -> None:
    url = invite_url(123)
    permissions = discord.Permissions(view_channel=True, send_messages=True, embed_links=True,
                                      read_message_history=True)
    assert "client_id=123" in url and "scope=bot+applications.commands" in url
    assert f"permissions={permissions.value}" in url


def test_intents_are_explicit_and_minimal(bot: CoverageBot) -> None:
    assert bot.intents == minimal_intents()
    enabled = {name for name, on in bot.intents if on}
    assert enabled == {"guilds", "guild_messages", "dm_messages"}
    assert bot.allowed_mentions.everyone is False and bot.allowed_mentions.roles is False
