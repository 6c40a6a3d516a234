"""Passages and their ranking: paragraphs cut at sentence boundaries, scored with rank-bm25 per question word."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import NamedTuple, Protocol, Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from .analysis import QueryWord, french_stem, french_terms
from .corpus import Article
from .dates import PartialDate, find_dates

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")

# BM25 parameters. Passages are paragraphs, and a long paragraph is no less likely to answer than a short one:
# the usual b = 0.75 (made for whole documents) let short, loosely related paragraphs outrank long ones that
# answer; 0.2–0.3 was best on the acceptance and development questions.
BM25_K1 = 1.5
BM25_B = 0.3
# A paragraph longer than this is cut into passages of whole sentences, each at most about this long.
MAX_PASSAGE_CHARS = 1000

# End of a sentence: . ! ? or … followed by a space (or a closing quote) and the start of the next one.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”]?\s+(?=[«“\"(A-ZÀ-ÖØ-Þ0-9])")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, verbatim (initials such as "A.Krishna" are not cut)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append(text[start:match.start()].strip())
        start = match.start()
    spans.append(text[start:].strip())
    return [s for s in spans if s]


@dataclass(frozen=True)
class Passage:
    """A unit of retrieval: a paragraph, or a run of whole sentences of a long one, verbatim."""

    id: int
    article: Article
    paragraph: int
    part: int
    text: str


def split_passages(articles: Sequence[Article]) -> list[Passage]:
    """Every article's paragraphs as passages, long ones cut into runs of whole sentences."""
    passages: list[Passage] = []
    for article in articles:
        for index, paragraph in enumerate(article.paragraphs):
            for part, text in enumerate(_chunks(paragraph)):
                passages.append(Passage(len(passages), article, index, part, text))
    return passages


def _chunks(paragraph: str) -> list[str]:
    if len(paragraph) <= MAX_PASSAGE_CHARS:
        return [paragraph]
    chunks: list[list[str]] = [[]]
    for sentence in sentences(paragraph):
        if chunks[-1] and len(" ".join(chunks[-1] + [sentence])) > MAX_PASSAGE_CHARS:
            chunks.append([])
        chunks[-1].append(sentence)
    # Re-cut from the paragraph itself so each passage is exactly the article's text, spacing included.
    texts, position = [], 0
    for chunk in chunks:
        first, last = chunk[0], chunk[-1]
        start = paragraph.index(first, position)
        end = paragraph.index(last, start) + len(last)
        texts.append(paragraph[start:end])
        position = end
    return texts


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
    published = PartialDate.from_iso(passage.article.date)
    context = _date_terms(published)
    for mention in find_dates(passage.text, published):
        context += _date_terms(mention.date)
    # Context adds words the passage lacks, once each; it never inflates the frequency of words it has.
    present = set(terms)
    return terms + [t for t in dict.fromkeys(context) if t not in present]


class Ranker(Protocol):
    """What the search needs of a BM25 implementation: one term's scores over all passages, and idf values."""

    def term_scores(self, term: str) -> np.ndarray: ...

    def idf(self, term: str) -> float: ...

    def idf_of_count(self, count: int) -> float: ...


class RankBM25Ranker:
    """The reference ranker: rank-bm25's BM25Okapi over the analysed passages."""

    def __init__(self, tokens: Sequence[Sequence[str]]) -> None:
        self.bm25 = BM25Okapi([list(t) for t in tokens], k1=BM25_K1, b=BM25_B)

    def term_scores(self, term: str) -> np.ndarray:
        """BM25 scores of one term over every passage."""
        return np.asarray(self.bm25.get_scores([term]), dtype=float)

    def idf(self, term: str) -> float:
        """The term's idf as rank-bm25 uses it (a negative idf floored at epsilon × mean idf)."""
        return float(self.bm25.idf.get(term, self.idf_of_count(0)))

    def idf_of_count(self, count: int) -> float:
        """The idf rank-bm25 would give a term found in `count` passages, floor included."""
        value = math.log(self.bm25.corpus_size - count + 0.5) - math.log(count + 0.5)
        return value if value >= 0 else self.bm25.epsilon * self.bm25.average_idf


