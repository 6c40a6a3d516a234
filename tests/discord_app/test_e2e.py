"""End to end: the real discord.py client logged in to the strict fake Discord on 127.0.0.1, as a reader uses it."""

from __future__ import annotations

import asyncio

import discord

from bot.question import MAX_QUESTION_CHARS
from bot.discord_app.limits import DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT

from .fake_discord import (APPLICATION_ID, BOT_ID, BOT_USER, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, FakeDiscord)
from .helpers import (ask, click, embed_length, followup_of, is_private, labels, public_messages,
                      reply_to)


async def test_commands_are_synced_to_the_dev_guild_within_limits(running_bot, fake_discord: FakeDiscord) -> None:
    commands = {c["name"]: c for c in fake_discord.commands[GUILD_ID]}
    assert set(commands) == {"ask", "sources", "reload", "timeline"}
    manage_server = str(discord.Permissions(manage_guild=True).value)
    assert str(commands["reload"]["default_member_permissions"]) == manage_server  # hidden from other members
    assert commands["ask"].get("default_member_permissions") is None
    question, private = commands["ask"]["options"]
    assert question["name"] == "question" and question["required"] and question["max_length"] == MAX_QUESTION_CHARS
    assert private["name"] == "private" and not private.get("required", False)


async def test_ask_defers_then_answers_with_a_labelled_quotation(running_bot, fake_discord: FakeDiscord) -> None:
    interaction = ask(fake_discord, "when did Amazon pause Rekognition?")
    shown = await reply_to(fake_discord, interaction)
    assert fake_discord.interactions[interaction["id"]].response_type == 5  # deferred, then followed up
    (embed,) = shown["embeds"]
    assert embed["title"] == "Answer"
    lead, quoted = embed["description"].split("\n", 1)
    assert lead.startswith("Quoted in French from ") and quoted.startswith("> ") and "**" in quoted
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Event date"].startswith("10 June 2020 — read from « ")
    assert "published " in fields["Source"]
    assert embed["footer"]["text"] == "❓ when did Amazon pause Rekognition?"
    assert labels(shown) == ["Previous", "Next", "Show context", "Helpful", "Wrong"]
    assert not is_private(shown) and shown in public_messages(fake_discord)


async def test_private_answer_is_ephemeral(running_bot, fake_discord: FakeDiscord) -> None:
    shown = await reply_to(fake_discord, ask(fake_discord, "Combien d'ONG ont signé la lettre ?", private=True))
    assert is_private(shown) and shown["embeds"][0]["title"] == "Answer"
    assert not public_messages(fake_discord)


async def test_french_locale_gets_french_labels(running_bot, fake_discord: FakeDiscord) -> None:
    shown = await reply_to(fake_discord, ask(fake_discord, "Quand Amazon a-t-il suspendu Rekognition ?", locale="fr"))
    (embed,) = shown["embeds"]
    assert embed["title"] == "Réponse" and embed["description"].startswith("Cité en français, ")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "juin 2020" in fields["Date de l'événement"] and "publié : " in fields["Source"]
    assert labels(shown)[:3] == ["Précédent", "Suivant", "Voir le contexte"]


async def test_a_reconstructed_headline_says_so_in_english(running_bot, fake_discord: FakeDiscord) -> None:
    shown = await reply_to(fake_discord, ask(fake_discord, "when did Amazon pause Rekognition?"))
    sources = [f["value"] for f in shown["embeds"][0]["fields"] if f["name"] == "Source"]
    assert "(headline reconstructed)" in sources[0] and "titre reconstitué" not in sources[0]


