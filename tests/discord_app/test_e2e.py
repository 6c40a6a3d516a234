"""End to end: the real discord.py client logged in to the fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import replace
from pathlib import Path

import discord

from bot.answer import MAX_QUESTION_CHARS
from bot.discord_app.embeds import DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, FIELD_VALUE_LIMIT

from .fake_discord import APPLICATION_ID, BOT_ID, BOT_USER, CHANNEL_ID, GUILD_ID, FakeDiscord

EPHEMERAL = 64


def ask(fake: FakeDiscord, question: str, private: bool | None = None, user_id: str | None = None) -> dict:
    options = [{"name": "question", "type": 3, "value": question}]
    if private is not None:
        options.append({"name": "private", "type": 5, "value": private})
    return fake.interaction("ask", options, **({"user_id": user_id} if user_id else {}))


def callback_of(interaction: dict):
    return lambda r: r.method == "POST" and r.path == f"/interactions/{interaction['id']}/{interaction['token']}/callback"


def followup_of(interaction: dict):
    return lambda r: r.method == "POST" and r.path == f"/webhooks/{APPLICATION_ID}/{interaction['token']}"


def embed_length(embed: dict) -> int:
    fields = sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    return len(embed.get("title", "")) + len(embed.get("description", "")) + fields + len(
        embed.get("footer", {}).get("text", ""))


async def answered(fake: FakeDiscord, interaction: dict) -> dict:
    await fake.dispatch("INTERACTION_CREATE", interaction)
    (followup,) = await fake.wait_for(followup_of(interaction))
    return followup.body


async def test_commands_are_synced_to_the_dev_guild_within_limits(running_bot, fake_discord: FakeDiscord) -> None:
    (sync,) = await fake_discord.wait_for(
        lambda r: r.method == "PUT" and r.path == f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
    commands = {c["name"]: c for c in sync.body}
    assert set(commands) == {"ask", "sources", "reload", "timeline"}
    manage_server = str(discord.Permissions(manage_guild=True).value)
    assert str(commands["reload"]["default_member_permissions"]) == manage_server  # hidden from other members
    assert commands["ask"].get("default_member_permissions") is None
    for command in sync.body:
        assert 1 <= len(command["name"]) <= 32 and 1 <= len(command["description"]) <= 100
        for option in command.get("options", []):
            assert 1 <= len(option["name"]) <= 32 and 1 <= len(option["description"]) <= 100
    question, private = commands["ask"]["options"]
    assert question["name"] == "question" and question["required"] and question["max_length"] == MAX_QUESTION_CHARS
    assert private["name"] == "private" and not private.get("required", False)


async def test_ask_defers_then_follows_up_with_the_cited_answer(running_bot, fake_discord: FakeDiscord) -> None:
    interaction = ask(fake_discord, "when did Amazon pause Rekognition?")
    body = await answered(fake_discord, interaction)
    (callback,) = await fake_discord.wait_for(callback_of(interaction))
    assert callback.body["type"] == 5  # deferred
    (embed,) = body["embeds"]
    assert embed["title"] == "Answer" and "**" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Date"].startswith("2020-06-10")
    assert "Developpez.com" in fields["Source"] or "Calipia" in fields["Source"]
    labels = [c["label"] for row in body["components"] for c in row["components"]]
    assert labels == ["More results", "Show context"]


async def test_private_answer_is_ephemeral(running_bot, fake_discord: FakeDiscord) -> None:
    interaction = ask(fake_discord, "Combien d'ONG ont signé la lettre ?", private=True)
    body = await answered(fake_discord, interaction)
    (callback,) = await fake_discord.wait_for(callback_of(interaction))
    assert callback.body["data"]["flags"] & EPHEMERAL and body["flags"] & EPHEMERAL


async def test_a_mention_gets_a_reply_to_that_message(running_bot, fake_discord: FakeDiscord) -> None:
    message = fake_discord.user_message(f"<@{BOT_ID}> Combien d'ONG ont signé la lettre ?", [BOT_USER])
    await fake_discord.dispatch("MESSAGE_CREATE", message)
    (reply,) = await fake_discord.wait_for(
        lambda r: r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages")
    assert str(reply.body["message_reference"]["message_id"]) == message["id"]
    assert "NewZilla.NET" in reply.body["embeds"][0]["fields"][-1]["value"]


async def test_a_question_the_coverage_does_not_answer_says_so(running_bot, fake_discord: FakeDiscord) -> None:
    body = await answered(fake_discord, ask(fake_discord, "Who won the Tour de France?"))
    assert body["embeds"][0]["title"].startswith("The coverage does not answer this.")


async def test_buttons_show_the_next_passage_in_place_and_the_context(running_bot, fake_discord: FakeDiscord) -> None:
    interaction = ask(fake_discord, "What did Brad Smith say about selling to US police?")
    first = await answered(fake_discord, interaction)
    sent = next(m for m in fake_discord.messages if m["components"] and m["embeds"] == first["embeds"])
    more, context = (c["custom_id"] for c in first["components"][0]["components"])

    click = fake_discord.interaction("", type=3, data={"custom_id": more, "component_type": 2}, message=sent)
    await fake_discord.dispatch("INTERACTION_CREATE", click)
    (update,) = await fake_discord.wait_for(callback_of(click))
    assert update.body["type"] == 7  # the same message, edited
    assert update.body["data"]["embeds"][0]["description"] != first["embeds"][0]["description"]
    assert update.body["data"]["embeds"][0]["title"].startswith("Other passage (2 of")

    click = fake_discord.interaction("", type=3, data={"custom_id": context, "component_type": 2}, message=sent)
    await fake_discord.dispatch("INTERACTION_CREATE", click)
    (shown,) = await fake_discord.wait_for(followup_of(click))
    assert shown.body["embeds"][0]["title"] == "Context" and shown.body["flags"] & EPHEMERAL


async def test_an_error_reaches_the_user_as_one_private_line(running_bot, fake_discord: FakeDiscord) -> None:
    interaction = ask(fake_discord, "?!? …")
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    (callback,) = await fake_discord.wait_for(callback_of(interaction))
    assert callback.body["type"] == 4 and callback.body["data"]["flags"] & EPHEMERAL
    content = callback.body["data"]["content"]
    assert content.startswith("Sorry: the question has no word") and "\n" not in content


async def test_cooldown_answers_with_the_wait(running_bot, fake_discord: FakeDiscord) -> None:
    interactions = [ask(fake_discord, "What is Amazon Rekognition?", user_id="42") for _ in range(4)]
    for interaction in interactions:
        await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    (last,) = await fake_discord.wait_for(callback_of(interactions[-1]))
    assert last.body["data"]["content"].startswith("You are asking too fast: try again in")


async def test_a_rate_limited_followup_is_retried(running_bot, fake_discord: FakeDiscord) -> None:
    fake_discord.rate_limit_next[f"POST /webhooks/{APPLICATION_ID}/"] = 1
    body = await answered(fake_discord, ask(fake_discord, "What is Amazon Rekognition?"))
    assert fake_discord.rate_limited and body["embeds"][0]["title"] == "Answer"


async def test_an_oversized_answer_is_cut_within_limits_and_keeps_its_citation(running_bot, fake_discord) -> None:
    body = await answered(fake_discord, ask(fake_discord, "Que fait le zeppelin géant avec les montgolfières ?"))
    (embed,) = body["embeds"]
    assert embed["description"].endswith("…") and len(embed["description"]) <= DESCRIPTION_LIMIT
    assert embed_length(embed) <= EMBED_TOTAL_LIMIT
    source = embed["fields"][-1]["value"]
    assert len(source) <= FIELD_VALUE_LIMIT and source.endswith("2020-06-12") and "La Gazette des Aérostats" in source
    assert "@everyone" not in embed["description"] and "<@123>" not in embed["description"]


async def test_no_message_the_bot_sends_can_ping(running_bot, fake_discord: FakeDiscord) -> None:
    await answered(fake_discord, ask(fake_discord, "Que fait le zeppelin géant de @everyone ?"))
    message = fake_discord.user_message(f"<@{BOT_ID}> @everyone zeppelin géant ?", [BOT_USER])
    await fake_discord.dispatch("MESSAGE_CREATE", message)
    await fake_discord.wait_for(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages")
    sent = [r for r in fake_discord.requests if r.method in ("POST", "PATCH") and r.body
            and ("/webhooks/" in r.path or "/callback" in r.path or "/messages" in r.path)]
    assert sent
    for request in sent:
        payload = request.body.get("data", request.body) if "/callback" in request.path else request.body
        if payload and ("content" in payload or "embeds" in payload):
            assert payload["allowed_mentions"] == {"parse": []} or payload["allowed_mentions"]["parse"] == [], request


async def test_fifty_simultaneous_questions_are_all_acknowledged_within_three_seconds(running_bot, fake_discord) -> None:
    interactions = [ask(fake_discord, f"What did Brad Smith say about police number {n}?", user_id=str(5000 + n))
                    for n in range(50)]
    sent_at = {}
    for interaction in interactions:
        sent_at[interaction["id"]] = time.monotonic()
        await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    for interaction in interactions:
        (callback,) = await fake_discord.wait_for(callback_of(interaction), timeout=30)
        assert callback.at - sent_at[interaction["id"]] < 3.0
    followups = await asyncio.gather(*(fake_discord.wait_for(followup_of(i), timeout=60) for i in interactions))
    assert len(followups) == 50


async def test_reload_picks_up_a_new_article_while_answers_keep_flowing(running_bot, fake_discord, big_corpus,
                                                                          tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(big_corpus, corpus, ignore=shutil.ignore_patterns(".index"))
    running_bot.settings = replace(running_bot.settings, corpus_dir=corpus)
    (corpus / "articles" / "998-boston.md").write_text(
        '---\nid: "998"\noutlet: Le Quotidien Test\ntitle: "Boston interdit la reconnaissance faciale"\n'
        'date: "2020-06-25"\nlanguage: fr\n---\nLe conseil municipal de Boston a interdit la reconnaissance '
        "faciale à sa police.\n", encoding="utf-8")
    from bot.answer import Answerer

    slow_build, started = Answerer.from_corpus_dir, asyncio.Event()
    loop = asyncio.get_running_loop()

    def slow(path):
        loop.call_soon_threadsafe(started.set)
        time.sleep(1.0)
        return slow_build(path)

    monkeypatch.setattr(Answerer, "from_corpus_dir", staticmethod(slow))
    reload = fake_discord.interaction("reload")
    await fake_discord.dispatch("INTERACTION_CREATE", reload)
    await asyncio.wait_for(started.wait(), 5)
    question = ask(fake_discord, "What is Amazon Rekognition?", user_id="77")
    during = await answered(fake_discord, question)
    assert during["embeds"][0]["title"] == "Answer"
    (done,) = await fake_discord.wait_for(followup_of(reload))
    assert done.body["content"].startswith("Reloaded: 7 articles") and done.body["flags"] & EPHEMERAL
    (answer,) = [r for r in fake_discord.requests if followup_of(question)(r)]
    assert answer.at < done.at  # answered while the reload was still building
    boston = await answered(fake_discord, ask(fake_discord, "Which city banned facial recognition for its police?",
                                              user_id="78"))
    assert "Le Quotidien Test" in boston["embeds"][0]["fields"][-1]["value"]


async def test_timeline_pages_with_buttons_and_attaches_the_picture(running_bot, fake_discord: FakeDiscord) -> None:
    interaction = fake_discord.interaction("timeline", [{"name": "picture", "type": 5, "value": True}])
    body = await answered(fake_discord, interaction)
    (embed,) = body["embeds"]
    assert embed["footer"]["text"].startswith("Page 1 of 2") and len(embed["fields"]) == 8
    assert embed["fields"][0]["name"].startswith("2018")
    assert embed_length(embed) <= EMBED_TOTAL_LIMIT
    (picture,) = body["_files"]
    assert picture["filename"] == "timeline.png" and picture["size"] > 10_000
    sent = next(m for m in fake_discord.messages if m["embeds"] == body["embeds"])
    previous, following = (c["custom_id"] for c in body["components"][0]["components"])
    click = fake_discord.interaction("", type=3, data={"custom_id": following, "component_type": 2}, message=sent)
    await fake_discord.dispatch("INTERACTION_CREATE", click)
    (page,) = await fake_discord.wait_for(callback_of(click))
    assert page.body["type"] == 7 and page.body["data"]["embeds"][0]["footer"]["text"].startswith("Page 2 of 2")


async def test_timeline_filters_and_refuses_a_bad_date_privately(running_bot, fake_discord: FakeDiscord) -> None:
    body = await answered(fake_discord, fake_discord.interaction("timeline", [
        {"name": "company", "type": 3, "value": "Google"}, {"name": "from", "type": 3, "value": "2018"}]))
    fields = body["embeds"][0]["fields"]
    assert fields and all("Google" in f["name"] for f in fields)
    bad = fake_discord.interaction("timeline", [{"name": "to", "type": 3, "value": "juin 2020"}])
    await fake_discord.dispatch("INTERACTION_CREATE", bad)
    (callback,) = await fake_discord.wait_for(callback_of(bad))
    assert callback.body["data"]["flags"] & EPHEMERAL and callback.body["data"]["content"].startswith("Sorry: to must be")


async def test_company_autocomplete_offers_the_named_actors(running_bot, fake_discord: FakeDiscord) -> None:
    typing = fake_discord.interaction("", type=4, data={"id": "1", "name": "timeline", "type": 1, "options": [
        {"name": "company", "type": 3, "value": "am", "focused": True}]})
    await fake_discord.dispatch("INTERACTION_CREATE", typing)
    (callback,) = await fake_discord.wait_for(callback_of(typing))
    choices = [c["name"] for c in callback.body["data"]["choices"]]
    assert callback.body["type"] == 8 and choices[0] == "Amazon" and len(choices) <= 25
