"""/timeline: the dated events of the coverage, paged with buttons, filtered, optionally drawn as a picture."""

from __future__ import annotations

import asyncio
import io
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from ..answer import Answerer
from ..timeline import (Entities, Event, build_timeline, company_choices, filter_events, load_entities, parse_bound,
                        render_png, span)
from .embeds import ANSWER_COLOUR, CHOICE_LIMIT, FIELD_NAME_LIMIT, FIELD_VALUE_LIMIT, _fit, escape, shorten

if TYPE_CHECKING:
    from .client import CoverageBot

NO_PINGS = discord.AllowedMentions.none()
EVENTS_PER_PAGE = 8
VIEW_TIMEOUT_SECONDS = 15 * 60


def timeline_page(events: Sequence[Event], page: int, title: str) -> discord.Embed:
    """One page of events as embed fields: date and actors, then the sentence and its outlets."""
    pages = max(1, -(-len(events) // EVENTS_PER_PAGE))
    embed = discord.Embed(title=shorten(title, 256), colour=ANSWER_COLOUR)
    if not events:
        embed.description = "No dated event matches."
    for event in events[page * EVENTS_PER_PAGE:(page + 1) * EVENTS_PER_PAGE]:
        outlets = ", ".join(escape(r.article.outlet) for r in event.reports)
        if len(event.reports) > 1:
            outlets = f"reported by {len(event.reports)} outlets: {outlets}"
        name = shorten(f"{event.date.label} · {', '.join(event.actors) or '—'}", FIELD_NAME_LIMIT)
        sentence = shorten(escape(event.text), FIELD_VALUE_LIMIT - len(outlets) - 4)
        embed.add_field(name=name, value=f"{sentence}\n— {outlets}", inline=False)
    embed.set_footer(text=f"Page {page + 1} of {pages} · {len(events)} events, oldest first")
    return _fit(embed)


class TimelineView(discord.ui.View):
    """Previous / Next buttons that page the timeline in place."""

    def __init__(self, events: Sequence[Event], title: str) -> None:
        super().__init__(timeout=VIEW_TIMEOUT_SECONDS)
        self.events, self.title, self.page = list(events), title, 0
        self.pages = max(1, -(-len(self.events) // EVENTS_PER_PAGE))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = page
        self._update_buttons()
        await interaction.response.edit_message(embed=timeline_page(self.events, self.page, self.title), view=self,
                                                allowed_mentions=NO_PINGS)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """The page before."""
        await self._show(interaction, max(0, self.page - 1))

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """The page after."""
        await self._show(interaction, min(self.pages - 1, self.page + 1))


class TimelineCog(commands.Cog):
    """/timeline over the current corpus (rebuilt after /reload)."""

    def __init__(self, bot: "CoverageBot") -> None:
        self.bot = bot
        self._built: tuple[Answerer, Entities, list[Event]] | None = None

    def _timeline(self) -> tuple[Entities, list[Event]]:
        answerer = self.bot.answerer
        if self._built is None or self._built[0] is not answerer:
            entities = load_entities(self.bot.settings.corpus_dir)
            self._built = (answerer, entities, build_timeline(answerer.articles, entities))
        return self._built[1], self._built[2]

    @app_commands.command(name="timeline", description="The dated events the coverage reports, oldest first")
    @app_commands.describe(company="Only events naming this company or actor", start="From this date: YYYY[-MM[-DD]]",
                           end="Up to this date: YYYY[-MM[-DD]]", picture="Attach the timeline drawn as a picture",
                           private="Only you see it")
    @app_commands.rename(start="from", end="to")
    async def timeline(self, interaction: discord.Interaction, company: str | None = None, start: str | None = None,
                       end: str | None = None, picture: bool = False, private: bool = False) -> None:
        """List (and draw) the events, filtered."""
        self.bot.check_cooldown(interaction.user.id)
        first = parse_bound(start, "from") if start else None  # bad dates are refused before deferring
        last = parse_bound(end, "to") if end else None
        await interaction.response.defer(ephemeral=private, thinking=True)
        entities, events = await asyncio.to_thread(self._timeline)
        chosen = filter_events(events, entities, company=company, start=first, end=last)
        title = "Timeline" + (f" · {company}" if company else "") + (
            f" · {span(first)[0]} →" if first else "") + (f" → {span(last)[1]}" if last else "")
        files = [await asyncio.to_thread(_picture, chosen)] if picture and chosen else []
        await interaction.followup.send(embed=timeline_page(chosen, 0, title), view=TimelineView(chosen, title),
                                        files=files, ephemeral=private, allowed_mentions=NO_PINGS)

    @timeline.autocomplete("company")
    async def company_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Actors the corpus names, their people and spellings (AWS → Amazon) matching what is typed, at most 25."""
        entities, events = await asyncio.to_thread(self._timeline)
        return [app_commands.Choice(name=label, value=value)
                for label, value in company_choices(entities, events, current)[:CHOICE_LIMIT]]


def _picture(events: Sequence[Event]) -> discord.File:
    with tempfile.TemporaryDirectory() as folder:
        path = render_png(events, Path(folder) / "timeline.png")
        return discord.File(io.BytesIO(path.read_bytes()), filename="timeline.png")
