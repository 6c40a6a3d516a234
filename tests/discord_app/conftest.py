"""Fixtures for the Discord layer: a network guard, the fake Discord, and the real bot connected to it."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import replace
from pathlib import Path

import discord
import pytest
import yarl

from bot.answer import Answerer
from bot.config import Settings
from bot.discord_app.client import CoverageBot

from ..conftest import CORPUS_DIR
from .fake_discord import GUILD_ID, FakeDiscord

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


@pytest.fixture(scope="session")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus plus one article with an oversized sentence, a long headline and @everyone in its text."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "articles").mkdir()
    for path in (CORPUS_DIR / "articles").glob("*.md"):
        (folder / "articles" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "lexicon").mkdir()
    for path in (CORPUS_DIR / "lexicon").glob("*.tsv"):
        (folder / "lexicon" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    sentence = "Le zeppelin géant de @everyone survole <@123> la ville " + " ".join(
        f"avec la montgolfière numéro {n} et son équipage" for n in range(200)) + "."
    (folder / "articles" / "999-long.md").write_text(
        '---\nid: "999"\noutlet: "La Gazette des Aérostats"\ntitle: "' + "Un titre très long " * 12 + '"\n'
        'date: "2020-06-12"\nlanguage: fr\nurl: "https://example.org/zeppelin"\n---\n' + sentence + "\n",
        encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def big_answerer(big_corpus: Path) -> Answerer:
    return Answerer.from_corpus_dir(big_corpus)


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch):
    """The fake Discord, with discord.py pointed at it."""
    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    yield fake
    await fake.stop()


@pytest.fixture
async def running_bot(fake_discord: FakeDiscord, big_answerer: Answerer):
    """The real CoverageBot logged in to the fake Discord, its guild received."""
    settings = replace(Settings(), discord_token="fake-token", dev_guild_id=int(GUILD_ID), cooldown_uses=3,
                       cooldown_seconds=60)
    bot = CoverageBot(settings, big_answerer)
    bot._connection.guild_ready_timeout = 0.1
    task = asyncio.create_task(bot.start(settings.discord_token))
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # the bot stopped while starting: show why
    assert ready in done, "the bot did not become ready against the fake Discord"
    yield bot
    await bot.close()
    task.cancel()
    try:
        await task
    except (asyncio.CancelledError, Exception):
        pass
