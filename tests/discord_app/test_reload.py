"""/reload: only the application's owner or team, with a cooldown; answers keep flowing while the new coverage
(answering core and timeline) is built under the reload lock."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.discord_app.coverage import Coverage

from .conftest import copy_corpus
from .fake_discord import GUILD_ID, USER_ID, FakeDiscord
from .helpers import ask, command, followup_of, is_private, reply_to, shown_reply

BOSTON = ('---\nid: "998"\noutlet: Le Quotidien Test\ntitle: "Boston interdit la reconnaissance faciale"\n'
          'date: "2020-06-25"\nlanguage: fr\n---\nLe 24 juin 2020, le conseil municipal de Boston a interdit la '
          "reconnaissance faciale à la police de Boston.\n")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return copy_corpus(tmp_path / "corpus")


@pytest.fixture
async def reloadable_bot(start_bot, corpus: Path, tmp_path: Path):
    settings = replace(Settings(), discord_token="t", dev_guild_id=int(GUILD_ID), corpus_dir=corpus,
                       data_dir=tmp_path / "data", cooldown_seconds=60, semantic="off")
    return await start_bot(Coverage.load(corpus), settings=settings)


async def test_the_owner_reloads_while_answers_keep_flowing(reloadable_bot, fake_discord: FakeDiscord, corpus: Path,
                                                            monkeypatch) -> None:
    (corpus / "articles" / "998-boston.md").write_text(BOSTON, encoding="utf-8")
    real_load, started = Coverage.load, asyncio.Event()
    loop = asyncio.get_running_loop()

    def slow(path, *args):
        loop.call_soon_threadsafe(started.set)
        time.sleep(1.0)
        return real_load(path, *args)

    monkeypatch.setattr(Coverage, "load", staticmethod(slow))
    reload = fake_discord.interaction("reload")
    await fake_discord.dispatch("INTERACTION_CREATE", reload)
    await asyncio.wait_for(started.wait(), 5)
    during = await reply_to(fake_discord, ask(fake_discord, "What is Amazon Rekognition?", user_id="77"))
    assert during["embeds"][0]["title"] == "Answer"
    done = await shown_reply(fake_discord, reload)
    assert is_private(done) and done["content"].startswith("Reloaded: 6 articles, ")
    (answered,) = [r for r in fake_discord.requests if followup_of(ask_of(fake_discord, "77"))(r)]
    (reloaded,) = [r for r in fake_discord.requests if followup_of(reload)(r)]
    assert answered.at < reloaded.at  # answered while the reload was still building
    boston = await reply_to(fake_discord, ask(fake_discord, "Which city banned facial recognition for its police?",
                                              user_id="78"))
    assert "Le Quotidien Test" in boston["embeds"][0]["fields"][-1]["value"]
    timeline = await reply_to(fake_discord, command(fake_discord, "timeline", **{"from": "2020-06-24", "to": "2020-06-24"}))
    assert "Boston" in timeline["embeds"][0]["fields"][0]["value"]  # the timeline was rebuilt with the corpus


def ask_of(fake: FakeDiscord, user_id: str) -> dict:
    return next(s.payload for s in fake.interactions.values() if s.payload.get("member", {}).get("user", {}).get("id")
                == user_id)


async def test_someone_else_cannot_reload(reloadable_bot, fake_discord: FakeDiscord, corpus: Path) -> None:
    before = reloadable_bot.coverage
    refused = await reply_to(fake_discord, fake_discord.interaction("reload", user_id="4242"))
    assert is_private(refused) and refused["content"] == "Only the bot's owner can reload the corpus."
    assert reloadable_bot.coverage is before


async def test_a_team_member_can_reload(start_bot, corpus: Path, tmp_path: Path, fake_discord: FakeDiscord) -> None:
    fake_discord.owner = {"id": "1", "username": "team", "discriminator": "0", "avatar": None}
    fake_discord.team = {"id": "77", "name": "Newsroom", "icon": None, "owner_user_id": "4242", "members": [
        {"user": {"id": USER_ID, "username": "reader", "discriminator": "0", "avatar": None}, "team_id": "77",
         "membership_state": 2, "permissions": ["*"], "role": "developer"}]}
    settings = replace(Settings(), discord_token="t", dev_guild_id=int(GUILD_ID), corpus_dir=corpus,
                       data_dir=tmp_path / "data", semantic="off")
    await start_bot(Coverage.load(corpus), settings=settings)
    done = await reply_to(fake_discord, fake_discord.interaction("reload"))
    assert done["content"].startswith("Reloaded: 5 articles")


async def test_reload_has_a_cooldown(reloadable_bot, fake_discord: FakeDiscord) -> None:
    first = await reply_to(fake_discord, fake_discord.interaction("reload"))
    assert first["content"].startswith("Reloaded")
    again = await reply_to(fake_discord, fake_discord.interaction("reload"))
    assert is_private(again) and again["content"].startswith("The corpus was reloaded less than 30 s ago")


async def test_a_broken_corpus_is_not_loaded_and_answers_go_on(reloadable_bot, fake_discord, corpus: Path) -> None:
    (corpus / "articles" / "997-broken.md").write_text("---\nid: [\n---\ntext\n", encoding="utf-8")
    refused = await reply_to(fake_discord, fake_discord.interaction("reload"))
    assert is_private(refused) and refused["content"].startswith("The corpus was not reloaded: ")
    answer = await reply_to(fake_discord, ask(fake_discord, "What is Amazon Rekognition?"))
    assert answer["embeds"][0]["title"] == "Answer"
