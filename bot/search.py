"""Passages and their lexical ranking: one passage per paragraph, scored with BM25 (rank-bm25's formula) per question word."""

from __future__ import annotations

import json
import logging
import math
import operator
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, pairwise
from pathlib import Path
from types import ModuleType
from typing import Collection, Iterator, Mapping, NamedTuple, Protocol, Sequence, overload

import numpy as np

from .analysis import QueryWord, capitalisation, french_terms, written_as_name
from .corpus import Article
from .indexing import analyse_articles, context_terms, with_context
from .reading import report_problem

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


class Passages(Sequence[Passage]):
    """Every article's paragraphs as passages, one per paragraph, each made when asked for: a start does not build
    an object per passage of a large corpus before the first question."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = tuple(articles)
        self._starts = list(accumulate((len(a.paragraphs) for a in self.articles), initial=0))

    def __len__(self) -> int:
        return self._starts[-1]

    @overload
    def __getitem__(self, number: int) -> Passage: ...

    @overload
    def __getitem__(self, number: slice) -> list[Passage]: ...

    def __getitem__(self, number: int | slice) -> Passage | list[Passage]:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(len(self)))]
        number = operator.index(number)
        if number < 0:
            number += len(self)
        if not 0 <= number < len(self):
            raise IndexError("passage number out of range")
        owner = bisect_right(self._starts, number) - 1
        article = self.articles[owner]
        paragraph = number - self._starts[owner]
        return Passage(number, article, paragraph, article.paragraphs[paragraph])

    def __iter__(self) -> Iterator[Passage]:
        number = 0
        for article in self.articles:
            for paragraph, text in enumerate(article.paragraphs):
                yield Passage(number, article, paragraph, text)
                number += 1


def split_passages(articles: Sequence[Article]) -> Passages:
    """Every article's paragraphs as passages, one per paragraph."""
    return Passages(articles)


def passage_terms(passage: Passage) -> list[str]:
    """A passage's index terms: its words, plus context a reader has and the words lack.

    The year and month it was published and those its date expressions resolve to ("hier" → juin 2020), so that
    "en janvier 2019" finds an article of that month. Headlines are not indexed: a headline repeats the lead's
    topic words and, as a passage or as added context, outranked the paragraph that answers. (Indexing a whole
    corpus gives the same terms faster: `indexing.analyse_articles`.)
    """
    context, problem = context_terms(passage.text, passage.article)
    report_problem(problem)
    return with_context(french_terms(passage.text), context)


class Ranker(Protocol):
    """What the search needs of a BM25 index, one analysed term at a time."""

    size: int
    vocabulary: Collection[str]
    idf_floor: float  # the idf rank-bm25 gives a term found in more than half the passages

    def holders(self, term: str) -> np.ndarray: ...

    def factors(self, term: str, positions: np.ndarray | None = None) -> np.ndarray: ...


# rank-bm25 gives a term found in more than half the passages this share of the mean idf instead of a negative one.
IDF_FLOOR_EPSILON = 0.25


def idf_floor(document_counts: Sequence[int], size: int) -> float:
    """rank-bm25's idf for common terms: a share of the mean idf over the vocabulary, summed in its order."""
    total = 0.0
    for count in document_counts:  # in Python, term by term, as rank-bm25 does, so the floor is its to the bit
        total += math.log(size - count + 0.5) - math.log(count + 0.5)
    return IDF_FLOOR_EPSILON * (total / len(document_counts)) if document_counts else 0.0


