"""SEMANTIC=auto in the bot: BM25 answers at once, the semantic layer joins when its vectors are computed in the
background; /reload computes them before the new coverage replaces the old; a stop abandons the computation."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.discord_app.coverage import Coverage
from tests.test_semantic import CountingEmbedder

from .conftest import GUILD_ID, copy_corpus
from .fake_discord import FakeDiscord
from .helpers import ask, reply_to


class GatedEmbedder(CountingEmbedder):
    """Embeds only once `gate` is set, so the test sees the bot answering before the vectors exist."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def passages(self, texts):
        self.gate.wait(10)
        return super().passages(texts)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return copy_corpus(tmp_path / "corpus")


def auto_settings(corpus: Path, tmp_path: Path) -> Settings:
    return replace(Settings(), discord_token="t", dev_guild_id=int(GUILD_ID), corpus_dir=corpus,
                   data_dir=tmp_path / "data", semantic="auto", cooldown_seconds=60)


async def test_answers_come_at_once_and_the_semantic_layer_joins_when_ready(
        start_bot, fake_discord: FakeDiscord, corpus: Path, tmp_path: Path, caplog) -> None:
    embedder = GatedEmbedder()
    caplog.set_level(logging.INFO, logger="bot.discord_app.client")
    bot = await start_bot(Coverage.load(corpus), settings=auto_settings(corpus, tmp_path), embedder=embedder)
    answered = await reply_to(fake_discord, ask(fake_discord, "Quand Amazon a-t-il suspendu Rekognition ?"))
    assert answered["embeds"] and bot.coverage.answerer.semantic is None  # BM25 alone, no waiting
    embedder.gate.set()
    await asyncio.to_thread(bot.semantic_thread.join, 10)
    semantic = bot.coverage.answerer.semantic
    assert semantic is not None and len(semantic.matrix) == len(bot.coverage.answerer.index.passages)
    assert any("Semantic layer ready" in r.getMessage() for r in caplog.records)
    assert np.isfinite(bot.coverage.answerer.ask("Quand Amazon a-t-il suspendu Rekognition ?").confidence)


async def test_reload_computes_the_vectors_before_replacing_the_coverage(
        start_bot, fake_discord: FakeDiscord, corpus: Path, tmp_path: Path) -> None:
    embedder = GatedEmbedder()
    embedder.gate.set()
    bot = await start_bot(Coverage.load(corpus), settings=auto_settings(corpus, tmp_path), embedder=embedder)
    await asyncio.to_thread(bot.semantic_thread.join, 10)
    embedded = len(embedder.embedded)
    coverage = await bot.reload()
    assert coverage.answerer.semantic is not None
    assert len(embedder.embedded) == embedded  # the saved vectors are reused, none computed twice


async def test_stopping_abandons_the_computation(start_bot, corpus: Path, tmp_path: Path) -> None:
    embedder = GatedEmbedder()
    bot = await start_bot(Coverage.load(corpus), settings=auto_settings(corpus, tmp_path), embedder=embedder)
    await bot.close()
    embedder.gate.set()
    await asyncio.to_thread(bot.semantic_thread.join, 10)
    assert not bot.semantic_thread.is_alive() and bot.coverage.answerer.semantic is None
