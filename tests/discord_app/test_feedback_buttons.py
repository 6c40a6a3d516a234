"""👍 / 👎 under answers and the questions the coverage declined reach the host's feedback file, without user ids."""

from __future__ import annotations

import sqlite3

from bot.feedback import FeedbackStore

from .fake_discord import BOT_ID, BOT_USER, CHANNEL_ID, USER_ID, FakeDiscord
from .helpers import ask, click, is_private, labels, reply_to


async def test_votes_are_counted_once_per_reader_and_privately_thanked(running_bot, fake_discord: FakeDiscord) -> None:
    answer = await reply_to(fake_discord, ask(fake_discord, "when did Amazon pause Rekognition?"))
    thanks = await click(fake_discord, answer, "Wrong", user_id="4242")
    assert is_private(thanks) and thanks["content"].startswith("Thank you")
    again = await click(fake_discord, answer, "Helpful", user_id="4242")
    assert is_private(again) and again["content"] == "You already gave your opinion on this answer."
    await click(fake_discord, answer, "Helpful")
    store: FeedbackStore = running_bot.feedback
    (wrong,) = store.report().marked_wrong
    assert (wrong.question, wrong.wrong, wrong.helpful) == ("when did Amazon pause Rekognition?", 1, 1)
    assert "10 juin" in wrong.passage
    assert fake_discord.visible(answer["id"])["embeds"] == answer["embeds"]  # voting changes nothing in the channel


async def test_declined_questions_are_kept_from_commands_and_mentions(running_bot, fake_discord) -> None:
    shown = await reply_to(fake_discord, ask(fake_discord, "Who won the Tour de France?"))
    assert "Helpful" not in labels(shown)
    mention = fake_discord.user_message(f"<@{BOT_ID}> who won the tour de france", [BOT_USER])
    await fake_discord.dispatch("MESSAGE_CREATE", mention)
    await fake_discord.wait_for(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages")
    await fake_discord.wait_until(lambda: running_bot.feedback.report().declined
                                  and running_bot.feedback.report().declined[0].count == 2)
    (declined,) = running_bot.feedback.report().declined
    assert declined.count == 2
    with sqlite3.connect(running_bot.feedback.path) as connection:
        rows = connection.execute("SELECT * FROM declined").fetchall()
    assert not any(USER_ID in str(value) for row in rows for value in row)
