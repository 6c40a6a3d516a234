"""/timeline end to end: pages, filters, the picture, refusals kept private, autocomplete read from the built
timeline."""

from __future__ import annotations

from bot.discord_app import coverage as coverage_module
from bot.discord_app.coverage import Coverage

from .fake_discord import FakeDiscord
from .helpers import callback_of, click, command, is_private, labels, public_messages, reply_to


async def test_timeline_pages_with_buttons_and_attaches_the_picture(running_bot, fake_discord: FakeDiscord) -> None:
    interaction = command(fake_discord, "timeline", picture=True)
    shown = await reply_to(fake_discord, interaction)
    (embed,) = shown["embeds"]
    assert embed["footer"]["text"].startswith("Page 1 of 2 · ") and len(embed["fields"]) == 8
    assert embed["fields"][0]["name"].startswith("2018")
    assert embed["description"].startswith("Each event is a sentence quoted from the articles (in French)")
    assert shown["attachments"][0]["filename"] == "timeline.png" and shown["attachments"][0]["size"] > 10_000
    assert labels(shown) == ["Previous", "Next"]
    page = await click(fake_discord, shown, "Next")
    assert fake_discord.interactions[page_interaction(fake_discord)].response_type == 7  # edited in place
    assert page["id"] == shown["id"] and page["embeds"][0]["footer"]["text"].startswith("Page 2 of 2")
    assert page["attachments"] == shown["attachments"]


def page_interaction(fake: FakeDiscord) -> str:
    return next(reversed([i for i, s in fake.interactions.items() if s.payload["type"] == 3]))


async def test_a_week_reads_as_a_week(running_bot, fake_discord: FakeDiscord) -> None:
    shown = await reply_to(fake_discord, command(fake_discord, "timeline", company="IBM"))
    names = [f["name"] for f in shown["embeds"][0]["fields"]]
    assert any(name.startswith("week of ") for name in names), names


async def test_timeline_filters(running_bot, fake_discord: FakeDiscord) -> None:
    shown = await reply_to(fake_discord, command(fake_discord, "timeline", company="google", **{"from": "2018"}))
    embed = shown["embeds"][0]
    assert embed["title"] == "Timeline · google · 2018-01-01 → …"
    assert embed["fields"] and all("Google" in f["name"] for f in embed["fields"])


async def test_a_bad_date_and_an_unknown_company_are_refused_privately(running_bot, fake_discord) -> None:
    for options in ({"to": "juin 2020"}, {"company": "Tesla"}, {"company": "Tesla", "picture": True}):
        interaction = command(fake_discord, "timeline", **options)
        shown = await reply_to(fake_discord, interaction)
        assert fake_discord.interactions[interaction["id"]].response_type == 4  # refused before deferring
        assert is_private(shown) and shown["content"].startswith("Sorry: ") and "\n" not in shown["content"]
    assert not public_messages(fake_discord)


async def test_company_autocomplete_reads_the_built_timeline(running_bot, fake_discord, monkeypatch) -> None:
    def no_build(*args, **kwargs):
        raise AssertionError("the timeline was built while typing")

    monkeypatch.setattr(Coverage, "load", no_build)
    monkeypatch.setattr(coverage_module, "build_timeline", no_build)
    typing = fake_discord.interaction("", type=4, data={"id": "1", "name": "timeline", "type": 1, "options": [
        {"name": "company", "type": 3, "value": "am", "focused": True}]})
    await fake_discord.dispatch("INTERACTION_CREATE", typing)
    (callback,) = await fake_discord.wait_for(callback_of(typing))
    choices = [c["name"] for c in callback.body["data"]["choices"]]
    assert callback.body["type"] == 8 and choices[0] == "Amazon" and len(choices) <= 25


async def test_someone_else_paging_the_timeline_gets_a_private_copy(running_bot, fake_discord) -> None:
    shown = await reply_to(fake_discord, command(fake_discord, "timeline"))
    copy = await click(fake_discord, shown, "Next", user_id="4242")
    assert is_private(copy) and copy["embeds"][0]["footer"]["text"].startswith("Page 2 of 2")
    assert fake_discord.visible(shown["id"])["embeds"] == shown["embeds"]


async def test_a_slow_drawing_is_still_acknowledged_in_time(running_bot, fake_discord: FakeDiscord, monkeypatch) -> None:
    from bot.discord_app import timeline_cog

    real_render = timeline_cog.render_png

    def slow(events, path):
        fake_discord.advance(3.5)  # drawing takes 3.5 s, as Discord sees it
        return real_render(events, path)

    monkeypatch.setattr(timeline_cog, "render_png", slow)
    shown = await reply_to(fake_discord, command(fake_discord, "timeline", company="Amazon", picture=True))
    assert shown["attachments"][0]["filename"] == "timeline.png"
