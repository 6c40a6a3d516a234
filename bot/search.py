"""Passages and their lexical ranking: one passage per paragraph, scored with BM25 (rank-bm25's formula) per question word."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection, NamedTuple, Protocol, Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from .analysis import QueryWord, french_stem, french_terms
from .corpus import Article
from .dates import PartialDate
from .reading import read_dates

if TYPE_CHECKING:
    import bm25s

log = logging.getLogger(__name__)

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")

# BM25 parameters. Passages are paragraphs, and a long paragraph is no less likely to answer than a short one:
# the usual b = 0.75 (made for whole documents) let short, loosely related paragraphs outrank long ones that
# answer on the seed articles, while the CNIL's FAQ (paragraphs of 10 to 3,000 characters) wanted 0.75–0.9;
# 0.5 did best on both development sets with BM25 alone (with the semantic layer b barely matters).
BM25_K1 = 1.5
BM25_B = 0.5

@dataclass(frozen=True)
class Passage:
    """A unit of retrieval: one paragraph of an article, verbatim, ranked as a whole however long it is."""

    id: int
    article: Article
    paragraph: int
    text: str


def split_passages(articles: Sequence[Article]) -> list[Passage]:
    """Every article's paragraphs as passages, one per paragraph."""
    passages: list[Passage] = []
    for article in articles:
        for index, paragraph in enumerate(article.paragraphs):
            passages.append(Passage(len(passages), article, index, paragraph))
    return passages


def _date_terms(date: PartialDate) -> list[str]:
    terms = [str(date.year)]
    if date.month:
        terms.append(french_stem(MONTHS[date.month - 1]))
    return terms


def passage_terms(passage: Passage) -> list[str]:
    """A passage's index terms: its words, plus context a reader has and the words lack.

    The year and month it was published and those its date expressions resolve to ("hier" → juin 2020), so that
    "en janvier 2019" finds an article of that month. Headlines are not indexed: a headline repeats the lead's
    topic words and, as a passage or as added context, outranked the paragraph that answers.
    """
    terms = french_terms(passage.text)
    context = _date_terms(PartialDate.from_iso(passage.article.date))
    for mention in read_dates(passage.text, passage.article):
        context += _date_terms(mention.date)
    # Context adds words the passage lacks, once each; it never inflates the frequency of words it has.
    present = set(terms)
    return terms + [t for t in dict.fromkeys(context) if t not in present]


class Ranker(Protocol):
    """What the search needs of a BM25 implementation, for one analysed term at a time."""

    size: int
    vocabulary: Collection[str]

    def document_count(self, term: str) -> int: ...

    def frequency_part(self, term: str) -> tuple[np.ndarray, np.ndarray]: ...


