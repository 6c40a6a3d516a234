"""/ask, /sources, /reload, questions by mention or direct message, and the buttons under answers and sources."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Callable

import discord
from discord import app_commands
from discord.ext import commands

from ..answer import Answer
from ..question import MAX_QUESTION_CHARS, QuestionError, clean_question
from .client import NO_PINGS, RELOAD_COOLDOWN_SECONDS, Refused
from .embeds import answer_embed, context_embed, question_of, sources_page
from .labels import ENGLISH, Labels, labels_for

if TYPE_CHECKING:
    from .client import CoverageBot

# An embed and the buttons under it (None when there is nothing to press).
Render = tuple[discord.Embed, "discord.ui.View | None"]


def button_view(items: list[discord.ui.Item]) -> discord.ui.View | None:
    """The buttons in one view, or None when there is nothing to press. The view holds only DynamicItems and never
    times out, so nothing is kept in memory per message: a click is served from its custom_id and its message."""
    if not items:
        return None
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view


def _button(custom_id: str, label: str, *, emoji: str | None = None, disabled: bool = False) -> discord.ui.Button:
    return discord.ui.Button(label=label, emoji=emoji, custom_id=custom_id, disabled=disabled,
                             style=discord.ButtonStyle.secondary)


async def turn_page(interaction: discord.Interaction, asker: int, labels: Labels,
                    render: Callable[[int], Render]) -> None:
    """The asker's click turns the page in place (type 7); anyone else gets their own private copy of that page."""
    bot: CoverageBot = interaction.client  # type: ignore[assignment]
    mine = interaction.user.id == asker
    embed, view = render(interaction.user.id)
    if mine:
        sent = await interaction.response.edit_message(embed=embed, view=view, allowed_mentions=NO_PINGS)
    else:
        sent = await interaction.response.send_message(labels.private_copy, embed=embed,
                                                       view=view or discord.utils.MISSING, ephemeral=True,
                                                       allowed_mentions=NO_PINGS)
    if view is not None:
        bot.expire_buttons(sent.message_id, lambda: interaction.edit_original_response(view=None))


