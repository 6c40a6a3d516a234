"""The gateway: explicit minimal intents, heartbeats, RESUME after a dropped connection, two shards, and a clean close
(code 1000) on SIGTERM with the answer in progress delivered."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from bot.config import Settings
from bot.discord_app.client import CoverageBot, minimal_intents
from bot.discord_app.run import serve

from ..conftest import ROOT
from .fake_discord import GUILD_2_ID, GUILD_ID, FakeDiscord, shard_of
from .helpers import ask, followup_of, reply_to, shown_reply


async def test_identify_asks_for_the_minimal_intents_only(running_bot, fake_discord: FakeDiscord) -> None:
    (identify,) = fake_discord.identifies
    assert identify["intents"] == minimal_intents().value
    assert discord.Intents._from_value(identify["intents"]) == discord.Intents(
        guilds=True, guild_messages=True, dm_messages=True)


async def test_heartbeats_carry_the_last_sequence(running_bot, fake_discord: FakeDiscord) -> None:
    await fake_discord.wait_until(lambda: len(fake_discord.heartbeats) >= 3, timeout=5)
    session = fake_discord.sessions[0]
    assert fake_discord.heartbeats[-1][1] == session.sequence


async def test_after_a_dropped_connection_the_bot_resumes_and_misses_nothing(running_bot, fake_discord) -> None:
    before = fake_discord.sessions[0].session_id
    await fake_discord.drop()
    missed = ask(fake_discord, "What is Amazon Rekognition?")
    await fake_discord.dispatch("INTERACTION_CREATE", missed)  # sent while the bot is away: replayed on RESUME
    await fake_discord.wait_until(lambda: fake_discord.resumes, timeout=15)
    (resume,) = fake_discord.resumes
    assert resume["session_id"] == before and resume["seq"] >= 1
    assert len(fake_discord.identifies) == 1  # resumed, not a new session
    assert (await shown_reply(fake_discord, missed, timeout=15))["embeds"][0]["title"] == "Answer"
    again = await reply_to(fake_discord, ask(fake_discord, "Combien d'ONG ont signé la lettre ?", user_id="9"))
    assert again["embeds"][0]["title"] == "Answer"


async def test_two_shards_each_serve_their_servers(start_bot, small_coverage, fake_discord: FakeDiscord) -> None:
    assert shard_of(GUILD_ID, 2) != shard_of(GUILD_2_ID, 2)
    fake_discord.recommended_shards = 2  # SHARD_COUNT unset: Discord's recommendation is followed
    bot = await start_bot(small_coverage)
    await fake_discord.wait_until(lambda: len(fake_discord.identifies) == 2 and len(bot.guilds) == 2)
    assert sorted(tuple(i["shard"]) for i in fake_discord.identifies) == [(0, 2), (1, 2)]
    for guild in (GUILD_ID, GUILD_2_ID):
        shown = await reply_to(fake_discord, ask(fake_discord, "What is Amazon Rekognition?", guild_id=guild,
                                                 user_id=guild[-3:]))
        assert shown["embeds"][0]["title"] == "Answer"
    assert {bot.get_guild(int(g)).shard_id for g in (GUILD_ID, GUILD_2_ID)} == {0, 1}


async def test_one_process_runs_only_its_shard_ids(start_bot, small_coverage, fake_discord: FakeDiscord) -> None:
    settings = replace(Settings(), discord_token="t", shard_count=2, shard_ids=(1,))
    bot = await start_bot(small_coverage, settings=settings)
    assert [tuple(i["shard"]) for i in fake_discord.identifies] == [(1, 2)]
    assert [g.id for g in bot.guilds] == [int(g) for g in (GUILD_ID, GUILD_2_ID) if shard_of(g, 2) == 1]
    guild = next(g for g in (GUILD_ID, GUILD_2_ID) if shard_of(g, 2) == 1)
    shown = await reply_to(fake_discord, ask(fake_discord, "What is Amazon Rekognition?", guild_id=guild))
    assert shown["embeds"][0]["title"] == "Answer"


async def test_sigterm_finishes_the_answer_in_progress_then_closes_with_1000(small_coverage, fake_discord,
                                                                            monkeypatch, tmp_path) -> None:
    settings = replace(Settings(), discord_token="t", data_dir=tmp_path / "data", semantic="off")
    bot = CoverageBot(settings, small_coverage)
    bot._connection.guild_ready_timeout = 0.1
    started, release = threading.Event(), threading.Event()
    real_ask = small_coverage.answerer.ask

    def slow(question: str, k: int = 5):
        started.set()
        release.wait(10)
        return real_ask(question, k)

    monkeypatch.setattr(small_coverage.answerer, "ask", slow)
    handler_before = signal.getsignal(signal.SIGTERM)
    serving = asyncio.create_task(serve(bot, settings.discord_token))
    await asyncio.wait_for(bot.wait_until_ready(), 10)
    question = ask(fake_discord, "What is Amazon Rekognition?")
    await fake_discord.dispatch("INTERACTION_CREATE", question)
    await asyncio.to_thread(started.wait, 10)
    os.kill(os.getpid(), signal.SIGTERM)  # as systemd or docker stop does
    await asyncio.sleep(0.2)
    assert not serving.done() and fake_discord.close_codes == []  # still finishing the answer
    late = ask(fake_discord, "Combien d'ONG ont signé la lettre ?", user_id="9")
    refused = await reply_to(fake_discord, late)
    assert refused["content"] == "The bot is restarting: ask again in a minute."
    release.set()
    await asyncio.wait_for(serving, 15)
    (answer,) = await fake_discord.wait_for(followup_of(question))
    assert answer.status == 200 and answer.body["embeds"][0]["title"] == "Answer"
    assert fake_discord.close_codes == [1000]
    assert signal.getsignal(signal.SIGTERM) == handler_before  # the process's own handling is given back


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
async def test_python_m_bot_run_stops_cleanly(stop: signal.Signals, fake_discord: FakeDiscord, small_corpus,
                                              tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DEV_GUILD_ID", "LOG_LEVEL")}
    env.update(DISCORD_TOKEN="fake-token", CORPUS_DIR=str(small_corpus), DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=str(ROOT))
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(Path(__file__).with_name("run_against_fake.py")), fake_discord.api_base,
        fake_discord.gateway_url, cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE)
    try:
        await fake_discord.wait_until(lambda: fake_discord.sessions and fake_discord.sessions[0].sequence >= 2, 30)
        question = ask(fake_discord, "What is Amazon Rekognition?")
        await fake_discord.dispatch("INTERACTION_CREATE", question)
        await fake_discord.wait_until(lambda: fake_discord.interactions[question["id"]].response_type == 5)
        process.send_signal(stop)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode == 0, stderr.decode()
    answer = await shown_reply(fake_discord, question)
    assert answer["embeds"][0]["title"] == "Answer"  # the answer in progress was delivered
    assert fake_discord.close_codes == [1000] and b"Traceback" not in stderr
