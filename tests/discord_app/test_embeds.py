"""Embeds stay within Discord's limits; only the passage gives way, never the citation."""

from __future__ import annotations

from bot.answer import Answer, Hit
from bot.corpus import Article
from bot.discord_app.embeds import (DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, FIELD_VALUE_LIMIT, answer_embed,
                                    escape, shorten, sources_embed)
from bot.search import Passage


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("un deux trois quatre", 12) == "un deux…"
    assert shorten("court", 10) == "court"
    assert len(shorten("x" * 50, 10)) == 10


def test_escape_neutralises_markdown_and_mentions() -> None:
    text = escape("**gras** @everyone <@123>")
    assert "**" not in text.replace("\\*", "") and "@everyone" not in text and "<@123>" not in text


def test_huge_passage_and_headline_fit_and_the_citation_stays_whole() -> None:
    article = Article(id="9", outlet="Outlet", title="T" * 500, date="2020-06-12", language="fr",
                      paragraphs=("mot " * 3000,), url="https://example.org/x")
    hit = Hit(Passage(0, article, 0, 0, article.paragraphs[0]), 1.0, "mot mot")
    embed = answer_embed(Answer("q" * 500, True, (hit,), 1.0))
    assert len(embed.description) <= DESCRIPTION_LIMIT and len(embed) <= EMBED_TOTAL_LIMIT
    source = embed.fields[-1].value
    assert len(source) <= FIELD_VALUE_LIMIT and source.endswith("2020-06-12") and "https://example.org/x" in source


def test_sources_embed_has_at_most_25_fields() -> None:
    articles = [Article(id=str(n), outlet="O", title="T", date="2020", language="fr", paragraphs=("p",))
                for n in range(40)]
    embed = sources_embed(articles)
    assert len(embed.fields) == 25 and "15 more" in embed.footer.text