# --- answers ------------------------------------------------------------------------------------------------------


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button],
                   template=r"cov:a:(?P<action>[pnc+-]):(?P<asker>\d{1,20}):(?P<index>\d{1,2})"):
    """Previous / Next passage, Show context, 👍 / 👎: the question is read back from the message's footer."""

    def __init__(self, action: str, asker: int, index: int, labels: Labels = ENGLISH, disabled: bool = False) -> None:
        label, emoji = {"p": (labels.previous, "◀"), "n": (labels.next, "▶"), "c": (labels.context, None),
                        "+": (labels.helpful, "👍"), "-": (labels.wrong, "👎")}[action]
        super().__init__(_button(f"cov:a:{action}:{asker}:{index}", label, emoji=emoji, disabled=disabled))
        self.action, self.asker, self.index = action, asker, index

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> "AnswerButton":
        return cls(match["action"], int(match["asker"]), int(match["index"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Run the press as work of the bot (errors private, shutdown waits)."""
        bot: CoverageBot = interaction.client  # type: ignore[assignment]
        labels = labels_for(interaction.locale)
        await bot.serve(interaction, labels, lambda: self._press(bot, interaction, labels))

    async def _press(self, bot: "CoverageBot", interaction: discord.Interaction, labels: Labels) -> None:
        message = interaction.message
        question = question_of(message.embeds[0]) if message is not None and message.embeds else None
        if question is None:
            raise Refused(labels.stale)
        if self.action in "pn":
            await self._page(bot, interaction, labels, question, self.index + (1 if self.action == "n" else -1))
            return
        if self.action in "+-" and not bot.first_vote(message.id, interaction.user.id):
            await interaction.response.send_message(labels.already_voted, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        answer = await bot.ask(question)
        if not answer.hits:
            raise Refused(labels.stale)
        hit = answer.hits[min(self.index, len(answer.hits) - 1)]
        if self.action == "c":
            paragraphs = await asyncio.to_thread(bot.coverage.answerer.context, hit.passage, 1)
            await interaction.followup.send(embed=context_embed(hit, paragraphs, labels), ephemeral=True,
                                            allowed_mentions=NO_PINGS)
            return
        await bot.record_vote(answer.question, hit, interaction.guild_id, helpful=self.action == "+")
        await interaction.followup.send(labels.thanks, ephemeral=True, allowed_mentions=NO_PINGS)

    async def _page(self, bot: "CoverageBot", interaction: discord.Interaction, labels: Labels, question: str,
                    index: int) -> None:
        # The core runs again (off the loop, after deferring): the answer is the question's, not a memory of it.
        mine = interaction.user.id == self.asker
        await interaction.response.defer(ephemeral=not mine, thinking=not mine)
        answer = await bot.ask(question)
        embed, view = answer_reply(answer, index, interaction.user.id, labels)
        if mine:
            await interaction.edit_original_response(embed=embed, view=view, allowed_mentions=NO_PINGS)
            bot.expire_buttons(interaction.message.id, lambda: interaction.edit_original_response(view=None))
            return
        sent = await interaction.followup.send(labels.private_copy, embed=embed, view=view or discord.utils.MISSING,
                                               ephemeral=True, allowed_mentions=NO_PINGS, wait=True)
        if view is not None:
            bot.expire_buttons(sent.id, lambda: sent.edit(view=None))


def answer_reply(answer: Answer, index: int, asker: int, labels: Labels) -> Render:
    """The embed of one passage and the buttons that make sense under it (none when there is nothing to show)."""
    embed = answer_embed(answer, index, labels)
    if not answer.hits:
        return embed, None
    index = max(0, min(index, len(answer.hits) - 1))
    items: list[discord.ui.Item] = []
    if len(answer.hits) > 1:
        items += [AnswerButton("p", asker, index, labels, disabled=index == 0),
                  AnswerButton("n", asker, index, labels, disabled=index == len(answer.hits) - 1)]
    items.append(AnswerButton("c", asker, index, labels))
    if answer.answered and index == 0:
        items += [AnswerButton("+", asker, index, labels), AnswerButton("-", asker, index, labels)]
    return embed, button_view(items)


# --- sources ------------------------------------------------------------------------------------------------------


class SourcesButton(discord.ui.DynamicItem[discord.ui.Button],
                    template=r"cov:s:(?P<action>[pn]):(?P<asker>\d{1,20}):(?P<page>\d{1,5})"):
    """Previous / Next page of /sources."""

    def __init__(self, action: str, asker: int, page: int, labels: Labels = ENGLISH, disabled: bool = False) -> None:
        label, emoji = (labels.previous, "◀") if action == "p" else (labels.next, "▶")
        super().__init__(_button(f"cov:s:{action}:{asker}:{page}", label, emoji=emoji, disabled=disabled))
        self.action, self.asker, self.page = action, asker, page

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> "SourcesButton":
        return cls(match["action"], int(match["asker"]), int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Turn the page (the asker) or send a private copy (anyone else)."""
        bot: CoverageBot = interaction.client  # type: ignore[assignment]
        labels = labels_for(interaction.locale)
        page = self.page + (1 if self.action == "n" else -1)
        await bot.serve(interaction, labels, lambda: turn_page(
            interaction, self.asker, labels, lambda asker: sources_reply(bot, page, asker, labels)))


def sources_reply(bot: "CoverageBot", page: int, asker: int, labels: Labels) -> Render:
    """One page of /sources with Previous / Next when there is more than one."""
    embed, pages = sources_page(bot.coverage.answerer.articles, page, labels)
    page = max(0, min(page, pages - 1))
    if pages == 1:
        return embed, None
    return embed, button_view([SourcesButton("p", asker, page, labels, disabled=page == 0),
                               SourcesButton("n", asker, page, labels, disabled=page == pages - 1)])


# --- commands and mentions ----------------------------------------------------------------------------------------


class AskCog(commands.Cog):
    """/ask, /sources, /reload and questions asked by mentioning the bot or writing to it directly."""

    def __init__(self, bot: "CoverageBot") -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="Ask the press coverage a question, in English or French")
    @app_commands.describe(question="Your question, e.g. when did Amazon pause Rekognition?",
                           private="Only you see the answer (default: everyone in the channel)")
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, MAX_QUESTION_CHARS], private: bool = False) -> None:
        """Answer a question with the passage, its key sentence and its source."""
        labels = labels_for(interaction.locale)
        await self.bot.serve(interaction, labels, lambda: self._ask(interaction, question, private, labels))

    async def _ask(self, interaction: discord.Interaction, question: str, private: bool, labels: Labels) -> None:
        self.bot.cooldowns.check(interaction.user.id)
        clean_question(question)  # an empty or oversized question is refused before deferring, so privately
        await interaction.response.defer(ephemeral=private, thinking=True)
        answer = await self.bot.ask(question)
        embed, view = answer_reply(answer, 0, interaction.user.id, labels)
        sent = await interaction.followup.send(embed=embed, view=view or discord.utils.MISSING, ephemeral=private,
                                               allowed_mentions=NO_PINGS, wait=True)
        if view is not None:
            self.bot.expire_buttons(sent.id, lambda: sent.edit(view=None))
        await self.bot.record_declined(answer, interaction.guild_id)

    @app_commands.command(name="sources", description="List the articles the answers come from")
    async def sources(self, interaction: discord.Interaction) -> None:
        """The articles with their outlets, headlines, publication dates and links, a page at a time."""
        labels = labels_for(interaction.locale)

        async def reply() -> None:
            embed, view = sources_reply(self.bot, 0, interaction.user.id, labels)
            sent = await interaction.response.send_message(embed=embed, view=view or discord.utils.MISSING,
                                                           allowed_mentions=NO_PINGS)
            if view is not None:
                self.bot.expire_buttons(sent.message_id, lambda: interaction.edit_original_response(view=None))

        await self.bot.serve(interaction, labels, reply)

    @app_commands.command(name="reload", description="Pick up new or changed articles (the bot's owner only)")
    @app_commands.default_permissions(manage_guild=True)
    async def reload(self, interaction: discord.Interaction) -> None:
        """Rebuild the answering core and the timeline; answers keep using the old ones until the new are complete."""
        labels = labels_for(interaction.locale)
        await self.bot.serve(interaction, labels, lambda: self._reload(interaction, labels))

    async def _reload(self, interaction: discord.Interaction, labels: Labels) -> None:
        # Server permissions say nothing about the host's machine: only the application's owner (or team) reloads.
        if not await self.bot.is_owner(interaction.user):
            raise Refused(labels.not_owner)
        if self.bot.reload_lock.locked():
            raise Refused(labels.reload_running)
        wait = self.bot.reload_wait()
        if wait > 0:
            raise Refused(labels.reload_cooldown.format(seconds=round(RELOAD_COOLDOWN_SECONDS), wait=max(1, round(wait))))
        await interaction.response.defer(ephemeral=True, thinking=True)
        coverage = await self.bot.reload()
        await interaction.followup.send(labels.reloaded.format(
            articles=len(coverage.answerer.articles), passages=len(coverage.answerer.index.passages),
            events=len(coverage.events)), ephemeral=True, allowed_mentions=NO_PINGS)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A message that mentions the bot, or any direct message to it, is a question; the reply goes to it."""
        me = self.bot.user
        if message.author.bot or me is None:
            return
        direct = message.guild is None
        if not direct and not any(user.id == me.id for user in message.mentions):
            return
        question = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        labels = labels_for(None, question)
        await self.bot.serve(message, labels, lambda: self._answer_message(message, question, labels))

    async def _answer_message(self, message: discord.Message, question: str, labels: Labels) -> None:
        self.bot.cooldowns.check(message.author.id)
        if not question:
            raise QuestionError(labels.empty_mention)
        async with message.channel.typing():
            answer = await self.bot.ask(question)
        embed, view = answer_reply(answer, 0, message.author.id, labels)
        sent = await message.reply(embed=embed, view=view, mention_author=False, allowed_mentions=NO_PINGS)
        if view is not None:
            self.bot.expire_buttons(sent.id, lambda: sent.edit(view=None))
        await self.bot.record_declined(answer, message.guild.id if message.guild else None)