class RankBM25Ranker:
    """The reference ranker: rank-bm25's BM25Okapi over the analysed passages."""

    def __init__(self, tokens: Sequence[Sequence[str]]) -> None:
        self.bm25 = BM25Okapi([list(t) for t in tokens], k1=BM25_K1, b=BM25_B)
        postings: dict[str, list[int]] = {}
        for n, frequencies in enumerate(self.bm25.doc_freqs):
            for term in frequencies:
                postings.setdefault(term, []).append(n)
        self.postings = {term: np.array(ids, dtype=np.int64) for term, ids in postings.items()}
        self.vocabulary = self.postings.keys()
        self.size = self.bm25.corpus_size
        self._length = np.asarray(self.bm25.doc_len, dtype=float)
        self._factors: dict[str, np.ndarray] = {}

    def document_count(self, term: str) -> int:
        """How many passages hold the term."""
        return len(self.postings.get(term, ()))

    def frequency_part(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The passages holding the term and BM25Okapi's term-frequency factor there (its score without the idf)."""
        ids = self.postings.get(term, np.zeros(0, dtype=np.int64))
        if term not in self._factors:  # computed once per term, then kept: a term's factors never change
            bm25 = self.bm25
            tf = np.array([bm25.doc_freqs[i][term] for i in ids], dtype=float)
            length = self._length[ids]
            self._factors[term] = tf * (bm25.k1 + 1) / (tf + bm25.k1 * (1 - bm25.b + bm25.b * length / bm25.avgdl))
        return ids, self._factors[term]


class BM25sRanker:
    """The fast path: bm25s's sparse index, giving the same factors as rank-bm25 (tested to rank the same).

    bm25s stores idf × tf factor per (term, passage). Its "lucene" idf is never zero, so dividing it out gives back
    the exact tf factor; the project's own idf (rank-bm25's, with its floor for common terms) is applied on top,
    so common terms count as they do in rank-bm25 instead of being zeroed as in bm25s's "robertson".
    """

    def __init__(self, retriever: "bm25s.BM25") -> None:
        self.retriever = retriever
        self.size = int(retriever.scores["num_docs"])
        self._indptr = retriever.scores["indptr"]
        # bm25s may add an empty token with no column of its own; it is no term of ours.
        self.vocabulary = {t: c for t, c in retriever.vocab_dict.items() if t and c < len(self._indptr) - 1}

    @classmethod
    def build(cls, tokens: Sequence[Sequence[str]]) -> "BM25sRanker":
        """Index analysed passages."""
        import bm25s

        retriever = bm25s.BM25(method="lucene", k1=BM25_K1, b=BM25_B, dtype="float64")
        retriever.index([list(t) for t in tokens], show_progress=False)
        return cls(retriever)

    def document_count(self, term: str) -> int:
        """How many passages hold the term."""
        column = self.vocabulary.get(term)
        return 0 if column is None else int(self._indptr[column + 1] - self._indptr[column])

    def frequency_part(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The passages holding the term and the tf factor there, on rank-bm25's scale."""
        column = self.vocabulary.get(term)
        if column is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        start, end = int(self._indptr[column]), int(self._indptr[column + 1])
        scores = self.retriever.scores
        idf = math.log(1 + (self.size - (end - start) + 0.5) / (end - start + 0.5))
        # bm25s builds each column in passage order, so the ids come sorted, as intersections need them.
        ids, data = scores["indices"][start:end], np.asarray(scores["data"][start:end], dtype=float)
        return ids.astype(np.int64), data / idf * (BM25_K1 + 1)


# Above this many passages the bm25s fast path serves the questions; below, rank-bm25 itself.
FAST_PATH_PASSAGES = 20_000
# rank-bm25 gives a term found in more than half the passages this share of the mean idf instead of a negative one.
IDF_FLOOR_EPSILON = 0.25


class Match(NamedTuple):
    """One ranked passage: its BM25 score and the share of the question's weight it holds."""

    passage: Passage
    score: float
    coverage: float


class Ranking(NamedTuple):
    """The best passages for a question, how much each question word weighs, and what the words the corpus
    lacks weigh together."""

    matches: list[Match]
    weights: list[float]
    unknown_weight: float


class Scores(NamedTuple):
    """Every passage's BM25 score (with and without the expansions) and the weight of the question words it holds;
    each word's weight, and whether the corpus knows it at all."""

    lexical: np.ndarray
    held: np.ndarray
    weights: list[float]
    known: list[bool]
    asked: np.ndarray  # BM25 of the question's own words only, its expansions left out

    def unknown_weight(self, per_word: float) -> float:
        """What the words the corpus lacks weigh together, each `per_word`."""
        return per_word * sum(not k for k in self.known)


class SearchIndex:
    """Passages and a ranker: which passages best match a question's words, and how fully.

    A question word's forms (the word, or its translations) score as one term, the way Lucene's SynonymQuery does:
    its idf is that of the passages holding any form, and a passage scores by its best form's term-frequency factor.
    Each expansion (a synonym, a cognate) adds its own BM25 score times its weight below 1, so a common synonym
    never lowers the weight of the word that was asked. The idf is rank-bm25's, floor included, whichever ranker
    supplies the frequencies.
    """

    def __init__(self, passages: Sequence[Passage], ranker: Ranker) -> None:
        if not passages:
            raise ValueError("the corpus has no passages to search")
        self.passages = tuple(passages)
        self.ranker = ranker
        self.vocabulary = ranker.vocabulary
        size = ranker.size
        raw = [math.log(size - n + 0.5) - math.log(n + 0.5) for n in map(ranker.document_count, self.vocabulary)]
        self._idf_floor = IDF_FLOOR_EPSILON * (sum(raw) / len(raw) if raw else 0.0)

    @classmethod
    def build(cls, articles: Sequence[Article], fast: bool | None = None) -> "SearchIndex":
        """Index the articles' paragraphs (with bm25s when `fast`, by default for large corpora)."""
        passages = split_passages(articles)
        return cls.from_tokens(passages, [passage_terms(p) for p in passages], fast)

    @classmethod
    def from_tokens(cls, passages: Sequence[Passage], tokens: Sequence[Sequence[str]],
                    fast: bool | None = None) -> "SearchIndex":
        """Index passages already analysed."""
        if not passages:
            raise ValueError("the corpus has no passages to search")
        fast = len(passages) > FAST_PATH_PASSAGES if fast is None else fast
        return cls(passages, BM25sRanker.build(tokens) if fast else RankBM25Ranker(tokens))

    def idf_of_count(self, count: int) -> float:
        """rank-bm25's idf for a term found in `count` passages, floor included."""
        value = math.log(self.ranker.size - count + 0.5) - math.log(count + 0.5)
        return value if value >= 0 else self._idf_floor

    def _holders(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Passages holding all the terms of a form, and its mean tf factor there."""
        parts = [self.ranker.frequency_part(t) for t in terms]
        if len(parts) == 1:
            return parts[0]
        ids = parts[0][0]
        for other, _ in parts[1:]:
            ids = np.intersect1d(ids, other, assume_unique=True)
        total = sum(values[np.searchsorted(found, ids)] for found, values in parts)
        return ids, total / len(parts)

    def score(self, query: Sequence[QueryWord]) -> Scores:
        """Every passage's BM25 score and held share of the words' weights, and the words' weights."""
        size = len(self.passages)
        total = np.zeros(size)
        asked = np.zeros(size)
        held = np.zeros(size)
        weights: list[float] = []
        known: list[bool] = []
        for word in query:
            best = np.zeros(size)
            for terms in word.forms:
                if all(t in self.vocabulary for t in terms):
                    ids, values = self._holders(terms)
                    best[ids] = np.maximum(best[ids], values)
            holders = np.flatnonzero(best)
            related = [(boost, *self._holders(terms)) for terms, boost in word.expansions
                       if all(t in self.vocabulary for t in terms)]
            # A word absent as written but present through a related form (suspendu → suspension) is not unknown:
            # it weighs what the related forms weigh, and a passage holds it only as far as the relation goes.
            count = len(holders)
            if not count and related:
                count = len(np.unique(np.concatenate([ids for _, ids, _ in related])))
            weight = self.idf_of_count(count) if count else 0.0
            weights.append(weight)
            known.append(count > 0)
            total += weight * best
            asked += weight * best
            share = np.zeros(size)
            share[holders] = 1.0
            for boost, ids, values in related:
                total[ids] += boost * self.idf_of_count(len(ids)) * values
                share[ids] = np.maximum(share[ids], boost)
            held += weight * share
        return Scores(total, held, weights, known, asked)

    def rank(self, query: Sequence[QueryWord], k: int) -> Ranking:
        """The k best passages with a positive score, each with its coverage, and each word's weight."""
        scores = self.score(query)
        unknown = scores.unknown_weight(self.unknown_word_weight)
        order = top_k(scores.lexical, k)
        denominator = sum(scores.weights) + unknown
        matches = [Match(self.passages[i], float(scores.lexical[i]),
                         float(scores.held[i]) / denominator if denominator else 0.0) for i in order]
        return Ranking(matches, scores.weights, unknown)

    @property
    def unknown_word_weight(self) -> float:
        """What a question word the corpus never uses weighs: more than its rarest word."""
        return self.idf_of_count(0)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k highest positive scores, best first, ties by index."""
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:  # only the k best need sorting
        cut = -np.partition(-scores[candidates], k - 1)[k - 1]
        candidates = candidates[scores[candidates] >= cut]
    return candidates[np.lexsort((candidates, -scores[candidates]))][:k]
