"""The one helper every reply goes through keeps it inside Discord's limits, whatever it is given."""

from __future__ import annotations

import discord
from hypothesis import given
from hypothesis import strategies as st

from bot.discord_app.limits import (CHOICE_LIMIT, DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, FIELD_COUNT_LIMIT,
                                    FIELD_NAME_LIMIT, FIELD_VALUE_LIMIT, FOOTER_LIMIT, TITLE_LIMIT, choices,
                                    counted_list, fit_embed, one_line, shorten)

from .fake_discord import message_problems

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=9000)


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("un deux trois quatre", 12) == "un deux…"
    assert shorten("court", 10) == "court"
    assert len(shorten("x" * 50, 10)) == 10


def test_one_line_is_one_line_within_the_message_limit() -> None:
    line = one_line("a\nb " * 3000)
    assert "\n" not in line and len(line) <= 2000


def test_counted_list_says_how_many_more() -> None:
    outlets = [f"Outlet number {n}" for n in range(80)]
    listed = counted_list(outlets, 100)
    assert len(listed) <= 100 and listed.startswith("Outlet number 0, Outlet number 1") and listed.endswith(" more")
    shown = listed.count("Outlet number")
    assert listed.endswith(f"+{80 - shown} more")
    assert counted_list(["A", "B"], 100) == "A, B"


@given(st.lists(st.text(min_size=1, max_size=300), max_size=100), st.integers(min_value=1, max_value=1024))
def test_counted_list_never_exceeds_its_limit(items: list[str], limit: int) -> None:
    assert len(counted_list(items, limit)) <= limit


@given(title=text, description=text, footer=text, author=text,
       fields=st.lists(st.tuples(text, text), max_size=40), keep=st.none() | st.integers(0, 40))
def test_fit_embed_always_produces_what_discord_accepts(title, description, footer, author, fields, keep) -> None:
    embed = discord.Embed(title=title, description=description)
    embed.set_footer(text=footer)
    embed.set_author(name=author)
    for name, value in fields:
        embed.add_field(name=name, value=value)
    fitted = fit_embed(embed, keep_fields=keep).to_dict()
    assert message_problems({"embeds": [fitted]}) == []


def test_fit_embed_drops_trailing_list_fields_before_the_total_and_keeps_required_ones() -> None:
    embed = discord.Embed(title="T", description="d" * 3000)
    for n in range(10):
        embed.add_field(name=f"field {n}", value="v" * 900)
    fit_embed(embed, keep_fields=0)
    assert len(embed) <= EMBED_TOTAL_LIMIT and embed.description == "d" * 3000
    assert [f.name for f in embed.fields] == [f"field {n}" for n in range(len(embed.fields))]
    answer = discord.Embed(title="Answer", description="mot " * 1100)
    answer.add_field(name="Source", value="s" * 1024)
    answer.set_footer(text="❓ " + "q" * 1000)
    fit_embed(answer)
    assert len(answer) <= EMBED_TOTAL_LIMIT and answer.fields[0].value == "s" * 1024  # the passage gave way
    assert answer.description.endswith("…") and len(answer.description) <= DESCRIPTION_LIMIT


def test_fit_embed_cuts_each_part_to_its_own_limit() -> None:
    embed = discord.Embed(title="t" * 300, description="d")
    embed.add_field(name="n" * 300, value="v" * 2000)
    embed.add_field(name="", value="")
    for n in range(30):
        embed.add_field(name="x", value="y")
    embed.set_footer(text="f" * 3000)
    fit_embed(embed)
    assert len(embed.title) <= TITLE_LIMIT and len(embed.footer.text) <= FOOTER_LIMIT
    assert len(embed.fields) == FIELD_COUNT_LIMIT
    assert len(embed.fields[0].name) <= FIELD_NAME_LIMIT and len(embed.fields[0].value) <= FIELD_VALUE_LIMIT
    assert embed.fields[1].name and embed.fields[1].value  # Discord refuses empty ones


def test_choices_fit_autocomplete_limits() -> None:
    offered = [("Amazon", "Amazon"), ("x" * 101, "x" * 101), ("AWS (" + "y" * 200 + ")", "Amazon")]
    offered += [(f"Name {n}", f"Name {n}") for n in range(40)]
    found = choices(offered)
    assert len(found) == CHOICE_LIMIT and all(len(c.name) <= 100 and len(c.value) <= 100 for c in found)
    assert "x" * 101 not in [c.value for c in found]  # a value Discord could not send back is left out
    assert found[1].value == "Amazon" and found[1].name.startswith("AWS (")  # a long label is cut, kept


def test_fit_embed_fits_even_when_every_field_name_is_long() -> None:
    embed = discord.Embed(title="t" * 256, description="d" * 4096)
    embed.set_footer(text="f" * 2048)
    for n in range(25):
        embed.add_field(name="n" * 256, value="v" * 1024)
    assert message_problems({"embeds": [fit_embed(embed).to_dict()]}) == []
