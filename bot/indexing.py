"""Turning a corpus's passages into index terms in bulk, for building the index: the same terms as
`search.passage_terms`, each distinct piece of text analysed once, both cores used on a large corpus, and progress
in the log.

Kept apart from the search (no numpy, no rank-bm25), so that the worker processes start light.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from .analysis import TermCache, french_stem, saved_lemmas_folder, use_saved_lemmas
from .corpus import Article
from .dates import MONTHS, PartialDate
from .reading import answers_yes_or_no, dates_and_problem, report_problem
from .workers import in_processes, usable_cores

log = logging.getLogger(__name__)

# Below this many passages one process analyses them all: starting workers (each imports the analysis) costs more
# than a second core saves.
PARALLEL_PASSAGES = 20_000
# Passages per piece of work handed to a worker: small enough for even progress, large enough that sending the
# articles and their terms back and forth stays a small part of the work.
CHUNK_PASSAGES = 5_000

Progress = Callable[[int, int], None]


@dataclass
class AnalysedPassages:
    """Every passage's index terms, in passage order, and what building the lemma table needs from them."""

    tokens: list[list[str]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)  # the French content words analysed
    names: set[str] = field(default_factory=set)  # the names written in the passages (`analysis.names`)
    problems: list[str] = field(default_factory=list)  # dates that could not be read, one line each
    # By outlet, how many of its paragraphs open with yes or no ("Oui. …") and how many it has.
    openings: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: "AnalysedPassages") -> None:
        """Append the passages analysed in another piece of work."""
        self.tokens.extend(other.tokens)
        self.words |= other.words
        self.names |= other.names
        self.problems.extend(p for p in other.problems if p not in self.problems)
        for outlet, (opening, total) in other.openings.items():
            count = self.openings.setdefault(outlet, [0, 0])
            count[0] += opening
            count[1] += total

    def yes_no_shares(self) -> dict[str, float]:
        """By outlet, the share of its paragraphs that open with yes or no: an FAQ's often, a newspaper's never. Per
        outlet, not per corpus: in a corpus mixing the two, a news passage still says nothing by not opening so."""
        return {outlet: opening / total for outlet, (opening, total) in self.openings.items() if total}


def date_terms(date: PartialDate) -> list[str]:
    """The terms a date adds to a passage: its year, and its month's when known."""
    terms = [str(date.year)]
    if date.month:
        terms.append(french_stem(MONTHS[date.month - 1]))
    return terms


def context_terms(text: str, article: Article, published: list[str] | None = None) -> tuple[list[str], str | None]:
    """The terms a passage's context adds (those of its date expressions, or, when it has none, the publication's
    year and month), and what could not be read as a date (or None); `published` is the publication date's terms,
    when known already."""
    mentions, problem = dates_and_problem(text, article)
    if not mentions:
        return list(published) if published is not None else date_terms(PartialDate.from_iso(article.date)), problem
    # A passage that dates what it reports is about then, not about when the article came out: « En décembre
    # 2018, Google… », in an article of January 2019, does not answer "what happened in January 2019?".
    return [term for mention in mentions for term in date_terms(mention.date)], problem


def with_context(terms: list[str], context: list[str]) -> list[str]:
    """A passage's terms followed by the context terms it lacks, once each: context never inflates the frequency
    of a word the passage has."""
    present = set(terms)
    terms.extend(t for t in dict.fromkeys(context) if t not in present)
    return terms


def _analyse(articles: Sequence[Article], cache: TermCache) -> AnalysedPassages:
    """The terms of these articles' paragraphs, in order, in this process, with the words and names met that the
    cache had not met before."""
    result = AnalysedPassages()
    published: dict[str, list[str]] = {}
    for article in articles:
        if article.date not in published:
            published[article.date] = date_terms(PartialDate.from_iso(article.date))
        openings = result.openings.setdefault(article.outlet, [0, 0])
        for text in article.paragraphs:
            context, problem = context_terms(text, article, published[article.date])
            result.tokens.append(with_context(cache.terms(text), context))
            if problem and problem not in result.problems:
                result.problems.append(problem)
            openings[0] += answers_yes_or_no(text)
            openings[1] += 1
    result.words, result.names = cache.analysed.copy(), cache.names.copy()
    cache.analysed.clear()
    cache.names.clear()
    return result


_worker_cache: TermCache | None = None


def _start_worker(lemmas_folder: str | None) -> None:
    global _worker_cache
    if lemmas_folder:
        use_saved_lemmas(Path(lemmas_folder))
    _worker_cache = TermCache()


def _analyse_in_worker(articles: Sequence[Article]) -> AnalysedPassages:
    assert _worker_cache is not None
    return _analyse(articles, _worker_cache)  # the worker's caches are kept from one piece of work to the next


def _pieces(articles: Sequence[Article], passages: int) -> Iterator[list[Article]]:
    """The articles in runs of about `passages` passages."""
    run: list[Article] = []
    count = 0
    for article in articles:
        run.append(article)
        count += len(article.paragraphs)
        if count >= passages:
            yield run
            run, count = [], 0
    if run:
        yield run


def worker_count(passages: int) -> int:
    """How many processes analyse this many passages: one for a small corpus, else one per usable core."""
    if passages < PARALLEL_PASSAGES:
        return 1
    return max(1, min(usable_cores(), passages // CHUNK_PASSAGES))


def analyse_articles(articles: Sequence[Article], workers: int | None = None,
                     progress: Progress | None = None) -> AnalysedPassages:
    """The index terms of every paragraph of these articles, in passage order (`search.split_passages`'s), with
    the content words and names met; in `workers` processes (by default as `worker_count` says).

    A date that cannot be read is logged once, as `reading.read_dates` does, and read as no date.
    """
    total = sum(len(a.paragraphs) for a in articles)
    workers = worker_count(total) if workers is None else workers
    report = progress or _log_progress(total)
    result = AnalysedPassages()
    if workers <= 1:
        cache = TermCache()
        for piece in _pieces(articles, CHUNK_PASSAGES):
            result.add(_analyse(piece, cache))
            report(len(result.tokens), total)
    else:
        folder = saved_lemmas_folder()
        for done in in_processes(_analyse_in_worker, list(_pieces(articles, CHUNK_PASSAGES)), workers,
                                 _start_worker, (str(folder) if folder else None,)):
            result.add(done)
            report(len(result.tokens), total)
    for problem in result.problems:
        report_problem(problem)
    return result


def _log_progress(total: int) -> Progress:
    """Log the progress of a long analysis at each tenth done (nothing for a small corpus)."""
    started = time.monotonic()
    logged = [0]

    def progress(done: int, total: int) -> None:
        tenth = 10 * done // total if total else 10
        if total >= PARALLEL_PASSAGES and tenth > logged[0]:
            logged[0] = tenth
            log.info("Indexing: %d of %d passages analysed (%.0f s)", done, total, time.monotonic() - started)

    return progress