async def test_a_mention_gets_a_reply_to_that_message(running_bot, fake_discord: FakeDiscord) -> None:
    message = fake_discord.user_message(f"<@{BOT_ID}> Combien d'ONG ont signé la lettre ?", [BOT_USER])
    await fake_discord.dispatch("MESSAGE_CREATE", message)
    (reply,) = await fake_discord.wait_for(
        lambda r: r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages")
    assert str(reply.body["message_reference"]["message_id"]) == message["id"]
    assert reply.body["embeds"][0]["title"] == "Réponse"  # a French question reads naturally in French
    assert "NewZilla.NET" in reply.body["embeds"][0]["fields"][-1]["value"]


async def test_a_direct_message_is_answered_without_a_mention(running_bot, fake_discord: FakeDiscord) -> None:
    message = fake_discord.user_message("when did Amazon pause Rekognition?", [], dm=True)
    await fake_discord.dispatch("MESSAGE_CREATE", message)
    (reply,) = await fake_discord.wait_for(
        lambda r: r.method == "POST" and r.path == f"/channels/{DM_CHANNEL_ID}/messages")
    assert reply.body["embeds"][0]["title"] == "Answer"


async def test_a_message_without_a_mention_is_left_alone(running_bot, fake_discord: FakeDiscord) -> None:
    await fake_discord.dispatch("MESSAGE_CREATE", fake_discord.user_message("when did Amazon pause Rekognition?", []))
    probe = fake_discord.user_message(f"<@{BOT_ID}> What is Amazon Rekognition?", [BOT_USER])
    await fake_discord.dispatch("MESSAGE_CREATE", probe)
    replies = await fake_discord.wait_for(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages")
    assert len(replies) == 1 and str(replies[0].body["message_reference"]["message_id"]) == probe["id"]


async def test_every_mention_failure_gets_its_one_line_reply(running_bot, start_bot, fake_discord, monkeypatch) -> None:
    start_bot.expect_errors()
    empty = fake_discord.user_message(f"<@{BOT_ID}>", [BOT_USER])
    await fake_discord.dispatch("MESSAGE_CREATE", empty)

    def broken(question: str, k: int = 5):
        raise RuntimeError("index exploded")

    await fake_discord.wait_for(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages")
    monkeypatch.setattr(running_bot.coverage.answerer, "ask", broken)
    failing = fake_discord.user_message(f"<@{BOT_ID}> What is Amazon Rekognition?", [BOT_USER])
    await fake_discord.dispatch("MESSAGE_CREATE", failing)
    replies = await fake_discord.wait_for(
        lambda r: r.path == f"/channels/{CHANNEL_ID}/messages" and r.body["message_reference"]["message_id"]
        in (int(failing["id"]), failing["id"]))
    lines = {str(r.body["message_reference"]["message_id"]): r.body["content"]
             for r in fake_discord.requests if r.path == f"/channels/{CHANNEL_ID}/messages"}
    assert lines[empty["id"]].startswith("Sorry: ask a question after the mention")
    assert lines[failing["id"]].startswith("Something went wrong") and replies
    assert all("\n" not in line for line in lines.values())


async def test_a_question_the_coverage_does_not_answer_says_so(running_bot, fake_discord: FakeDiscord) -> None:
    shown = await reply_to(fake_discord, ask(fake_discord, "What is the price of Rekognition?"))
    (embed,) = shown["embeds"]
    assert embed["title"] == "The coverage does not answer this · Closest passage (1 of 5), not an answer"
    assert embed["description"].startswith("Quoted in French from ")
    assert "**" not in embed["description"]  # a closest passage is not an answer: nothing in bold
    assert labels(shown) == ["Previous", "Next", "Show context"]  # no 👍/👎 on what is not an answer


async def test_no_buttons_when_there_is_nothing_to_show(running_bot, fake_discord: FakeDiscord) -> None:
    shown = await reply_to(fake_discord, ask(fake_discord, "Who won the Tour de France?"))
    assert shown["embeds"][0]["title"] == "The coverage does not answer this"
    assert shown["components"] == []


async def test_next_and_previous_edit_the_answer_in_place(running_bot, fake_discord: FakeDiscord) -> None:
    first = await reply_to(fake_discord, ask(fake_discord, "What did Brad Smith say about selling to US police?"))
    before = first["embeds"][0]
    second = await click(fake_discord, first, "Next")
    assert second["id"] == first["id"] and not is_private(second)
    assert second["embeds"][0]["title"].startswith("Other passage (2 of")
    assert second["embeds"][0]["description"] != before["description"]
    assert "**" not in second["embeds"][0]["description"].split("\n", 1)[1]
    back = await click(fake_discord, second, "Previous")
    assert back["embeds"][0] == before
    assert [b.get("disabled", False) for row in back["components"] for b in row["components"]][:2] == [True, False]


async def test_someone_else_paging_gets_a_private_copy(running_bot, fake_discord: FakeDiscord) -> None:
    first = await reply_to(fake_discord, ask(fake_discord, "What did Brad Smith say about selling to US police?"))
    copy = await click(fake_discord, first, "Next", user_id="4242")
    assert copy["id"] != first["id"] and is_private(copy)
    assert copy["embeds"][0]["title"].startswith("Other passage (2 of")
    assert fake_discord.visible(first["id"])["embeds"] == first["embeds"]  # the asker's answer is untouched
    mine = await click(fake_discord, copy, "Previous", user_id="4242")  # the copy is theirs to page
    assert mine["id"] == copy["id"] and mine["embeds"][0]["title"] == "Answer"


async def test_show_context_is_private(running_bot, fake_discord: FakeDiscord) -> None:
    first = await reply_to(fake_discord, ask(fake_discord, "What did Brad Smith say about selling to US police?"))
    context = await click(fake_discord, first, "Show context", user_id="4242")
    assert context["embeds"][0]["title"] == "Context" and is_private(context)


async def test_a_click_after_a_restart_answers(start_bot, small_coverage, fake_discord: FakeDiscord) -> None:
    before = await start_bot(small_coverage)
    first = await reply_to(fake_discord, ask(fake_discord, "What did Brad Smith say about selling to US police?"))
    await before.close()
    await start_bot(small_coverage)  # a new process: nothing of the old one's memory
    second = await click(fake_discord, first, "Next")
    assert second["id"] == first["id"] and second["embeds"][0]["title"].startswith("Other passage (2 of")
    context = await click(fake_discord, second, "Show context")
    assert context["embeds"][0]["title"] == "Context"


async def test_an_error_after_a_public_defer_stays_private(running_bot, fake_discord: FakeDiscord) -> None:
    interaction = ask(fake_discord, "?!? …")  # passes the quick check, refused by the core after deferring
    shown = await reply_to(fake_discord, interaction)
    assert is_private(shown) and shown["content"].startswith("Sorry: the question has no word")
    assert "\n" not in shown["content"]
    assert not public_messages(fake_discord)  # the public "thinking…" message is gone, not turned into the error


async def test_an_empty_question_is_refused_before_deferring(running_bot, fake_discord: FakeDiscord) -> None:
    interaction = ask(fake_discord, "   ")
    shown = await reply_to(fake_discord, interaction)
    assert fake_discord.interactions[interaction["id"]].response_type == 4
    assert is_private(shown) and shown["content"] == "Sorry: the question is empty."


async def test_an_unexpected_failure_is_private_and_logged(running_bot, start_bot, fake_discord, monkeypatch,
                                                           caplog) -> None:
    start_bot.expect_errors()

    def broken(question: str, k: int = 5):
        raise RuntimeError("index exploded")

    monkeypatch.setattr(running_bot.coverage.answerer, "ask", broken)
    shown = await reply_to(fake_discord, ask(fake_discord, "What is Amazon Rekognition?"))
    assert is_private(shown) and shown["content"].startswith("Something went wrong")
    assert not public_messages(fake_discord)
    assert "index exploded" in caplog.text


async def test_cooldown_on_every_path(running_bot, fake_discord: FakeDiscord) -> None:
    for n in range(3):
        await reply_to(fake_discord, ask(fake_discord, "What is Amazon Rekognition?", user_id="42"))
    refused = await reply_to(fake_discord, ask(fake_discord, "What is Amazon Rekognition?", user_id="42"))
    assert is_private(refused) and refused["content"].startswith("You are asking too fast: try again in")
    timeline = await reply_to(fake_discord, fake_discord.interaction("timeline", user_id="42"))
    assert is_private(timeline) and timeline["content"].startswith("You are asking too fast")
    author = {"id": "42", "username": "fast", "discriminator": "0", "global_name": None, "avatar": None}
    mention = fake_discord.user_message(f"<@{BOT_ID}> What is Amazon Rekognition?", [BOT_USER], author=author)
    await fake_discord.dispatch("MESSAGE_CREATE", mention)
    (reply,) = await fake_discord.wait_for(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages")
    assert reply.body["content"].startswith("You are asking too fast")


async def test_a_slow_core_is_still_acknowledged_in_time(running_bot, fake_discord: FakeDiscord, monkeypatch) -> None:
    real_ask = running_bot.coverage.answerer.ask

    def slow(question: str, k: int = 5):
        fake_discord.advance(3.5)  # the core takes 3.5 s, as Discord sees it
        return real_ask(question, k)

    monkeypatch.setattr(running_bot.coverage.answerer, "ask", slow)
    shown = await reply_to(fake_discord, ask(fake_discord, "What is Amazon Rekognition?"))
    assert shown["embeds"][0]["title"] == "Answer"
    first = await reply_to(fake_discord, ask(fake_discord, "What did Brad Smith say about selling to US police?",
                                             user_id="77"))
    paged = await click(fake_discord, first, "Next", user_id="77")
    assert paged["embeds"][0]["title"].startswith("Other passage")
    context = await click(fake_discord, paged, "Show context", user_id="78")
    assert context["embeds"][0]["title"] == "Context"
    voted = await click(fake_discord, first, "Previous", user_id="77")
    thanks = await click(fake_discord, voted, "Helpful", user_id="79")
    assert thanks["content"].startswith("Thank you")


async def test_a_rate_limited_followup_is_retried(running_bot, fake_discord: FakeDiscord) -> None:
    fake_discord.rate_limit_next[f"POST /webhooks/{APPLICATION_ID}/"] = 1
    shown = await reply_to(fake_discord, ask(fake_discord, "What is Amazon Rekognition?"))
    assert fake_discord.rate_limited and shown["embeds"][0]["title"] == "Answer"


async def test_an_oversized_answer_is_cut_within_limits_and_keeps_its_citation(running_bot, fake_discord) -> None:
    shown = await reply_to(fake_discord, ask(fake_discord, "Que fait le zeppelin géant avec les montgolfières ?"))
    (embed,) = shown["embeds"]
    assert embed["description"].endswith("…") and len(embed["description"]) <= DESCRIPTION_LIMIT
    source = embed["fields"][-1]["value"]
    assert len(source) <= FIELD_VALUE_LIMIT and "La Gazette des Aérostats" in source and "12 June 2020" in source
    assert "@everyone" not in embed["description"] and "<@123>" not in embed["description"]
    assert embed_length(embed) <= 6000


async def test_text_that_would_ping_never_does(running_bot, fake_discord: FakeDiscord) -> None:
    await reply_to(fake_discord, ask(fake_discord, "Que fait le zeppelin géant de @everyone ?"))
    await reply_to(fake_discord, fake_discord.interaction("timeline", [
        {"name": "company", "type": 3, "value": "@everyone <@123>"}]))
    message = fake_discord.user_message(f"<@{BOT_ID}> @everyone", [BOT_USER])
    await fake_discord.dispatch("MESSAGE_CREATE", message)
    await fake_discord.wait_for(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages")
    assert not fake_discord.pings  # the fixture checks this after every test; here the text invites it


async def test_fifty_simultaneous_questions_are_all_acknowledged_in_time(running_bot, fake_discord) -> None:
    interactions = [ask(fake_discord, f"What did Brad Smith say about police number {n}?", user_id=str(5000 + n))
                    for n in range(50)]
    for interaction in interactions:
        await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    followups = await asyncio.gather(*(fake_discord.wait_for(followup_of(i), timeout=60) for i in interactions))
    assert len(followups) == 50 and not fake_discord.refused


async def test_buttons_are_stripped_before_discord_stops_accepting_edits(start_bot, small_coverage,
                                                                         fake_discord: FakeDiscord) -> None:
    async def discord_time_passes(seconds: float) -> None:
        fake_discord.advance(seconds)  # the wait happens at once, as Discord's clock sees it

    await start_bot(small_coverage, sleep=discord_time_passes)
    interaction = ask(fake_discord, "What did Brad Smith say about selling to US police?")
    shown = await reply_to(fake_discord, interaction)
    stripped = await fake_discord.wait_until(lambda: fake_discord.visible(shown["id"])["components"] == [])
    assert stripped and fake_discord.visible(shown["id"])["embeds"] == shown["embeds"]  # the answer stays
