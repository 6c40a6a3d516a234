"""Reading an article's text: its sentences, and the dates they hold read against its publication date.

Kept apart from the search, so that what only reads (the timeline) starts without numpy or rank-bm25.
"""

from __future__ import annotations

import logging
import os
import re

from .corpus import Article
from .dates import DateMention, PartialDate, dates_and_out_of_range

log = logging.getLogger(__name__)

# End of a sentence: . ! ? or … followed by a space (or a closing quote) and the start of the next one.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”]?\s+(?=[«“\"(A-ZÀ-ÖØ-Þ0-9])")


# A passage that opens with a yes or a no ("Oui. …", "Non, …", "Oui, si…").
_YES_NO_ANSWER = re.compile(r"\s*(?:oui|non|yes|no)(?:\s*[.,!:;]|\s+(?:si|sauf|mais|if|unless|but)\b)",
                            re.IGNORECASE)


def answers_yes_or_no(passage: str) -> bool:
    """Whether a passage opens with a yes or a no ("Oui. …", "Non, …")."""
    return bool(_YES_NO_ANSWER.match(passage))


# A passage that opens by defining: « C'est toute information… », « Il s'agit de… », « Le FCC est un fichier… »,
# « Le STIC et le JUDEX étaient des fichiers… » (a subject of up to 150 characters, then "is a / the / any…").
_DEFINITION = re.compile(r"\s*(?:(?:c['’]est|ce sont|il s['’]agit)\b|[^.:;?!]{1,150}?\s"
                         r"(?:est|sont|était|étaient|désigne(?:nt)?|signifie|correspond)\s"
                         r"(?:une?|les?|la|l['’]|des|toute?s?|ce qui|celui|celle)\b)", re.IGNORECASE)


def opens_with_definition(passage: str) -> bool:
    """Whether a passage opens by saying what something is ("C'est toute information…", "Le FCC est un fichier…")."""
    return bool(_DEFINITION.match(passage))


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, verbatim (initials such as "A.Krishna" are not cut)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append(text[start:match.start()].strip())
        start = match.start()
    spans.append(text[start:].strip())
    return [s for s in spans if s]


_LOGGED_PROBLEMS: set[str] = set()


def dates_and_problem(text: str, article: Article) -> tuple[list[DateMention], str | None]:
    """The dates of a piece of an article's text, and what could not be read as a date (or None)."""
    name = os.path.basename(article.path) if article.path else f"article {article.id}"
    published = PartialDate.from_iso(article.date)
    try:
        mentions, wrong = dates_and_out_of_range(text, published)
    except Exception as error:  # whatever one article holds must not take every answer down
        return [], f"{name}: its dates cannot be read ({type(error).__name__}: {error}); it is searched without them"
    if wrong:
        return mentions, f"{name}: the date expression « {wrong[0]} » is out of range; it is read as no date"
    return mentions, None


def read_dates(text: str, article: Article) -> list[DateMention]:
    """The dates in a piece of an article's text, read against its publication date.

    A failure to read them is that article's alone: logged once (file and reason) and read as no date, so its text
    is still searched and every other answer, and the timeline, go on as before.
    """
    mentions, problem = dates_and_problem(text, article)
    report_problem(problem)
    return mentions


def report_problem(problem: str | None) -> None:
    """Log a problem found reading an article's dates, once per process."""
    if problem and problem not in _LOGGED_PROBLEMS:
        _LOGGED_PROBLEMS.add(problem)
        log.warning("%s", problem)


def analysis_problem(article: Article) -> str | None:
    """What fails in an article's own analysis (its dates, by paragraph and by sentence), or None: for `corpus check`."""
    for paragraph in article.paragraphs:
        for text in (paragraph, *sentences(paragraph)):
            problem = dates_and_problem(text, article)[1]
            if problem:
                return problem
    return None
