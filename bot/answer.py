"""Answers: the passage that answers a question, its key sentence, its citation, and for "when" questions the date.

How it decides whether the coverage answers: every content word of the question gets a weight, its idf in the
corpus, as rank-bm25 computes it over the passages holding any of its alternatives (a word the corpus never uses
weighs more than its rarest word). The best-ranked passage answers
only if it holds at least ANSWER_COVERAGE of that weight; otherwise the reply is "the coverage does not answer
this" and the closest passages are offered as such. The share is independent of BM25's raw scale, so it does
not drift when the corpus grows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .analysis import Lexicon, QueryWord, QuestionAnalyzer, french_terms
from .cache import load_or_build
from .corpus import Article, load_corpus
from .search import Passage, SearchIndex, read_dates, sentences

MAX_QUESTION_CHARS = 500
MAX_RESULTS = 20
# Share of the question's weighted meaning the best passage must hold to count as an answer.
ANSWER_COVERAGE = 0.5
# How many ranked passages the question-kind preference may reorder.
RERANK_DEPTH = 20
NO_ANSWER = "The coverage does not answer this."

_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b", re.IGNORECASE)
_MARKDOWN = re.compile(r"[*_~`>|#\\]+|\[([^\]]*)\]\([^)]*\)")
_KIND_PATTERNS = {
    "when": r"when|what (?:year|month|day|date)|which (?:year|month|day|date)|since when|how long ago|quand|"
            r"depuis quand|quel(?:le)? (?:jour|date|année|mois)|en quelle année|à quelle date",
    "how long": r"(?:for )?how long|what duration|(?:pendant |depuis )?combien de temps|quelle durée",
    "why": r"why|for what reason|what (?:is|was|were) the reasons?|pourquoi|pour quelle raison|quelles? (?:est|sont) "
           r"(?:la|les) raisons?",
    "how many": r"how (?:many|much)|what number|what amount|combien|quel nombre|quel montant",
}
_KINDS = {name: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE) for name, pattern in _KIND_PATTERNS.items()}
# What a sentence that answers each kind of question holds (French words, compared as index terms).
_REASON_TERMS = frozenset(french_terms("raison raisons cause motif parce car afin pourquoi craint crainte fondée"))
_DURATION = re.compile(r"\b(?:\d+|un|une|deux|trois|quatre|cinq|six|dix|douze|quelques|plusieurs)\s+"
                       r"(?:ans?|années?|mois|semaines?|jours?|heures?)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|quarante|"
                     r"cinquante|cent|cents|mille|millions?|milliards?|dizaines?|centaines?|milliers?)\b", re.IGNORECASE)


class QuestionError(ValueError):
    """A question that cannot be searched; the message says why in one line."""


@dataclass(frozen=True)
class FoundDate:
    """A date read in the answering sentence, normalised against the article's publication date."""

    iso: str
    precision: str
    expression: str

    def to_json(self) -> dict[str, str]:
        """Plain data for JSON output."""
        return {"iso": self.iso, "precision": self.precision, "expression": self.expression}


@dataclass(frozen=True)
class Hit:
    """One passage offered for a question."""

    passage: Passage
    score: float
    highlight: str
    date: FoundDate | None = None

    def to_json(self) -> dict:
        """Plain data for JSON output."""
        return {
            "text": self.passage.text,
            "score": round(self.score, 4),
            "highlight": self.highlight,
            "date": self.date.to_json() if self.date else None,
            "paragraph": self.passage.paragraph,
            "article": self.passage.article.citation(),
        }


@dataclass(frozen=True)
class Answer:
    """What the coverage says about a question: hits[0] answers it when `answered`, else hits are only the closest."""

    question: str
    answered: bool
    hits: tuple[Hit, ...]
    coverage: float

    @property
    def message(self) -> str | None:
        """The no-answer sentence, or None when the coverage answers."""
        return None if self.answered else NO_ANSWER

    def to_json(self) -> dict:
        """The `ask --json` object."""
        return {
            "question": self.question,
            "answered": self.answered,
            "message": self.message,
            "coverage": round(self.coverage, 3),
            "passages": [hit.to_json() for hit in self.hits],
        }


def clean_question(question: str) -> str:
    """The question without Discord mentions and markdown, whitespace collapsed; raises QuestionError if unusable."""
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is too long ({len(question)} characters; the limit is {MAX_QUESTION_CHARS})")
    # Lone surrogates (undecodable bytes, as Python hands them over) become U+FFFD; a surrogate pair its character.
    text = question.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = _MENTION.sub(" ", text)
    text = _MARKDOWN.sub(lambda m: f" {m.group(1) or ''} ", text)
    text = _MENTION.sub(" ", text)  # again: removing markup can make one ("@everyone_" → "@everyone")
    return " ".join(text.split())


