"""Slash commands, mentions and buttons: each defers, runs the core off the event loop, and replies with embeds."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..answer import MAX_QUESTION_CHARS, Answer, Answerer, QuestionError
from ..corpus import CorpusError
from ..timeline import TimelineError
from .embeds import answer_embed, context_embed, error_line, sources_embed

if TYPE_CHECKING:
    from .client import CoverageBot

NO_PINGS = discord.AllowedMentions.none()
PASSAGES = 5
VIEW_TIMEOUT_SECONDS = 15 * 60


class AnswerView(discord.ui.View):
    """The buttons under an answer: the next passages in place, and the paragraphs around the shown one."""

    def __init__(self, bot: "CoverageBot", answer: Answer) -> None:
        super().__init__(timeout=VIEW_TIMEOUT_SECONDS)
        self.bot = bot
        self.answer = answer
        self.index = 0
        self.more.disabled = len(answer.hits) < 2
        self.context.disabled = not answer.hits

    @discord.ui.button(label="More results", style=discord.ButtonStyle.secondary)
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """Show the next passage in the same message (back to the first after the last)."""
        self.index = (self.index + 1) % len(self.answer.hits)
        await interaction.response.edit_message(embed=answer_embed(self.answer, self.index), view=self,
                                                allowed_mentions=NO_PINGS)

    @discord.ui.button(label="Show context", style=discord.ButtonStyle.secondary)
    async def context(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """Show the paragraphs around the passage, to the one who asked for them."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        hit = self.answer.hits[self.index]
        paragraphs = await asyncio.to_thread(self.bot.answerer.context, hit.passage, 1)
        await interaction.followup.send(embed=context_embed(hit, paragraphs), ephemeral=True,
                                        allowed_mentions=NO_PINGS)


class AskCog(commands.Cog):
    """/ask, /sources and questions asked by mentioning the bot."""

    def __init__(self, bot: "CoverageBot") -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="Ask the press coverage a question, in English or French")
    @app_commands.describe(question="Your question, e.g. when did Amazon pause Rekognition?",
                           private="Only you see the answer (default: everyone in the channel)")
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, MAX_QUESTION_CHARS], private: bool = False) -> None:
        """Answer a question with the passage, its key sentence and its source."""
        self.bot.check_cooldown(interaction.user.id)
        self.bot.answerer.parse(question)  # refused before deferring, so that its error stays private
        await interaction.response.defer(ephemeral=private, thinking=True)
        answer = await asyncio.to_thread(self.bot.answerer.ask, question, PASSAGES)
        await interaction.followup.send(embed=answer_embed(answer), view=AnswerView(self.bot, answer),
                                        ephemeral=private, allowed_mentions=NO_PINGS)

    @app_commands.command(name="sources", description="List the articles the answers come from")
    async def sources(self, interaction: discord.Interaction) -> None:
        """The articles with their outlets, dates and links."""
        await interaction.response.send_message(embed=sources_embed(self.bot.answerer.articles),
                                                allowed_mentions=NO_PINGS)

    @app_commands.command(name="reload", description="Pick up new or changed articles without restarting the bot")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        """Rebuild the answering core off the event loop; answers keep using the old one until the new is complete."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.reload_lock:
            answerer = await asyncio.to_thread(Answerer.from_corpus_dir, self.bot.settings.corpus_dir)
            self.bot.answerer = answerer
        await interaction.followup.send(
            f"Reloaded: {len(answerer.articles)} articles, {len(answerer.index.passages)} passages.", ephemeral=True,
            allowed_mentions=NO_PINGS)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A message that mentions the bot is a question; the reply goes to that message."""
        me = self.bot.user
        if message.author.bot or me is None or not any(u.id == me.id for u in message.mentions):
            return
        question = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        try:
            self.bot.check_cooldown(message.author.id)
            if not question:
                raise QuestionError("ask a question after the mention, e.g. @bot when did Amazon pause Rekognition?")
            async with message.channel.typing():
                answer = await asyncio.to_thread(self.bot.answerer.ask, question, PASSAGES)
        except (QuestionError, CooldownError) as error:
            await message.reply(error_line(user_message(error)), mention_author=False, allowed_mentions=NO_PINGS)
            return
        await message.reply(embed=answer_embed(answer), view=AnswerView(self.bot, answer), mention_author=False,
                            allowed_mentions=NO_PINGS)


class CooldownError(Exception):
    """One person asked too often; `retry_after` seconds until they may ask again."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after:.1f} s")
        self.retry_after = retry_after


def user_message(error: BaseException) -> str:
    """The one line a user sees for an error."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, (QuestionError, TimelineError)):
        return f"Sorry: {error}."
    if isinstance(error, (CooldownError, app_commands.CommandOnCooldown)):
        return f"You are asking too fast: try again in {max(error.retry_after, 1):.0f} s."
    if isinstance(error, CorpusError):
        return f"The corpus was not reloaded: {error}"
    return "Something went wrong while answering; the bot's host has the details in its log."