def _frequency_factor(tf: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """BM25Okapi's term-frequency factor (its score without the idf), given k1 × the passage-length norm."""
    return tf * (BM25_K1 + 1) / (tf + norm)


def _length_norm(lengths: np.ndarray, average: float) -> np.ndarray:
    """k1 × (1 − b + b × length / average length), per passage, computed in rank-bm25's order of operations."""
    return BM25_K1 * (1 - BM25_B + BM25_B * lengths / average)


class RankBM25Ranker:
    """The reference: rank-bm25's BM25Okapi over the analysed passages (tests and benchmarks compare against it)."""

    def __init__(self, tokens: Sequence[Sequence[str]]) -> None:
        from rank_bm25 import BM25Okapi  # only where it is the reference: answering never needs it

        self.bm25 = BM25Okapi([list(t) for t in tokens], k1=BM25_K1, b=BM25_B)
        postings: dict[str, list[int]] = {}
        for n, frequencies in enumerate(self.bm25.doc_freqs):
            for term in frequencies:
                postings.setdefault(term, []).append(n)
        self.postings = {term: np.array(ids, dtype=np.int64) for term, ids in postings.items()}
        self.vocabulary = self.postings.keys()
        self.size = self.bm25.corpus_size
        self.idf_floor = self.bm25.epsilon * self.bm25.average_idf
        self._norm = _length_norm(np.asarray(self.bm25.doc_len, dtype=float), self.bm25.avgdl)
        self._factors: dict[str, np.ndarray] = {}

    def holders(self, term: str) -> np.ndarray:
        """The passages holding the term, in increasing order."""
        return self.postings.get(term, np.zeros(0, dtype=np.int64))

    def factors(self, term: str, positions: np.ndarray | None = None) -> np.ndarray:
        """The term-frequency factor in each passage holding the term (or at these positions of its holders)."""
        if term not in self._factors:
            ids = self.holders(term)
            tf = np.array([self.bm25.doc_freqs[i][term] for i in ids], dtype=float)
            self._factors[term] = _frequency_factor(tf, self._norm[ids])
        return self._factors[term] if positions is None else self._factors[term][positions]


class Postings:
    """The project's BM25 index: for each term, the passages holding it (in order) and how often, as flat arrays.

    Factors are computed from the counts when a question needs them, in rank-bm25's order of operations, so scores
    are rank-bm25's to the last bit; each term's highest factor is kept to bound what a passage can score. Saved as
    plain .npy files, which start-up maps into memory instead of reading.
    """

    FILES = ("offsets", "holders", "counts", "lengths")

    def __init__(self, terms: Sequence[str], arrays: Mapping[str, np.ndarray], idf_floor: float) -> None:
        self.terms = list(terms)
        self.idf_floor = idf_floor
        self.vocabulary = {term: column for column, term in enumerate(self.terms)}
        self._offsets, self._holders, self._counts = arrays["offsets"], arrays["holders"], arrays["counts"]
        self._lengths = arrays["lengths"]
        self.size = len(self._lengths)
        total = int(self._lengths.sum())
        self.norm = _length_norm(self._lengths, total / self.size if total else 1.0)

    @classmethod
    def build(cls, tokens: Sequence[Sequence[str]]) -> "Postings":
        """Index analysed passages."""
        vocabulary: dict[str, int] = {}
        columns = np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for passage in tokens for t in passage),
                              dtype=np.int64)
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        passages = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths)
        # One entry per (term, passage), sorted by term then passage: the holders of a term come in passage order.
        pairs, counts = np.unique(columns * max(len(tokens), 1) + passages, return_counts=True)
        term_of, holders = np.divmod(pairs, max(len(tokens), 1))
        offsets = np.searchsorted(term_of, np.arange(len(vocabulary) + 1))
        counts = counts.astype(np.uint16 if counts.max(initial=0) <= np.iinfo(np.uint16).max else np.uint32)
        holders = holders.astype(np.int32 if len(tokens) <= np.iinfo(np.int32).max else np.int64)
        floor = idf_floor(np.diff(offsets).tolist(), len(tokens))
        return cls(list(vocabulary), {"offsets": offsets, "holders": holders, "counts": counts,
                                      "lengths": lengths.astype(np.int32)}, floor)

    def save(self, folder: Path) -> list[str]:
        """Write the index's files into a folder; their names."""
        arrays = dict(zip(self.FILES, (self._offsets, self._holders, self._counts, self._lengths)))
        for name, array in arrays.items():
            np.save(folder / f"{name}.npy", np.ascontiguousarray(array))
        (folder / "terms.json").write_text(json.dumps({"idf_floor": self.idf_floor, "terms": self.terms},
                                                      ensure_ascii=False), encoding="utf-8")
        return [f"{name}.npy" for name in arrays] + ["terms.json"]

    @classmethod
    def load(cls, folder: Path) -> "Postings":
        """The index saved in a folder, its arrays mapped into memory (pages are read when a question needs them)."""
        saved = json.loads((folder / "terms.json").read_text(encoding="utf-8"))
        terms = saved["terms"]
        # Plain arrays over the mapped files: numpy's memmap subclass adds a cost to every slice a question takes.
        arrays = {name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
                  for name in cls.FILES}
        index = cls(terms, arrays, float(saved["idf_floor"]))
        if len(index._offsets) != len(terms) + 1 or len(index._holders) != len(index._counts) or \
                int(index._offsets[-1]) != len(index._holders):
            raise ValueError("its arrays do not fit together")
        return index

    def lists(self) -> tuple[np.ndarray, np.ndarray]:
        """Every term's holders and counts, end to end: a term's are at its span."""
        return self._holders, self._counts

    def span(self, term: str) -> tuple[int, int]:
        """Where the term's holders and counts are in `lists()` (empty for a term not indexed)."""
        column = self.vocabulary.get(term)
        return (0, 0) if column is None else (int(self._offsets[column]), int(self._offsets[column + 1]))

    def holders(self, term: str) -> np.ndarray:
        """The passages holding the term, in increasing order."""
        start, end = self.span(term)
        return self._holders[start:end]

    def factors(self, term: str, positions: np.ndarray | None = None) -> np.ndarray:
        """The term-frequency factor in each passage holding the term (or at these positions of its holders)."""
        start, end = self.span(term)
        holders, counts = self._holders[start:end], self._counts[start:end]
        if positions is not None:
            holders, counts = holders[positions], counts[positions]
        return _frequency_factor(counts.astype(float), self.norm[holders])


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