class Match(NamedTuple):
    """One ranked passage: its score and the question words (by position) it contains."""

    passage: Passage
    score: float
    matched: frozenset[int]


class SearchIndex:
    """Passages, their terms and a ranker: which passages best match a question's words, and how fully.

    A question word with several alternatives (synonyms, translations) is scored as one term, the way Lucene's
    SynonymQuery does: its idf is that of the passages holding any alternative, and a passage scores by its best
    alternative's term-frequency part. So a rare synonym does not outweigh a common one for the same meaning.
    """

    def __init__(self, passages: Sequence[Passage], tokens: Sequence[Sequence[str]], ranker: Ranker | None = None) -> None:
        if not passages:
            raise ValueError("the corpus has no passages to search")
        self.passages = tuple(passages)
        self.tokens = tuple(tuple(t) for t in tokens)
        postings: dict[str, set[int]] = {}
        for n, terms in enumerate(self.tokens):
            for term in terms:
                postings.setdefault(term, set()).add(n)
        self.postings = {term: frozenset(ids) for term, ids in postings.items()}
        self.vocabulary = frozenset(self.postings)
        self.ranker = ranker or RankBM25Ranker(self.tokens)

    @classmethod
    def build(cls, articles: Sequence[Article]) -> "SearchIndex":
        """Cut the articles into passages and index them."""
        passages = split_passages(articles)
        return cls(passages, [passage_terms(p) for p in passages])

    def holders(self, terms: Sequence[str]) -> frozenset[int]:
        """Passages that hold every one of these terms."""
        sets = [self.postings.get(t, frozenset()) for t in terms]
        return frozenset.intersection(*sets) if sets else frozenset()

    def word_holders(self, word: QueryWord) -> frozenset[int]:
        """Passages that hold any alternative of a question word."""
        return frozenset().union(*(self.holders(terms) for terms, _ in word.alternatives))

    def weight(self, word: QueryWord) -> float:
        """How much a question word counts: the idf of the passages holding any of its alternatives."""
        return self.ranker.idf_of_count(len(self.word_holders(word)))

    def _frequency_part(self, term: str) -> np.ndarray:
        idf = self.ranker.idf(term)
        # A term in exactly half the passages has idf 0 in rank-bm25 and tells nothing apart.
        return self.ranker.term_scores(term) / idf if idf > 0 else np.zeros(len(self.passages))

    def rank(self, query: Sequence[QueryWord], k: int, boost: np.ndarray | None = None) -> list[Match]:
        """The k best passages with a positive score."""
        total = np.zeros(len(self.passages))
        for word in query:
            best = np.zeros(len(self.passages))
            for terms, confidence in word.alternatives:
                if all(t in self.vocabulary for t in terms):
                    part = np.mean([self._frequency_part(t) for t in terms], axis=0)
                    mask = np.zeros(len(self.passages), dtype=bool)
                    mask[list(self.holders(terms))] = True
                    best = np.maximum(best, confidence * np.where(mask, part, 0.0))
            total += self.weight(word) * best
        if boost is not None:
            total = total * boost
        order = [i for i in np.argsort(-total, kind="stable")[:k] if total[i] > 0]
        return [Match(self.passages[i], float(total[i]), self.matched(query, i)) for i in order]

    def matched(self, query: Sequence[QueryWord], passage_id: int) -> frozenset[int]:
        """Positions of the question words that occur in a passage."""
        return frozenset(n for n, w in enumerate(query) if passage_id in self.word_holders(w))

    def coverage(self, query: Sequence[QueryWord], matched: frozenset[int]) -> float:
        """Share of the question's weighted meaning that a passage holds, from 0 to 1."""
        weights = [self.weight(w) for w in query]
        total = sum(weights)
        if total <= 0 or not math.isfinite(total):
            return 0.0
        return sum(weights[n] for n in matched) / total
