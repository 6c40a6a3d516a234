"""/timeline: the dated events of the coverage, filtered, paged with buttons that outlive the process, optionally
drawn. The timeline is built with the coverage (at start and on /reload), never while someone types."""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from ..dates import PartialDate
from ..timeline import Event, filter_events, parse_bound, render_png, span
from .client import NO_PINGS
from .cog import Render, _button, button_view, turn_page
from .coverage import Coverage
from .embeds import timeline_page
from .labels import ENGLISH, Labels, labels_for
from .limits import CUSTOM_ID_LIMIT, choices

if TYPE_CHECKING:
    from .client import CoverageBot

# matplotlib's pyplot keeps global state: one drawing at a time.
_DRAWING = threading.Lock()
_HASHED = "#"


@dataclass(frozen=True)
class Filters:
    """What /timeline was asked for; it travels in the buttons' custom_id."""

    company: str | None = None
    start: str | None = None
    end: str | None = None

    def bounds(self) -> tuple[PartialDate | None, PartialDate | None]:
        """The from / to dates, checked (TimelineError names the bad one)."""
        return (parse_bound(self.start, "from") if self.start else None,
                parse_bound(self.end, "to") if self.end else None)

    def events(self, coverage: Coverage) -> list[Event]:
        """The events of the coverage these filters keep."""
        first, last = self.bounds()
        return filter_events(coverage.events, coverage.entities, company=self.company, start=first, end=last)

    def title(self, labels: Labels) -> str:
        """'Timeline · Amazon · 2019-01-01 → 2020-06-30'."""
        first, last = self.bounds()
        parts = [labels.timeline_title] + ([self.company] if self.company else [])
        if first or last:
            parts.append(f"{span(first)[0] if first else '…'} → {span(last)[1] if last else '…'}")
        return " · ".join(parts)


def _company_key(company: str) -> str:
    return _HASHED + hashlib.sha256(company.casefold().encode()).hexdigest()[:12]


class TimelineButton(discord.ui.DynamicItem[discord.ui.Button],
                     template=r"cov:t:(?P<action>[pn]):(?P<asker>\d{1,20}):(?P<page>\d{1,5}):(?P<start>[\d-]{0,10}):"
                              r"(?P<end>[\d-]{0,10}):(?P<company>.*)"):
    """Previous / Next page of a timeline; the filters are in the custom_id (a long company name as a hash)."""

    def __init__(self, action: str, asker: int, page: int, filters: Filters, labels: Labels = ENGLISH,
                 disabled: bool = False) -> None:
        head = f"cov:t:{action}:{asker}:{page}:{filters.start or ''}:{filters.end or ''}:"
        company = filters.company or ""
        if len(head) + len(company) > CUSTOM_ID_LIMIT:
            company = _company_key(company)
        label, emoji = (labels.previous, "◀") if action == "p" else (labels.next, "▶")
        super().__init__(_button(head + company, label, emoji=emoji, disabled=disabled))
        self.action, self.asker, self.page, self.filters = action, asker, page, filters

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> "TimelineButton":
        company = match["company"] or None
        if company and company.startswith(_HASHED):
            bot: CoverageBot = interaction.client  # type: ignore[assignment]
            company = next((n for n in bot.coverage.entities.names if _company_key(n) == company), company)
        filters = Filters(company, match["start"] or None, match["end"] or None)
        return cls(match["action"], int(match["asker"]), int(match["page"]), filters)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Turn the page (the asker) or send a private copy (anyone else)."""
        bot: CoverageBot = interaction.client  # type: ignore[assignment]
        labels = labels_for(interaction.locale)
        page = self.page + (1 if self.action == "n" else -1)
        await bot.serve(interaction, labels, lambda: turn_page(
            interaction, self.asker, labels,
            lambda asker: timeline_reply(self.filters.events(bot.coverage), self.filters, page, asker, labels)))


def timeline_reply(events: Sequence[Event], filters: Filters, page: int, asker: int, labels: Labels) -> Render:
    """One page of the timeline with Previous / Next when there is more than one."""
    embed, pages = timeline_page(events, page, filters.title(labels), labels)
    page = max(0, min(page, pages - 1))
    if pages == 1:
        return embed, None
    return embed, button_view([TimelineButton("p", asker, page, filters, labels, disabled=page == 0),
                               TimelineButton("n", asker, page, filters, labels, disabled=page == pages - 1)])


class TimelineCog(commands.Cog):
    """/timeline over the current coverage."""

    def __init__(self, bot: "CoverageBot") -> None:
        self.bot = bot

    @app_commands.command(name="timeline", description="The dated events the coverage reports, oldest first")
    @app_commands.describe(company="Only events naming this company or actor", start="From this date: YYYY[-MM[-DD]]",
                           end="Up to this date: YYYY[-MM[-DD]]", picture="Attach the timeline drawn as a picture",
                           private="Only you see it")
    @app_commands.rename(start="from", end="to")
    async def timeline(self, interaction: discord.Interaction, company: str | None = None, start: str | None = None,
                       end: str | None = None, picture: bool = False, private: bool = False) -> None:
        """List (and draw) the events, filtered."""
        labels = labels_for(interaction.locale)
        filters = Filters(company.strip() if company and company.strip() else None, start, end)
        await self.bot.serve(interaction, labels, lambda: self._timeline(interaction, filters, picture, private, labels))

    async def _timeline(self, interaction: discord.Interaction, filters: Filters, picture: bool, private: bool,
                        labels: Labels) -> None:
        self.bot.cooldowns.check(interaction.user.id)
        coverage = self.bot.coverage
        events = filters.events(coverage)  # a bad date or an unknown company is refused before any reply
        embed, view = timeline_reply(events, filters, 0, interaction.user.id, labels)
        if picture and events:
            await interaction.response.defer(ephemeral=private, thinking=True)
            drawing = await asyncio.to_thread(_picture, events)
            sent_id = (await interaction.followup.send(embed=embed, view=view or discord.utils.MISSING, file=drawing,
                                                       ephemeral=private, allowed_mentions=NO_PINGS, wait=True)).id
        else:
            sent_id = (await interaction.response.send_message(embed=embed, view=view or discord.utils.MISSING,
                                                               ephemeral=private, allowed_mentions=NO_PINGS)).message_id
        if view is not None:
            self.bot.expire_buttons(sent_id, lambda: interaction.edit_original_response(view=None))

    @timeline.autocomplete("company")
    async def company_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """The actors the timeline names that start with (or contain) what is typed: read, never built, here."""
        return choices(self.bot.coverage.company_choices(current))


def _picture(events: Sequence[Event]) -> discord.File:
    with _DRAWING, tempfile.TemporaryDirectory() as folder:
        path = render_png(events, Path(folder) / "timeline.png")
        return discord.File(io.BytesIO(path.read_bytes()), filename="timeline.png")