class Scored(NamedTuple):
    """Some passages (by id), their BM25 scores and the share of the question's weight each holds."""

    ids: np.ndarray
    lexical: np.ndarray
    coverage: np.ndarray


class _Part(NamedTuple):
    """The passages holding one form or expansion (in order), and where its factors come from."""

    holders: np.ndarray
    term: str | None  # a single term, whose factors the index gives
    values: np.ndarray | None  # else (a form of several terms) its factor at each holder: the terms' mean


def _lookup(holders: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of the ids (increasing) a holder list holds (a mask over the ids) and where they sit in it."""
    positions = np.searchsorted(holders, ids)
    inside = positions < len(holders)
    found = np.zeros(len(ids), dtype=bool)
    found[inside] = holders[positions[inside]] == ids[inside]
    return found, positions[found]


class _Clause(NamedTuple):
    """One scoring part of a question: a word's forms (a passage counts by its best form) or one expansion."""

    word: int
    parts: tuple[_Part, ...]
    coefficient: float  # the word's weight for its forms; boost × idf for an expansion
    boost: float  # how far a passage holding it holds the word (1 for the forms)


class _Lists(NamedTuple):
    """A question's postings lists laid out for the compiled loops (see `kernels.best_passages`)."""

    holders: np.ndarray
    counts: np.ndarray
    norm: np.ndarray
    k1_plus_1: float
    extra_ids: np.ndarray
    extra_values: np.ndarray
    list_extra: np.ndarray
    list_start: np.ndarray
    list_end: np.ndarray
    clause_lists: np.ndarray


class QueryPlan:
    """A question's words made into scoring clauses against an index: each word's weight, and the best passages.

    Scores are rank-bm25's, added clause by clause in the question's order into one score per passage: every
    posting of the question's terms is read once, which on a large corpus the compiled loops of `kernels.py` do.
    """

    def __init__(self, index: "SearchIndex", query: Sequence[QueryWord]) -> None:
        self.index = index
        self.weights: list[float] = []
        # Whether each word counts as one the corpus never uses; an answer-type word ("which newspaper") does not:
        # answers name the thing, not its kind.
        self.unknown: list[bool] = []
        self.clauses: list[_Clause] = []
        for n, word in enumerate(query):
            forms = [self._part(terms) for terms in word.forms if all(t in index.vocabulary for t in terms)]
            related = [(boost, self._part(terms)) for terms, boost in word.expansions
                       if all(t in index.vocabulary for t in terms)]
            count = self._union_size([p.holders for p in forms])
            # A word absent as written but present through a related form (suspendu → suspension) is not unknown:
            # it weighs what the related forms weigh, and a passage holds it only as far as the relation goes.
            if not count and related:
                count = self._union_size([p.holders for _, p in related])
            weight = word.searched_weight * index.idf_of_count(count) if count else 0.0
            self.weights.append(weight)
            self.unknown.append(not count and not word.answer_type)
            if forms:
                self.clauses.append(_Clause(n, tuple(forms), weight, 1.0))
            for boost, part in related:
                self.clauses.append(_Clause(n, (part,),
                                            word.searched_weight * boost * index.idf_of_count(len(part.holders)),
                                            boost))
        self.unknown_weight = index.unknown_word_weight * sum(w.weight for w, u in zip(query, self.unknown) if u)
        self.total_weight = sum(self.weights) + self.unknown_weight

    def _part(self, terms: Sequence[str]) -> _Part:
        """A form's or expansion's holders (passages with all its terms), with its factors if it has several terms."""
        ranker, kernels = self.index.ranker, self.index.kernels
        if len(terms) == 1:
            return _Part(ranker.holders(terms[0]), terms[0], None)
        # The mean of the terms' factors, summed in the terms' order, where all of them occur.
        if kernels is not None:
            spans = np.array([ranker.span(term) for term in terms], dtype=np.int64)
            shortest_first = np.argsort(spans[:, 1] - spans[:, 0], kind="stable")  # the smallest list to intersect
            ids, values = kernels.form_factors(*ranker.lists(), ranker.norm, BM25_K1 + 1, spans[shortest_first, 0],
                                               spans[shortest_first, 1], np.argsort(shortest_first))
        else:
            ids, sums = ranker.holders(terms[0]), ranker.factors(terms[0])
            for term in terms[1:]:
                found, positions = _lookup(ranker.holders(term), ids)
                ids, sums = ids[found], sums[found] + ranker.factors(term, positions)
            values = sums / len(terms)
        return _Part(ids, None, values)

    def _union_size(self, lists: Sequence[np.ndarray]) -> int:
        """How many distinct passages a few holder lists hold together."""
        if len(lists) <= 1:
            return len(lists[0]) if lists else 0
        if self.index.kernels is not None:
            marks = np.zeros(self.index.ranker.size // 8 + 1, dtype=np.uint8)
            return sum(self.index.kernels.count_new(marks, holders) for holders in lists)
        held = np.zeros(self.index.ranker.size, dtype=bool)
        for holders in lists:
            held[holders] = True
        return int(np.count_nonzero(held))

    def _factors(self, part: _Part, positions: np.ndarray | None = None) -> np.ndarray:
        """A part's factor at these positions of its holders (all if None)."""
        if part.values is None:
            return self.index.ranker.factors(part.term, positions)
        return part.values if positions is None else part.values[positions]

    def _clause_factors(self, clause: _Clause, ids: np.ndarray) -> np.ndarray:
        """A clause's factor at each of the ids (increasing; the best form's for a word), 0 where it is absent."""
        values = np.zeros(len(ids))
        for part in clause.parts:
            found, positions = _lookup(part.holders, ids)
            values[found] = np.maximum(values[found], self._factors(part, positions))
        return values

    def _scores(self) -> np.ndarray:
        """Every passage's score (0 where the question's terms are absent), computed with numpy."""
        scores = np.zeros(self.index.ranker.size)
        for clause in self.clauses:
            if len(clause.parts) == 1:
                holders, values = clause.parts[0].holders, self._factors(clause.parts[0])
            else:
                holders = _union(clause.parts)
                values = self._clause_factors(clause, holders)
            scores[holders] += clause.coefficient * values
        return scores

    @cached_property
    def _lists(self) -> _Lists:
        """The question's postings lists as the compiled loops take them (see `kernels.best_passages`)."""
        ranker = self.index.ranker
        assert isinstance(ranker, Postings)
        extra_ids, extra_values = [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
        extra, starts, ends, clause_lists = [], [], [], [0]
        offset = 0
        for clause in self.clauses:
            for part in clause.parts:
                if part.values is None:
                    start, end = ranker.span(part.term)
                else:
                    extra_ids.append(part.holders)
                    extra_values.append(part.values)
                    start, end = offset, offset + len(part.holders)
                    offset = end
                extra.append(part.values is not None)
                starts.append(start)
                ends.append(end)
            clause_lists.append(len(starts))
        return _Lists(*ranker.lists(), ranker.norm, BM25_K1 + 1,
                      np.concatenate(extra_ids).astype(np.int64, copy=False), np.concatenate(extra_values),
                      np.array(extra, dtype=np.bool_), np.array(starts, dtype=np.int64),
                      np.array(ends, dtype=np.int64), np.array(clause_lists, dtype=np.int64))

    def at(self, ids: np.ndarray) -> Scored:
        """The exact scores and coverage of these passages (ids in increasing order)."""
        ids = np.asarray(ids, dtype=np.int64)
        lexical, held = np.zeros(len(ids)), np.zeros(len(ids))
        shares = [np.zeros(len(ids)) for _ in self.weights]
        kernels = self.index.kernels
        if kernels is not None:  # one row per list, then each clause's best list
            lists = self._lists
            factors = kernels.factors_at(*lists[:-1], ids)
            per_clause = [factors[first:last].max(axis=0) for first, last in pairwise(lists.clause_lists)]
        else:
            per_clause = [self._clause_factors(clause, ids) for clause in self.clauses]
        for clause, values in zip(self.clauses, per_clause):
            lexical += clause.coefficient * values
            share = shares[clause.word]
            share[values > 0] = np.maximum(share[values > 0], clause.boost)
        for weight, share in zip(self.weights, shares):
            held += weight * share
        coverage = held / self.total_weight if self.total_weight else np.zeros(len(ids))
        return Scored(ids, lexical, coverage)

    def top(self, n: int) -> Scored:
        """The n passages with the highest positive scores, best first (ties by id)."""
        kernels = self.index.kernels
        if kernels is not None:
            ids = kernels.best_passages(*self._lists, np.array([c.coefficient for c in self.clauses]), n, kernels.BLOCK)
        else:
            ids = top_k(self._scores(), n)
        scored = self.at(np.sort(ids))
        order = top_k(scored.lexical, n, scored.ids)
        return Scored(scored.ids[order], scored.lexical[order], scored.coverage[order])


# From this many passages on, ranking uses the compiled loops (see kernels.py): below, numpy is fast enough and a
# command-line question does not wait the second that loading numba takes.
COMPILED_FROM = 10_000


class SearchIndex:
    """Passages and a BM25 index: which passages best match a question's words, and how fully.

    A question word's forms (the word, or its translations) score as one term, the way Lucene's SynonymQuery does:
    its idf is that of the passages holding any form, and a passage scores by its best form's term-frequency factor.
    Each expansion (a synonym, a cognate) adds its own BM25 score times its weight below 1, so a common synonym
    never lowers the weight of the word that was asked. The idf is rank-bm25's, floor included.
    """

    def __init__(self, passages: Sequence[Passage], ranker: Ranker, compiled: bool | None = None,
                 yes_no_shares: Mapping[str, float] | None = None) -> None:
        if not passages:
            raise ValueError("the corpus has no passages to search")
        self.passages = passages if isinstance(passages, Passages) else tuple(passages)  # Passages: made when asked for
        self.ranker = ranker
        # By outlet, the share of its passages opening "Oui. / Non, …" (AnalysedPassages.yes_no_shares), made with
        # the index: computing it reads every paragraph, which a start from the saved index does not.
        self.yes_no_shares = dict(yes_no_shares or {})
        self.vocabulary = ranker.vocabulary
        # The compiled loops read a term's counts: the project's own index only (not the rank-bm25 reference).
        wanted = ranker.size >= COMPILED_FROM if compiled is None else compiled
        self.compiled = isinstance(ranker, Postings) and wanted

    @cached_property
    def kernels(self) -> ModuleType | None:
        """The compiled loops, loaded with the first question (numba takes about a second), or None."""
        if not self.compiled:
            return None
        try:
            from . import kernels
        except ImportError as error:  # numba has no wheel for this machine: numpy ranks, slower but the same
            log.warning("ranking without compiled loops (%s): questions on a large corpus will be slower", error)
            return None
        return kernels

    @classmethod
    def build(cls, articles: Sequence[Article]) -> "SearchIndex":
        """Index the articles' paragraphs."""
        analysed = analyse_articles(articles)
        return cls.from_tokens(split_passages(articles), analysed.tokens, analysed.yes_no_shares())

    @classmethod
    def from_tokens(cls, passages: Sequence[Passage], tokens: Sequence[Sequence[str]],
                    yes_no_shares: Mapping[str, float] | None = None) -> "SearchIndex":
        """Index passages already analysed."""
        if not passages:
            raise ValueError("the corpus has no passages to search")
        return cls(passages, Postings.build(tokens), yes_no_shares=yes_no_shares)

    def idf_of_count(self, count: int) -> float:
        """rank-bm25's idf for a term found in `count` passages, floor included."""
        value = math.log(self.ranker.size - count + 0.5) - math.log(count + 0.5)
        return value if value >= 0 else self.ranker.idf_floor

    def plan(self, query: Sequence[QueryWord]) -> QueryPlan:
        """The question's words ready to score passages."""
        return QueryPlan(self, query)

    def rank(self, query: Sequence[QueryWord], k: int) -> Ranking:
        """The k best passages with a positive score, each with its coverage, and each word's weight."""
        plan = self.plan(query)
        best = plan.top(k)
        matches = [Match(self.passages[int(i)], float(s), float(c)) for i, s, c in zip(*best)]
        return Ranking(matches, plan.weights, plan.unknown_weight)

    def written_as_name(self, term: str, sample: int = 40) -> bool:
        """Whether the passages holding a term write its words as a name (Windows, Apple), read in `sample` of
        them: enough to tell a name from a common noun, few enough to cost a question nothing."""
        texts = (self.passages[int(i)].text for i in self.ranker.holders(term)[:sample])
        return written_as_name(*capitalisation(texts, term))

    @property
    def unknown_word_weight(self) -> float:
        """What a question word the corpus never uses weighs: more than its rarest word."""
        return self.idf_of_count(0)


def _union(parts: Sequence[_Part]) -> np.ndarray:
    """The passages holding any of the parts, sorted, each once."""
    # Not np.unique: its first call imports numpy.ma, about 15 ms of the command line's start.
    merged = np.sort(np.concatenate([p.holders for p in parts]))
    return merged[np.concatenate(([True], merged[1:] != merged[:-1]))] if len(merged) else merged


def top_k(scores: np.ndarray, k: int, ids: np.ndarray | None = None) -> np.ndarray:
    """Positions of the k highest positive scores, best first, ties by id (the position when no ids are given)."""
    ids = np.arange(len(scores)) if ids is None else ids
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:  # only the k best need sorting
        cut = -np.partition(-scores[candidates], k - 1)[k - 1]
        candidates = candidates[scores[candidates] >= cut]
    return candidates[np.lexsort((ids[candidates], -scores[candidates]))][:k]
