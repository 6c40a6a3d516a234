"""The bot: an AutoShardedBot that receives its settings and coverage, runs every piece of work through `serve`
(errors become one private line, shutdown waits for it), strips buttons before Discord stops accepting edits, and
syncs its commands only when asked."""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Awaitable, Callable

import discord
from discord import app_commands
from discord.ext import commands

from ..answer import Answer, Hit
from ..config import Settings
from ..corpus import CorpusError
from ..feedback import FeedbackError, FeedbackStore
from ..question import QuestionError
from ..semantic import Embedder, SemanticUnavailable
from ..timeline import TimelineError
from .cooldown import CooldownError, Cooldowns
from .coverage import Coverage
from .labels import ENGLISH, Labels, labels_for
from .limits import one_line

log = logging.getLogger(__name__)

# The least the bot needs in a channel: see it, answer in it with embeds, and reply to the asking message.
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True,
                                  read_message_history=True)
SCOPES = ("bot", "applications.commands")
NO_PINGS = discord.AllowedMentions.none()
PASSAGES = 5
# Buttons are taken off a message after this long: an interaction token accepts edits for 15 minutes only, and a
# button that stays must keep working (they do, even after a restart, since they carry their own state).
BUTTONS_LIFETIME_SECONDS = 14 * 60
# How long a stopping bot waits for answers in progress (docker stop waits 10 s before killing).
SHUTDOWN_GRACE_SECONDS = 8.0
RELOAD_COOLDOWN_SECONDS = 30.0
# Votes remembered (message, user) to refuse a second one; only in memory, never stored.
VOTES_REMEMBERED = 10_000


def minimal_intents() -> discord.Intents:
    """Servers and their channels, messages in servers (mentions carry their content) and direct messages: no more."""
    return discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


def invite_url(application_id: int) -> str:
    """The link that adds the bot to a server with its scopes and minimal permissions."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


class Refused(Exception):
    """A request the bot declines, with the line the user sees."""


class ShuttingDown(Exception):
    """The bot is stopping and takes no new work."""


class _Abandoned(Exception):
    """The bot stopped while the passage vectors were being computed."""


@dataclass(frozen=True)
class CommandSync:
    """Where `python -m bot sync` publishes the commands: everywhere, one server, or clears one server's copies."""

    scope: str  # "global", "guild" or "clear-guild"
    guild_id: int | None = None


Target = discord.Interaction | discord.Message


