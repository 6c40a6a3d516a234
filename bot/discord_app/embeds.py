"""Embeds for answers, sources and context, always within Discord's limits; the citation is never the part cut."""

from __future__ import annotations

from typing import Sequence

import discord

from ..answer import Answer, Hit
from ..corpus import Article

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
MESSAGE_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
FIELD_COUNT_LIMIT = 25
CHOICE_LIMIT = 25
ELLIPSIS = "…"
ANSWER_COLOUR = discord.Colour.blurple()
NO_ANSWER_COLOUR = discord.Colour.light_grey()


def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary with an ellipsis so that it fits `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + ELLIPSIS


def escape(text: str) -> str:
    """Article or question text made inert: no markdown, and no mention syntax (a zero-width space after '@')."""
    return discord.utils.escape_markdown(text).replace("@", "@\u200b")


def citation(article: Article) -> str:
    """Outlet, headline (linked when the link is known) and publication date."""
    title = escape(shorten(article.display_title, 300))
    headline = f"[{title}]({article.url})" if article.url else f"« {title} »"
    return f"**{escape(article.outlet)}** — {headline} — {article.date}"


def _marked(hit: Hit) -> str:
    """The passage with its key sentence in bold."""
    before, found, after = hit.passage.text.partition(hit.highlight)
    if not found:
        return escape(hit.passage.text)
    return f"{escape(before)}**{escape(found)}**{escape(after)}"


def embed_size(embed: discord.Embed) -> int:
    """Characters Discord counts towards the 6,000 total."""
    return len(embed)


def _fit(embed: discord.Embed) -> discord.Embed:
    # Only the passage (the description) gives way: fields carry the citation and are kept whole.
    excess = embed_size(embed) - EMBED_TOTAL_LIMIT
    if excess > 0 and embed.description:
        embed.description = shorten(embed.description, max(len(embed.description) - excess, 1))
    return embed


def answer_embed(answer: Answer, index: int = 0) -> discord.Embed:
    """One hit of an answer: the passage with its key sentence, the date for "when" questions, the citation."""
    hits = answer.hits
    if not hits:
        return discord.Embed(title="The coverage does not answer this.", colour=NO_ANSWER_COLOUR,
                             description=shorten(f"Question: {escape(answer.question)}", DESCRIPTION_LIMIT))
    hit = hits[index]
    if answer.answered and index == 0:
        title, colour = "Answer", ANSWER_COLOUR
    elif answer.answered:
        title, colour = f"Other passage ({index + 1} of {len(hits)})", ANSWER_COLOUR
    else:
        title, colour = f"The coverage does not answer this. Closest passage ({index + 1} of {len(hits)})", NO_ANSWER_COLOUR
    embed = discord.Embed(title=shorten(title, TITLE_LIMIT), colour=colour,
                          description=shorten(_marked(hit), DESCRIPTION_LIMIT))
    if hit.date:
        embed.add_field(name="Date", value=f"{hit.date.iso} (« {escape(hit.date.expression)} »)", inline=True)
    embed.add_field(name="Source", value=shorten(citation(hit.passage.article), FIELD_VALUE_LIMIT), inline=False)
    embed.set_footer(text=shorten(f"Q: {answer.question}", FOOTER_LIMIT))
    return _fit(embed)


def context_embed(hit: Hit, paragraphs: Sequence[str]) -> discord.Embed:
    """The paragraphs around a passage, its own in bold, with the citation."""
    shown = [f"**{escape(p)}**" if hit.passage.text in p else escape(p) for p in paragraphs]
    embed = discord.Embed(title="Context", colour=ANSWER_COLOUR,
                          description=shorten("\n\n".join(shown), DESCRIPTION_LIMIT))
    embed.add_field(name="Source", value=shorten(citation(hit.passage.article), FIELD_VALUE_LIMIT), inline=False)
    return _fit(embed)


def sources_embed(articles: Sequence[Article]) -> discord.Embed:
    """Every article: outlet, headline, date, link; at most 25 fields."""
    embed = discord.Embed(title=f"Sources ({len(articles)} articles)", colour=ANSWER_COLOUR)
    for article in articles[:FIELD_COUNT_LIMIT]:
        name = shorten(f"{article.id} · {article.outlet} · {article.date}", FIELD_NAME_LIMIT)
        value = f"[{escape(article.display_title)}]({article.url})" if article.url else escape(article.display_title)
        embed.add_field(name=name, value=shorten(value, FIELD_VALUE_LIMIT), inline=False)
    if len(articles) > FIELD_COUNT_LIMIT:
        embed.set_footer(text=f"and {len(articles) - FIELD_COUNT_LIMIT} more: run `python -m bot sources` for all")
    return _fit(embed)


def error_line(text: str) -> str:
    """A one-line message within the message limit."""
    return shorten(" ".join(text.split()), MESSAGE_LIMIT)
