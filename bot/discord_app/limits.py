"""Discord's size limits, and the one helper every reply goes through to stay inside them.

https://discord.com/developers/docs/resources/message#embed-object-embed-limits,
https://discord.com/developers/docs/interactions/message-components,
https://discord.com/developers/docs/interactions/application-commands#autocomplete.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import discord
from discord import app_commands

MESSAGE_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
FIELD_COUNT_LIMIT = 25
CHOICE_LIMIT = 25
CHOICE_NAME_LIMIT = 100
CUSTOM_ID_LIMIT = 100
BUTTON_LABEL_LIMIT = 80
ELLIPSIS = "…"
EMPTY_FIELD = "—"  # Discord refuses an empty field name or value

def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary with an ellipsis so that it fits `limit` characters."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    cut = text[: limit - len(ELLIPSIS)]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + ELLIPSIS


def one_line(text: str) -> str:
    """A message of one line within the 2,000-character content limit."""
    return shorten(" ".join(text.split()), MESSAGE_LIMIT)


def counted_list(items: Sequence[str], limit: int, more: str = "+{n} more", separator: str = ", ") -> str:
    """As many items as fit in `limit` characters, then "+N more" for the rest."""
    shown: list[str] = []
    for n, item in enumerate(items):
        rest = len(items) - n - 1
        tail = f" {more.format(n=rest)}" if rest else ""
        candidate = separator.join(shown + [item]) + tail
        if len(candidate) > limit:
            break
        shown.append(item)
    else:
        return separator.join(shown)
    if not shown:
        return shorten(more.format(n=len(items)), limit)
    return separator.join(shown) + " " + more.format(n=len(items) - len(shown))


def embed_size(embed: discord.Embed) -> int:
    """Characters Discord counts towards the 6,000 total (title, description, fields, footer, author)."""
    return len(embed)


def fit_embed(embed: discord.Embed, *, keep_fields: int | None = None) -> discord.Embed:
    """The embed within every limit: each part cut to its own, then fields past `keep_fields` dropped from the end,
    then the description, then the longest field, shortened until the 6,000 total holds.

    `keep_fields` is how many leading fields must stay (default: all, so the description gives way first).
    """
    if embed.title:
        embed.title = shorten(embed.title, TITLE_LIMIT)
    if embed.description:
        embed.description = shorten(embed.description, DESCRIPTION_LIMIT)
    if embed.footer.text:
        embed.set_footer(text=shorten(embed.footer.text, FOOTER_LIMIT), icon_url=embed.footer.icon_url)
    if embed.author.name:
        embed.set_author(name=shorten(embed.author.name, AUTHOR_LIMIT), url=embed.author.url,
                         icon_url=embed.author.icon_url)
    fields = [(shorten(_filled(f.name), FIELD_NAME_LIMIT), shorten(_filled(f.value), FIELD_VALUE_LIMIT),
               bool(f.inline)) for f in embed.fields][:FIELD_COUNT_LIMIT]
    keep = len(fields) if keep_fields is None else min(keep_fields, len(fields))
    while len(fields) > keep and _total(embed, fields) > EMBED_TOTAL_LIMIT:
        fields.pop()
    excess = _total(embed, fields) - EMBED_TOTAL_LIMIT
    if excess > 0 and embed.description:
        embed.description = shorten(embed.description, max(len(embed.description) - excess, 1))
    # Then the longest field text, name or value, one at a time; then the footer and the title. Each step cuts at
    # least one text to what the excess allows, so a bounded number of steps always ends within the total.
    for _ in range(2 * len(fields) + 2):
        excess = _total(embed, fields) - EMBED_TOTAL_LIMIT
        if excess <= 0:
            break
        texts = [(len(text), n, part) for n, field in enumerate(fields) for part, text in enumerate(field[:2])]
        size, n, part = max(texts, default=(0, 0, 0))
        if size > 1:
            field = list(fields[n])
            field[part] = shorten(field[part], max(size - excess, 1))
            fields[n] = (field[0], field[1], field[2])
        elif embed.footer.text:
            embed.set_footer(text=shorten(embed.footer.text, max(len(embed.footer.text) - excess, 0)))
        elif embed.title:
            embed.title = shorten(embed.title, max(len(embed.title) - excess, 1))
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    return embed


def _filled(text: str | None) -> str:
    return text if text and text.strip() else EMPTY_FIELD


def _total(embed: discord.Embed, fields: Sequence[tuple[str, str, bool]]) -> int:
    parts = (embed.title, embed.description, embed.footer.text, embed.author.name)
    return sum(len(p or "") for p in parts) + sum(len(name) + len(value) for name, value, _ in fields)


def choices(offered: Iterable[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    """Autocomplete choices from (label, value) pairs within limits: at most 25, a label cut to 100 characters,
    a value longer than 100 (which Discord could not send back) left out."""
    found: list[app_commands.Choice[str]] = []
    for label, value in offered:
        if len(found) == CHOICE_LIMIT:
            break
        if label and value and len(value) <= CHOICE_NAME_LIMIT:
            found.append(app_commands.Choice(name=shorten(label, CHOICE_NAME_LIMIT), value=value))
    return found
