"""Every command and every page within Discord's limits with 1,000 articles from 100 outlets (the strict fake refuses
anything over a limit, and the fixture fails the test if it had to)."""

from __future__ import annotations

import re

from .fake_discord import BOT_ID, BOT_USER, CHANNEL_ID, FakeDiscord
from .helpers import ask, button_of, callback_of, click, command, embed_length, reply_to
from .large_corpus import ARTICLES, WIDELY_REPORTED


async def every_page(fake: FakeDiscord, first: dict, also: str | None = None) -> list[dict]:
    """The first page and every next one, by the asker's clicks; on each, `also` pressed by someone else."""
    pages = [first]
    while True:
        if also:
            await click(fake, pages[-1], also, user_id="4242")
        if button_of(pages[-1], "Next").get("disabled"):
            return pages
        pages.append(await click(fake, pages[-1], "Next"))


async def test_every_sources_page(large_bot, fake_discord: FakeDiscord) -> None:
    pages = await every_page(fake_discord, await reply_to(fake_discord, command(fake_discord, "sources")))
    total = int(re.search(r"of (\d+)", pages[0]["embeds"][0]["footer"]["text"])[1])
    assert len(pages) == total > 1
    ids = [f["name"].split(" · ")[0] for page in pages for f in page["embeds"][0]["fields"]]
    assert len(ids) == len(set(ids)) == ARTICLES  # every article listed once
    assert max(embed_length(page["embeds"][0]) for page in pages) <= 6000


async def test_every_timeline_page(large_bot, fake_discord: FakeDiscord) -> None:
    pages = await every_page(fake_discord, await reply_to(fake_discord, command(fake_discord, "timeline")))
    fields = [f for page in pages for f in page["embeds"][0]["fields"]]
    events = int(re.search(r"· (\d+) events", pages[0]["embeds"][0]["footer"]["text"])[1])
    assert len(fields) == events == len(large_bot.coverage.events)
    widely = [f for f in fields if re.search(r"reported by (\d+) outlets:", f["value"])
              and int(re.search(r"reported by (\d+)", f["value"])[1]) >= WIDELY_REPORTED]
    assert widely and re.search(r"\+\d+ more$", widely[0]["value"]) and len(widely[0]["value"]) <= 1024
    back = await click(fake_discord, pages[-1], "Previous")
    assert back["embeds"][0] == pages[-2]["embeds"][0]


async def test_every_passage_of_an_answer_and_its_context(large_bot, fake_discord: FakeDiscord) -> None:
    question = ask(fake_discord, "Quand Amazon a-t-il annoncé un moratoire sur Rekognition ?")
    pages = await every_page(fake_discord, await reply_to(fake_discord, question), also="Show context")
    assert len(pages) == 5 and pages[0]["embeds"][0]["title"] == "Answer"
    # The paragraph eighty outlets ran is one passage citing the others, not five copies of one text.
    texts = [page["embeds"][0]["description"] for page in pages]
    assert len(set(texts)) == 5
    also = [f for f in pages[0]["embeds"][0]["fields"] if f["name"] == "Same text also in"]
    assert also and re.search(r"\+\d+ more$", also[0]["value"]) and len(also[0]["value"]) <= 1024
    contexts = [m for m in fake_discord.messages.values() if m["embeds"] and m["embeds"][0].get("title") == "Context"]
    assert len(contexts) == 5


async def test_filtered_timeline_with_its_picture(large_bot, fake_discord: FakeDiscord) -> None:
    shown = await reply_to(fake_discord, command(fake_discord, "timeline", company="Amazon", picture=True,
                                                 **{"from": "2020-06", "to": "2020-06"}), timeout=60)
    assert shown["attachments"][0]["filename"] == "timeline.png"
    assert all("Amazon" in f["name"] for f in shown["embeds"][0]["fields"])


async def test_autocomplete_and_mentions(large_bot, fake_discord: FakeDiscord) -> None:
    typing = fake_discord.interaction("", type=4, data={"id": "1", "name": "timeline", "type": 1, "options": [
        {"name": "company", "type": 3, "value": "", "focused": True}]})
    await fake_discord.dispatch("INTERACTION_CREATE", typing)
    (callback,) = await fake_discord.wait_for(callback_of(typing))
    assert 1 <= len(callback.body["data"]["choices"]) <= 25
    mention = fake_discord.user_message(f"<@{BOT_ID}> Qui a critiqué la vente à la police ?", [BOT_USER])
    await fake_discord.dispatch("MESSAGE_CREATE", mention)
    (reply,) = await fake_discord.wait_for(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages")
    assert reply.status == 200 and reply.body["embeds"]
