"""The bot: a commands.Bot that receives its settings and the answering core, syncs commands, reports errors."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from ..answer import Answerer
from ..config import Settings
from .cog import AskCog, CooldownError, user_message
from .timeline_cog import TimelineCog
from .embeds import error_line

log = logging.getLogger(__name__)

# The least the bot needs in a channel: see it, answer in it with embeds, and reply to the asking message.
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True,
                                  read_message_history=True)
SCOPES = ("bot", "applications.commands")


def invite_url(application_id: int) -> str:
    """The link that adds the bot to a server with its scopes and minimal permissions."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


class CoverageBot(commands.Bot):
    """The Discord bot over an Answerer; with `sync_global`, it only publishes its commands everywhere."""

    def __init__(self, settings: Settings, answerer: Answerer, *, sync_global: bool = False) -> None:
        # No privileged intent: a message that mentions the bot carries its content without message_content.
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                         allowed_mentions=discord.AllowedMentions.none(), help_command=None)
        self.settings = settings
        self.answerer = answerer
        self.sync_global = sync_global
        self._cooldowns: dict[int, app_commands.Cooldown] = {}
        self.reload_lock = asyncio.Lock()

    async def setup_hook(self) -> None:
        """Add the commands, install the error handler, print the invite link, sync commands."""
        await self.add_cog(AskCog(self))
        await self.add_cog(TimelineCog(self))
        self.tree.on_error = self.on_app_command_error
        log.info("Invite link (scopes: %s): %s", " ".join(SCOPES), invite_url(self.application_id))
        if self.sync_global:
            synced = await self.tree.sync()
            log.info("Synced %d commands globally (they may take up to an hour to appear)", len(synced))
        elif self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to guild %s", len(synced), self.settings.dev_guild_id)
        else:
            log.info("DEV_GUILD_ID is not set: run 'python -m bot sync' once to publish the commands globally")

    async def on_message(self, message: discord.Message, /) -> None:
        """Mentions are questions (handled by the cog), not prefix commands."""

    async def on_ready(self) -> None:
        """Log who the bot is and where."""
        log.info("Logged in as %s (id %s) in %d servers", self.user, self.user.id if self.user else "?",
                 len(self.guilds))

    def check_cooldown(self, user_id: int) -> None:
        """Raise CooldownError when this user has asked too often lately."""
        bucket = self._cooldowns.setdefault(
            user_id, app_commands.Cooldown(self.settings.cooldown_uses, self.settings.cooldown_seconds))
        retry_after = bucket.update_rate_limit()
        if retry_after:
            raise CooldownError(retry_after)

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Every command error becomes one short private line; unexpected ones are logged with their traceback."""
        message = user_message(error)
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if message.startswith(("Something went wrong", "The corpus was not reloaded")):
            log.error("Command %r failed", interaction.command and interaction.command.name, exc_info=original)
        if interaction.response.is_done():
            await interaction.followup.send(error_line(message), ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(error_line(message), ephemeral=True,
                                                    allowed_mentions=discord.AllowedMentions.none())
