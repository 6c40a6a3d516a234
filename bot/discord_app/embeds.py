"""What readers see: answers, context, sources and timeline pages as embeds, each passed through `fit_embed`.

Article text is made inert (no Markdown, no mention), a link can never start a second one, the quoted passage says
in which language and from which outlet it is quoted, and every date says what it is the date of.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Sequence

import discord

from ..answer import Answer, Hit
from ..corpus import Article
from ..dates import PartialDate
from ..timeline import Event
from .labels import Labels
from .limits import DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, counted_list, fit_embed, shorten

ANSWER_COLOUR = discord.Colour.blurple()
NO_ANSWER_COLOUR = discord.Colour.light_grey()
# The footer carries the question verbatim: buttons read it back, so they need no memory of their own.
QUESTION_MARK = "❓ "
# List pages: a fixed number of entries of bounded size, so that any page fits within 6,000 characters:
# 10 × (120 + 400) + title and footer, and 8 × (120 + 520) + title (200), description and footer.
SOURCES_PER_PAGE = 10
EVENTS_PER_PAGE = 8
ENTRY_NAME_LIMIT = 120
SOURCE_VALUE_LIMIT = 400
EVENT_VALUE_LIMIT = 520
OUTLETS_LIMIT = 200  # characters of an event's outlet list; the rest is "+N more"


def escape(text: str) -> str:
    """Article or question text made inert: no Markdown (links included), no mention (a zero-width space after '@')."""
    text = discord.utils.escape_markdown(text, ignore_links=False)
    return re.sub(r"([\[\]])", r"\\\1", text).replace("@", "@\u200b")


def inert(text: str, limit: int) -> str:
    """Escaped text of at most `limit` characters, never ending in a dangling escape."""
    escaped = escape(shorten(text, limit))
    if len(escaped) > limit:  # escaping lengthened it
        escaped = re.sub(r"\\+(?=…$)", "", shorten(escaped, limit))
    return escaped


_NOT_A_LINK = re.compile(r"[\s\x00-\x1f\x7f]")


def link_target(url: str) -> str | None:
    """The URL as a Markdown link target that can neither end early nor open another link; None unless http(s)."""
    if not url or _NOT_A_LINK.search(url):
        return None
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Everything but plain URL characters is percent-encoded: no ( ) [ ] < > * ` | \ or quote survives.
    return urllib.parse.quote(url, safe=":/?#&=%+,;@!$-.~")


def headline(article: Article, labels: Labels, limit: int = 600) -> str:
    """The headline in at most `limit` characters, linked when the link is known, safe and fits, and marked when
    the corpus wrote it because the scrape lost the original."""
    suffix = "" if article.title_original else f" ({labels.reconstructed})"
    target = link_target(article.url)
    room = limit - len(suffix) - (len(target) + 4 if target else 4)
    if target and room < 40:  # a link that leaves no room for its headline is left out
        target, room = None, limit - len(suffix) - 4
    title = inert(article.title, max(room, 1))
    return (f"[{title}]({target})" if target else f"« {title} »") + suffix


def published(article: Article, labels: Labels) -> str:
    """'published 11 June 2020' at the precision the corpus knows."""
    return labels.published.format(date=labels.date(PartialDate.from_iso(article.date)))


def citation(article: Article, labels: Labels) -> str:
    """Outlet, headline (linked when the link is known and safe) and publication date, labelled as such."""
    outlet = inert(article.outlet, 200)
    return f"**{outlet}** — {headline(article, labels)}\n{published(article, labels)}"


def quote(text: str) -> str:
    """Markdown block quote of (already escaped) text."""
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def _passage(hit: Hit, bold: bool) -> str:
    """The passage, inert, its key sentence in bold when it is the answer."""
    text = hit.window or hit.passage.text  # a long paragraph is shown around its key sentence
    before, found, after = text.partition(hit.highlight)
    if not bold or not found or not hit.highlight.strip():
        return escape(text)
    return f"{escape(before)}**{escape(found)}**{escape(after)}"


def question_footer(question: str) -> str:
    """The footer that carries the question (footers show no Markdown and ping no one)."""
    return QUESTION_MARK + question


def question_of(embed: discord.Embed) -> str | None:
    """The question an answer embed was for, read back from its footer."""
    text = embed.footer.text or ""
    return text[len(QUESTION_MARK):] if text.startswith(QUESTION_MARK) else None


def answer_embed(answer: Answer, index: int, labels: Labels) -> discord.Embed:
    """One passage of an answer: the quotation labelled with its language and outlet, the event date, the source."""
    if not answer.hits:
        embed = discord.Embed(title=labels.no_answer, description=labels.nothing_close, colour=NO_ANSWER_COLOUR)
        embed.set_footer(text=question_footer(answer.question))
        return fit_embed(embed)
    index = max(0, min(index, len(answer.hits) - 1))
    hit = answer.hits[index]
    article = hit.passage.article
    is_answer = answer.answered and index == 0
    if is_answer:
        title = labels.answer
    elif answer.answered:
        title = labels.other_passage.format(n=index + 1, total=len(answer.hits))
    else:
        title = f"{labels.no_answer} · {labels.closest.format(n=index + 1, total=len(answer.hits))}"
    lead = labels.quoted.format(language=labels.language_name(article.language), outlet=escape(article.outlet))
    embed = discord.Embed(title=title, colour=ANSWER_COLOUR if answer.answered else NO_ANSWER_COLOUR,
                          description=f"{lead}\n{quote(_passage(hit, bold=is_answer))}")
    if hit.date:
        when = labels.date(hit.date.date)
        embed.add_field(name=labels.event_date,
                        value=f"{when} — {labels.read_from.format(expression=escape(hit.date.expression))}",
                        inline=False)
    embed.add_field(name=labels.source, value=citation(article, labels), inline=False)
    if hit.other_articles:  # the same text in other articles: every source that has it is cited
        embed.add_field(name=labels.also_in, inline=False,
                        value=counted_list([citation(other, labels) for other in hit.other_articles],
                                           FIELD_VALUE_LIMIT, labels.more, separator="\n"))
    embed.set_footer(text=question_footer(answer.question))
    return fit_embed(embed)


def context_embed(hit: Hit, paragraphs: Sequence[str], labels: Labels) -> discord.Embed:
    """The paragraphs around a passage, its own quoted, with the citation."""
    article = hit.passage.article
    shown = [quote(escape(p)) if hit.passage.text in p else escape(p) for p in paragraphs]
    lead = labels.quoted.format(language=labels.language_name(article.language), outlet=escape(article.outlet))
    embed = discord.Embed(title=labels.context_title, colour=ANSWER_COLOUR,
                          description=shorten(lead + "\n" + "\n\n".join(shown), DESCRIPTION_LIMIT))
    embed.add_field(name=labels.source, value=citation(article, labels), inline=False)
    return fit_embed(embed)


def _list_embed(title: str, description: str | None, fields: Sequence[tuple[str, str]], footer: str) -> discord.Embed:
    embed = discord.Embed(title=title, colour=ANSWER_COLOUR, description=description)
    for name, value in fields:
        embed.add_field(name=name, value=value, inline=False)
    embed.set_footer(text=footer)
    return fit_embed(embed, keep_fields=0)  # a list gives up trailing entries, never a cut in the middle of one


def page_count(items: int, per_page: int) -> int:
    """Pages needed for `items` entries (at least one, to say there is nothing)."""
    return max(1, -(-items // per_page))


def sources_page(articles: Sequence[Article], page: int, labels: Labels) -> tuple[discord.Embed, int]:
    """One page of the articles (outlet, headline, publication date), and how many pages there are.

    Pages hold a fixed number of entries, each within a fixed size, so that a page is built from its own entries
    only, whatever the corpus size, and always fits."""
    pages = page_count(len(articles), SOURCES_PER_PAGE)
    page = max(0, min(page, pages - 1))
    fields = []
    for article in articles[page * SOURCES_PER_PAGE:(page + 1) * SOURCES_PER_PAGE]:
        dated = published(article, labels)
        fields.append((shorten(f"{article.id} · {article.outlet}", ENTRY_NAME_LIMIT),
                       f"{headline(article, labels, SOURCE_VALUE_LIMIT - len(dated) - 1)}\n{dated}"))
    footer = labels.page.format(page=page + 1, pages=pages)
    return _list_embed(labels.sources_title.format(n=len(articles)), None, fields, footer), pages


def event_field(event: Event, labels: Labels) -> tuple[str, str]:
    """An event as a field: its date at its precision and its actors; the sentence and the outlets reporting it."""
    name = shorten(f"{labels.date(event.date)} · {', '.join(event.actors) or '—'}", ENTRY_NAME_LIMIT)
    outlets = list(dict.fromkeys(inert(r.article.outlet, 100) for r in event.reports))
    if len(outlets) > 1:
        lead = labels.reported_by.format(n=len(outlets))
        listed = f"{lead} {counted_list(outlets, OUTLETS_LIMIT - len(lead) - 1, labels.more)}"
    else:
        listed = counted_list(outlets, OUTLETS_LIMIT, labels.more)
    sentence = inert(event.text, EVENT_VALUE_LIMIT - len(listed) - 3)
    return name, f"{sentence}\n— {listed}"


def timeline_page(events: Sequence[Event], page: int, title: str, labels: Labels) -> tuple[discord.Embed, int]:
    """One page of events, oldest first, and how many pages there are."""
    pages = page_count(len(events), EVENTS_PER_PAGE)
    page = max(0, min(page, pages - 1))
    shown = events[page * EVENTS_PER_PAGE:(page + 1) * EVENTS_PER_PAGE]
    languages = sorted({labels.language_name(r.article.language) for e in shown for r in e.reports})
    description = labels.timeline_quoted.format(languages=", ".join(languages)) if events else labels.no_event
    footer = f"{labels.page.format(page=page + 1, pages=pages)} · {labels.timeline_footer.format(events=len(events))}"
    return _list_embed(shorten(title, 200), description, [event_field(e, labels) for e in shown], footer), pages
