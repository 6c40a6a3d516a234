"""The cog and the error handler with spec'd fakes of discord objects (a misspelt attribute fails)."""

from __future__ import annotations

from dataclasses import replace
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest
from discord import app_commands

from bot.answer import Answerer
from bot.config import Settings
from bot.discord_app.client import CoverageBot, invite_url
from bot.discord_app.cog import AnswerView, AskCog, CooldownError, user_message


@pytest.fixture
def bot(answerer: Answerer) -> CoverageBot:
    return CoverageBot(replace(Settings(), cooldown_uses=2, cooldown_seconds=60), answerer)


def fake_interaction(user_id: int = 7, done: bool = False) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.user = MagicMock(spec=discord.Member, id=user_id)
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.defer = AsyncMock()
    interaction.response.send_message = AsyncMock()
    interaction.response.is_done = MagicMock(return_value=done)
    interaction.followup = MagicMock(spec=discord.Webhook)
    interaction.followup.send = AsyncMock()
    interaction.command = None
    return interaction


async def test_ask_defers_then_sends_the_answer_without_pings(bot: CoverageBot) -> None:
    interaction = fake_interaction()
    await AskCog(bot).ask.callback(AskCog(bot), interaction, "when did Amazon pause Rekognition?", False)
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    kwargs = interaction.followup.send.await_args.kwargs
    assert kwargs["embed"].title == "Answer" and isinstance(kwargs["view"], AnswerView)
    assert kwargs["allowed_mentions"].everyone is False and kwargs["allowed_mentions"].users is False


async def test_a_bad_question_is_refused_before_deferring(bot: CoverageBot) -> None:
    interaction = fake_interaction()
    with pytest.raises(Exception, match="no word to search"):
        await AskCog(bot).ask.callback(AskCog(bot), interaction, "???", False)
    interaction.response.defer.assert_not_awaited()


async def test_cooldown_per_user(bot: CoverageBot) -> None:
    bot.check_cooldown(1)
    bot.check_cooldown(1)
    with pytest.raises(CooldownError) as error:
        bot.check_cooldown(1)
    assert 0 < error.value.retry_after <= 60
    bot.check_cooldown(2)  # someone else is not held back


@pytest.mark.parametrize("done", [False, True])
async def test_error_handler_sends_one_private_line(bot: CoverageBot, done: bool, caplog) -> None:
    interaction = fake_interaction(done=done)
    command = MagicMock(spec=app_commands.Command)
    command.name = "ask"
    try:
        raise RuntimeError("index exploded")
    except RuntimeError as raised:
        error = app_commands.CommandInvokeError(command, raised)
    await bot.on_app_command_error(interaction, error)
    send = interaction.followup.send if done else interaction.response.send_message
    (line,), kwargs = send.await_args
    assert line.startswith("Something went wrong") and "\n" not in line and kwargs["ephemeral"] is True
    assert "index exploded" in caplog.text and "Traceback" in caplog.text


def test_user_messages() -> None:
    assert user_message(CooldownError(4.2)) == "You are asking too fast: try again in 4 s."
    from bot.answer import QuestionError

    assert user_message(QuestionError("the question is empty")) == "Sorry: the question is empty."


def test_invite_link_has_the_scopes_and_minimal_permissions() -> None:
    url = invite_url(123)
    permissions = discord.Permissions(view_channel=True, send_messages=True, embed_links=True,
                                      read_message_history=True)
    assert "client_id=123" in url and "scope=bot+applications.commands" in url
    assert f"permissions={permissions.value}" in url


def test_no_privileged_intent_and_no_pings(bot: CoverageBot) -> None:
    assert not bot.intents.message_content and not bot.intents.members and not bot.intents.presences
    assert bot.allowed_mentions.everyone is False and bot.allowed_mentions.roles is False