class CoverageBot(commands.AutoShardedBot):
    """The Discord bot over a Coverage; with `command_sync`, it only publishes its commands and stops."""

    def __init__(self, settings: Settings, coverage: Coverage | None, *, feedback: FeedbackStore | None = None,
                 command_sync: CommandSync | None = None, embedder: Embedder | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        # The bot has no voice: discord.py's warnings about missing voice libraries would only alarm the host.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(command_prefix=commands.when_mentioned, intents=minimal_intents(), max_messages=None,
                         allowed_mentions=NO_PINGS, help_command=None, chunk_guilds_at_startup=False,
                         shard_count=settings.shard_count,
                         shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None)
        self.settings = settings
        self._coverage = coverage
        self.feedback = feedback
        self.command_sync = command_sync
        self.embedder = embedder
        self.sleep = sleep
        self.cooldowns = Cooldowns(settings.cooldown_uses, settings.cooldown_seconds)
        self.reload_lock = asyncio.Lock()
        self.last_reload = -math.inf
        self.stopping = False
        self.sync_report = ""
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._strips: dict[int | None, asyncio.Task] = {}
        self._votes: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._semantic_stop = threading.Event()
        self.semantic_thread: threading.Thread | None = None

    # --- what the bot answers from ------------------------------------------------------------------------------

    @property
    def coverage(self) -> Coverage:
        """The current coverage (replaced whole by /reload)."""
        assert self._coverage is not None, "this bot was built only to sync commands"
        return self._coverage

    async def ask(self, question: str) -> Answer:
        """The core's answer, computed off the event loop."""
        return await asyncio.to_thread(self.coverage.answerer.ask, question, PASSAGES)

    async def reload(self) -> Coverage:
        """Rebuild the answering core and the timeline off the event loop; answers use the old one until then."""
        async with self.reload_lock:
            self.last_reload = time.monotonic()
            coverage = await asyncio.to_thread(Coverage.load, self.settings.corpus_dir, self.settings.semantic,
                                               self.embedder)
            self._coverage = coverage
        return coverage

    def start_semantic(self) -> None:
        """SEMANTIC=auto at start: answer with BM25 at once, and from the semantic layer too once the passage
        vectors are computed (minutes for a large new corpus; saved ones are reused)."""
        if self.coverage.answerer.semantic is not None or self.semantic_thread is not None:
            return
        self.semantic_thread = threading.Thread(target=self._compute_semantic, args=(self.coverage,),
                                                name="semantic-vectors", daemon=True)
        self.semantic_thread.start()

    def _compute_semantic(self, coverage: Coverage) -> None:
        logged = [-1]

        def progress(done: int, total: int) -> None:
            if self._semantic_stop.is_set():
                raise _Abandoned
            tenth = 10 * done // total
            if tenth > logged[0]:
                logged[0] = tenth
                log.info("Semantic layer: %d of %d passage vectors computed", done, total)

        started = time.monotonic()
        try:
            semantic = coverage.answerer.build_semantic(self.settings.corpus_dir, self.embedder, progress)
        except _Abandoned:
            return
        except SemanticUnavailable as error:
            log.warning("Answering with BM25 alone: %s", error)
            return
        except Exception:  # a background helper must not die silently: BM25 answers go on
            log.exception("The semantic layer could not be built; answering with BM25 alone")
            return
        coverage.answerer.attach_semantic(semantic)
        log.info("Semantic layer ready (%d passages, %.0f s): answers now mix BM25 and meaning",
                 len(semantic.matrix), time.monotonic() - started)

    def reload_wait(self) -> float:
        """Seconds before the next reload is allowed (0 when it is)."""
        return max(0.0, self.last_reload + RELOAD_COOLDOWN_SECONDS - time.monotonic())

    # --- starting -----------------------------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        """Add the commands and buttons, install the error handler, then sync commands if asked to."""
        from .cog import AnswerButton, AskCog, SourcesButton
        from .timeline_cog import TimelineButton, TimelineCog

        await self.add_cog(AskCog(self))
        await self.add_cog(TimelineCog(self))
        self.add_dynamic_items(AnswerButton, SourcesButton, TimelineButton)
        self.tree.on_error = self.on_app_command_error
        if self.command_sync is not None:
            self.sync_report = await self._sync(self.command_sync)
            return
        log.info("Invite link (scopes: %s): %s", " ".join(SCOPES), invite_url(self.application_id))
        if self.settings.semantic == "auto":
            self.start_semantic()
        if self.settings.dev_guild_id:
            self.sync_report = await self._sync(CommandSync("guild", self.settings.dev_guild_id))
            log.info("%s", self.sync_report)
            if await self.tree.fetch_commands():
                log.warning("The commands are also published globally, so server %s shows each twice: remove "
                            "DEV_GUILD_ID from .env and run 'python -m bot sync --clear-guild %s'",
                            self.settings.dev_guild_id, self.settings.dev_guild_id)
        else:
            log.info("DEV_GUILD_ID is not set: run 'python -m bot sync' once to publish the commands globally")

    async def _sync(self, request: CommandSync) -> str:
        if request.scope == "global":
            synced = await self.tree.sync()
            return f"Published {len(synced)} commands globally (they can take up to an hour to appear)."
        guild = discord.Object(id=request.guild_id or 0)
        if request.scope == "clear-guild":
            self.tree.clear_commands(guild=guild)
            await self.tree.sync(guild=guild)
            return f"Removed the commands published to server {request.guild_id} only."
        self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        return f"Published {len(synced)} commands to server {request.guild_id} (they appear at once)."

    async def on_message(self, message: discord.Message, /) -> None:
        """Mentions and direct messages are questions (handled by the cog), not prefix commands."""

    async def on_ready(self) -> None:
        """Log who the bot is and where."""
        log.info("Logged in as %s (id %s) in %d servers, shards %s of %s", self.user,
                 self.user.id if self.user else "?", len(self.guilds), sorted(self.shards), self.shard_count)

    # --- doing work ---------------------------------------------------------------------------------------------

    async def serve(self, target: Target, labels: Labels, job: Callable[[], Awaitable[None]]) -> None:
        """Run one piece of work for a user: refused while stopping, counted so that shutdown waits for it, and any
        error turned into one private line."""
        if self.stopping:
            await self.send_error(target, ShuttingDown(), labels)
            return
        self._in_flight += 1
        self._idle.clear()
        try:
            await job()
        except Exception as error:  # every failure reaches the user as one line; the log has the rest
            await self.send_error(target, error, labels)
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    async def send_error(self, target: Target, error: BaseException, labels: Labels) -> None:
        """One private line for the user (a reply for a message); the traceback of an unexpected error to the log."""
        line = one_line(user_message(error, labels))
        if not isinstance(error, EXPECTED_ERRORS):
            log.error("Failed to answer", exc_info=error)
        try:
            if isinstance(target, discord.Message):
                await target.reply(line, mention_author=False, allowed_mentions=NO_PINGS)
            elif not target.response.is_done():
                await target.response.send_message(line, ephemeral=True, allowed_mentions=NO_PINGS)
            else:
                await _clear_public_thinking(target)
                await target.followup.send(line, ephemeral=True, allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            log.warning("Could not tell the user about an error", exc_info=True)

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Errors raised before a command's body runs (checks, option conversion) get the same private line."""
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        await self.send_error(interaction, original, labels_for(interaction.locale))

    async def drain(self, timeout: float) -> bool:
        """Wait until no work is in progress (at most `timeout` seconds); whether it finished."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            log.warning("Stopped with %d answers still in progress", self._in_flight)
            return False

    async def close(self) -> None:
        """Stop taking work, let the answers in progress finish, then close the gateway (code 1000) and HTTP."""
        if not self.stopping:
            self.stopping = True
            self._semantic_stop.set()
            if self._in_flight:
                log.info("Stopping: finishing %d answers in progress", self._in_flight)
            await self.drain(SHUTDOWN_GRACE_SECONDS)
            for task in self._strips.values():
                task.cancel()
        await super().close()

    # --- buttons and feedback -----------------------------------------------------------------------------------

    def expire_buttons(self, message_id: int | None, strip: Callable[[], Awaitable[object]]) -> None:
        """Take a message's buttons off after BUTTONS_LIFETIME_SECONDS, counted from its last change."""
        key = message_id
        previous = self._strips.pop(key, None)
        if previous is not None:
            previous.cancel()

        async def later() -> None:
            await self.sleep(BUTTONS_LIFETIME_SECONDS)
            try:
                await strip()
            except discord.HTTPException as error:
                log.debug("Could not take the buttons off a message: %s", error)
            finally:
                if self._strips.get(key) is task:
                    del self._strips[key]

        task = asyncio.create_task(later())
        self._strips[key] = task

    def first_vote(self, message_id: int, user_id: int) -> bool:
        """Whether this user has not voted on this message yet (remembered in memory only)."""
        key = (message_id, user_id)
        if key in self._votes:
            return False
        self._votes[key] = None
        if len(self._votes) > VOTES_REMEMBERED:
            self._votes.popitem(last=False)
        return True

    async def record_declined(self, answer: Answer, guild_id: int | None) -> None:
        """Keep a question the coverage did not answer, for `python -m bot feedback`."""
        if self.feedback is not None and not answer.answered:
            closest = answer.hits[0].passage.text if answer.hits else ""
            await self._store(self.feedback.record_declined, answer.question, closest, guild_id)

    async def record_vote(self, question: str, hit: Hit, guild_id: int | None, helpful: bool) -> None:
        """Keep a 👍 or 👎 on the passage shown as an answer."""
        if self.feedback is not None:
            await self._store(self.feedback.record_vote, question, hit.passage.text, hit.passage.article.id, guild_id,
                              helpful)

    async def _store(self, write: Callable[..., None], *args: object) -> None:
        try:
            await asyncio.to_thread(write, *args)
        except FeedbackError as error:  # feedback is never worth losing an answer for
            log.warning("%s", error)


async def _clear_public_thinking(interaction: discord.Interaction) -> None:
    """After a public defer, take the "thinking…" message away, so that the error that follows is private (the
    first follow-up after a defer would otherwise replace it, visible to everyone)."""
    if interaction.response.type != discord.InteractionResponseType.deferred_channel_message:
        return
    try:
        original = await interaction.original_response()
        if original.flags.loading and not original.flags.ephemeral:
            await original.delete()
    except discord.HTTPException:
        pass


# Errors that are the user's or the situation's, answered without a traceback in the log.
EXPECTED_ERRORS = (Refused, QuestionError, TimelineError, CooldownError, app_commands.CommandOnCooldown, ShuttingDown,
                   CorpusError)


def user_message(error: BaseException, labels: Labels = ENGLISH) -> str:
    """The one line a user sees for an error."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, Refused):
        return str(error)
    if isinstance(error, (QuestionError, TimelineError)):
        return labels.sorry.format(reason=str(error).rstrip("."))
    if isinstance(error, (CooldownError, app_commands.CommandOnCooldown)):
        return labels.too_fast.format(seconds=max(math.ceil(error.retry_after), 1))
    if isinstance(error, ShuttingDown):
        return labels.restarting
    if isinstance(error, CorpusError):
        return labels.reload_failed.format(reason=error)
    return labels.failed