def question_kind(question: str) -> str | None:
    """'when', 'how long', 'why' or 'how many' when the question asks for a date, a duration, a reason or a
    number; else None."""
    for name, pattern in _KINDS.items():
        if pattern.search(question):
            return name
    return None


def sentence_is_kind(kind: str | None, sentence: str, article: Article) -> bool:
    """Whether a sentence of an article holds what a question of this kind asks for."""
    if kind == "when":
        return bool(read_dates(sentence, article))
    if kind == "why":
        return not _REASON_TERMS.isdisjoint(french_terms(sentence))
    if kind == "how many":
        return bool(_NUMBER.search(sentence))
    if kind == "how long":
        return bool(_DURATION.search(sentence))
    return False


class Answerer:
    """The question-answering core: a corpus, its search index and the English→French bridge."""

    def __init__(self, articles: Sequence[Article], lexicon: Lexicon, index: SearchIndex | None = None) -> None:
        self.articles = tuple(articles)
        self.index = index or SearchIndex.build(self.articles)
        self.analyzer = QuestionAnalyzer(self.index.vocabulary, lexicon)

    @classmethod
    def from_corpus_dir(cls, corpus_dir: Path) -> "Answerer":
        """Load the articles, the lexicon files (corpus/lexicon/*.tsv) and the saved index of a corpus folder."""
        corpus_dir = Path(corpus_dir)
        articles = load_corpus(corpus_dir)
        return cls(articles, load_lexicon(corpus_dir), load_or_build(articles, corpus_dir))

    def parse(self, question: str) -> tuple[str, str | None, list[QueryWord]]:
        """The cleaned question, its kind and its words; raises QuestionError for a question that cannot be searched."""
        text = clean_question(question)
        kind = question_kind(text)
        # The words that say what kind of answer is wanted ("how long", "quel montant") are not its subject.
        _, query = self.analyzer.analyze(_KINDS[kind].sub(" ", text) if kind else text)
        if not query:
            raise QuestionError("the question has no word to search for (only punctuation, symbols or common words)")
        return text, kind, query

    def ask(self, question: str, k: int = 5) -> Answer:
        """Rank the passages for a question and decide whether the best one answers it."""
        if k < 1 or k > MAX_RESULTS:
            raise QuestionError(f"the number of passages must be between 1 and {MAX_RESULTS}, not {k}")
        text, kind, query = self.parse(question)
        matches, weights = self.index.rank(query, max(k, RERANK_DEPTH))
        ranked = [(m, self.index.coverage(weights, m.matched)) for m in matches]
        # A passage of the kind the question asks for (a date for "when", a reason for "why"…) that covers the
        # question goes first; BM25 order decides otherwise.
        ranked.sort(key=lambda mc: not (mc[1] >= ANSWER_COVERAGE and self._is_kind(kind, mc[0].passage)))
        ranked = ranked[:k]
        coverage = ranked[0][1] if ranked else 0.0
        hits = tuple(self._hit(query, weights, m.passage, m.score, kind) for m, _ in ranked)
        return Answer(question=text, answered=bool(hits) and coverage >= ANSWER_COVERAGE, hits=hits, coverage=coverage)

    def context(self, passage: Passage, radius: int = 1) -> list[str]:
        """The paragraphs around a passage in its article, its own paragraph included."""
        paragraphs = passage.article.paragraphs
        start = max(0, passage.paragraph - radius)
        return list(paragraphs[start:passage.paragraph + radius + 1])

    def _is_kind(self, kind: str | None, passage: Passage) -> bool:
        return sentence_is_kind(kind, passage.text, passage.article)

    def _hit(self, query: Sequence[QueryWord], weights: Sequence[float], passage: Passage, score: float,
             kind: str | None) -> Hit:
        """The hit with its key sentence: the one holding most of the question, of the asked kind first."""
        best_key, best_sentence = (False, -1.0), passage.text
        for sentence in sentences(passage.text):
            terms = set(french_terms(sentence))
            weight = sum(weights[n] for n, w in enumerate(query)
                         if any(all(t in terms for t in alt) for alt, _ in w.alternatives))
            key = (weight > 0 and sentence_is_kind(kind, sentence, passage.article), weight)
            if key > best_key:
                best_key, best_sentence = key, sentence
        date = None
        if kind == "when":
            mentions = read_dates(best_sentence, passage.article)
            if mentions:
                date = FoundDate(mentions[0].date.iso, mentions[0].date.precision, mentions[0].expression)
        return Hit(passage, score, best_sentence, date)


def load_lexicon(corpus_dir: Path) -> Lexicon:
    """The bilingual lexicon files kept beside the corpus (corpus/lexicon/*.tsv); none is fine."""
    return Lexicon.from_files(sorted((Path(corpus_dir) / "lexicon").glob("*.tsv")))
