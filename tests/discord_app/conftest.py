"""Fixtures for the Discord layer: a network guard, the strict fake Discord, the corpora, and the real bot on it."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from dataclasses import replace
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable

import discord
import pytest
import yarl

from bot.answer import Answerer
from bot.config import Settings
from bot.discord_app.client import CoverageBot
from bot.discord_app.coverage import Coverage
from bot.feedback import FeedbackStore

from ..conftest import CORPUS_DIR
from .fake_discord import GUILD_ID, FakeDiscord
from .large_corpus import write_large_corpus

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection or name lookup beyond 127.0.0.0/8 and ::1 fails the test."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(sock, address, *args):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise AssertionError(f"test tried to reach {address[0]} outside loopback")
        return real_connect(sock, address, *args)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host is not None and not _is_loopback(str(host)):
            raise AssertionError(f"test tried to look up {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


def copy_corpus(folder: Path) -> Path:
    """The project's corpus copied into `folder` (articles and entities), without its saved index."""
    (folder / "articles").mkdir(parents=True)
    for path in (CORPUS_DIR / "articles").glob("*.md"):
        (folder / "articles" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "entities.tsv").write_text((CORPUS_DIR / "entities.tsv").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus plus one article with an oversized sentence, a long headline and @everyone in its text."""
    folder = copy_corpus(tmp_path_factory.mktemp("corpus"))
    sentence = "Le zeppelin géant de @everyone survole <@123> la ville " + " ".join(
        f"avec la montgolfière numéro {n} et son équipage" for n in range(200)) + "."
    (folder / "articles" / "999-long.md").write_text(
        '---\nid: "999"\noutlet: "La Gazette des Aérostats"\ntitle: "' + "Un titre très long " * 12 + '"\n'
        'date: "2020-06-12"\nlanguage: fr\nurl: "https://example.org/zeppelin"\n---\n' + sentence + "\n",
        encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def small_coverage(small_corpus: Path) -> Coverage:
    return Coverage.load(small_corpus)


@pytest.fixture(scope="session")
def large_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_large_corpus(tmp_path_factory.mktemp("large") / "corpus", CORPUS_DIR)


@pytest.fixture(scope="session")
def large_coverage(large_corpus: Path) -> Coverage:
    return Coverage.load(large_corpus)


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """The strict fake Discord, with discord.py pointed at it. A test fails if the bot sent anything Discord would
    refuse or anything that would notify someone, unless it cleared `refused` / `pings` after checking them."""
    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    yield fake
    await fake.stop()
    assert not fake.refused, f"the bot sent what Discord refuses: {fake.refused}"
    assert not fake.pings, f"the bot's messages would notify: {fake.pings}"


BotFactory = Callable[..., Awaitable[CoverageBot]]


@pytest.fixture
async def start_bot(fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
                    ) -> AsyncIterator[BotFactory]:
    """Start real CoverageBots logged in to the fake (ready, guilds received); all are closed after the test, which
    fails if the bot logged an error it was not expected to (`expect_errors` on the factory)."""
    bots: list[tuple[CoverageBot, asyncio.Task]] = []
    expected = {"errors": False}

    async def start(coverage: Coverage | None, *, settings: Settings | None = None, **kwargs: Any) -> CoverageBot:
        settings = settings or replace(Settings(), discord_token="fake-token", dev_guild_id=int(GUILD_ID),
                                       cooldown_uses=3, cooldown_seconds=60, data_dir=tmp_path / "data",
                                       corpus_dir=tmp_path / "unused-corpus", semantic="off")
        kwargs.setdefault("feedback", FeedbackStore(settings.data_dir))
        bot = CoverageBot(settings, coverage, **kwargs)
        bot._connection.guild_ready_timeout = 0.1
        bot.before_identify_hook = _no_identify_wait  # Discord's 5 s between shards' IDENTIFY is not tested here
        task = asyncio.create_task(bot.start(settings.discord_token))
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # the bot stopped while starting: show why
        assert ready in done, "the bot did not become ready against the fake Discord"
        bots.append((bot, task))
        return bot

    start.expect_errors = lambda: expected.update(errors=True)  # type: ignore[attr-defined]
    caplog.set_level(logging.INFO)
    yield start
    for bot, task in bots:
        await bot.close()
        task.cancel()
        try:
            await task
        except (asyncio.CancelledError, Exception):
            pass
    if not expected["errors"]:
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert not errors, "the bot logged errors: " + "; ".join(r.getMessage() for r in errors)


async def _no_identify_wait(shard_id: int | None, *, initial: bool = False) -> None:
    return None


@pytest.fixture
async def running_bot(start_bot: BotFactory, small_coverage: Coverage) -> CoverageBot:
    """The bot over the project's corpus (and one oversized article)."""
    return await start_bot(small_coverage)


@pytest.fixture
async def large_bot(start_bot: BotFactory, large_coverage: Coverage) -> CoverageBot:
    """The bot over 1,000 articles from 100 outlets."""
    return await start_bot(large_coverage)


@pytest.fixture(scope="session")
def small_answerer(small_coverage: Coverage) -> Answerer:
    return small_coverage.answerer
