"""Measuring the answers on a question set: `python -m bot eval QUESTIONS.jsonl`.

A self-hoster's way to know how well the bot answers their own corpus. Each line of the file is a JSON object:
`{"question": …, "gold": [[article_id, paragraph], …]}` for a question one of those paragraphs answers, or
`{"question": …, "answerable": false}` for one the corpus should decline. A gold may name a phrase instead of a
paragraph number (`[article_id, "10 juin"]`: the article's paragraphs holding it, compared lower-cased without
accents), which survives a re-split of the article. A whole-file JSON object in the shape of the shared acceptance
set (`{"questions": [{"q", "gold"}], "none": [question, …]}`) is read too. Plain rank-bm25 over the same
paragraphs (lower-cased words, no analysis) is measured beside the bot, as a floor to compare with.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from .analysis import fold
from .answer import Answerer
from .question import QuestionError
from .corpus import Article
from .indexing import analyse_articles
from .search import SearchIndex

K = 5  # hit@5 and MRR@5 look at the first five passages


class EvalError(ValueError):
    """A question file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class EvalQuestion:
    """One question of a question set, with the paragraphs that answer it (none when it is unanswerable)."""

    question: str
    gold: frozenset[tuple[str, int]]
    phrases: frozenset[tuple[str, str]] = frozenset()  # (article_id, phrase) golds, until `resolve_gold`

    @property
    def answerable(self) -> bool:
        """Whether some paragraph of the corpus answers it."""
        return bool(self.gold or self.phrases)


@dataclass(frozen=True)
class Outcome:
    """What the bot did with one question."""

    answerable: bool
    answered: bool
    rank: int | None  # 1-based rank of the first gold paragraph among the first K passages
    seconds: float
    question: str = ""
    first: tuple[str, int] | None = None  # the paragraph put first (article id, paragraph)
    confidence: float | None = None
    removed: bool = False  # asked of the corpus without the articles that answer it

    @property
    def missed(self) -> bool:
        """Whether the bot got it wrong: an answerable question declined or not answered first by its gold, or an
        unanswerable one answered."""
        return (not self.answered or self.rank != 1) if self.answerable else self.answered

    def describe(self) -> str:
        """What went wrong, in a few words, for a missed question."""
        first = f"first: {self.first[0]} ¶{self.first[1]}" if self.first else "nothing found"
        confidence = [f"confidence {self.confidence:.2f}"] if self.confidence is not None else []
        if not self.answerable:
            what = "answered with its answer removed" if self.removed else "answered, though unanswerable"
            return f"{what} ({'; '.join([*confidence, first])})"
        if not self.answered:
            where = "its gold first" if self.rank == 1 else (f"its gold at rank {self.rank}" if self.rank else first)
            return f"declined ({'; '.join([*confidence, where])})"
        where = f"gold at rank {self.rank}" if self.rank else f"gold not in the first {K}"
        return f"{where} ({first})"


GOLD_SHAPE = "'gold' must be a list of [article_id, paragraph or phrase] pairs, or set \"answerable\": false"


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a question file (JSONL, or the acceptance set's JSON object); a malformed one is an EvalError naming
    the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EvalError(f"{path}: cannot read the question file ({getattr(error, 'strerror', None) or error})") from None
    whole = _whole_file_object(text)
    questions = _acceptance_questions(whole, path.name) if whole is not None else _jsonl_questions(text, path.name)
    if not questions:
        raise EvalError(f"{path}: no questions")
    return questions


def _whole_file_object(text: str) -> dict | None:
    """The file as one JSON object in the acceptance set's shape, or None for a JSONL file."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) and "questions" in data else None


def _jsonl_questions(text: str, name: str) -> list[EvalQuestion]:
    questions = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            item = json.loads(line)
        except ValueError:
            raise EvalError(f"{where}: not a JSON object") from None
        if not isinstance(item, dict) or not isinstance(item.get("question"), str) or not item["question"].strip():
            raise EvalError(f"{where}: expected {{\"question\": \"…\", \"gold\": [[article_id, paragraph]]}}")
        gold = [] if item.get("answerable", True) is False else item.get("gold")
        questions.append(_question(item["question"], gold, where, required=item.get("answerable", True) is not False))
    return questions


def _acceptance_questions(data: dict, name: str) -> list[EvalQuestion]:
    items, declined = data.get("questions"), data.get("none", [])
    if not isinstance(items, list) or not isinstance(declined, list):
        raise EvalError(f"{name}: 'questions' and 'none' must be lists")
    questions = []
    for number, item in enumerate(items, 1):
        where = f"{name} question {number}"
        text = item.get("q", item.get("question")) if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise EvalError(f"{where}: expected {{\"q\": \"…\", \"gold\": [[article_id, phrase]]}}")
        questions.append(_question(text, item.get("gold"), where, required=True))
    for number, text in enumerate(declined, 1):
        if not isinstance(text, str) or not text.strip():
            raise EvalError(f"{name} 'none' item {number}: expected a question")
        questions.append(EvalQuestion(text, frozenset()))
    return questions


def _question(text: str, gold: object, where: str, required: bool) -> EvalQuestion:
    """A question with its gold pairs checked: [article_id, paragraph number] or [article_id, phrase]."""
    if not required:
        return EvalQuestion(text, frozenset())
    if (not isinstance(gold, list) or not gold
            or not all(isinstance(g, list) and len(g) == 2 and isinstance(g[0], str)
                       and ((isinstance(g[1], int) and not isinstance(g[1], bool) and g[1] >= 0)
                            or (isinstance(g[1], str) and g[1].strip())) for g in gold)):
        raise EvalError(f"{where}: {GOLD_SHAPE}")
    return EvalQuestion(text, frozenset((a, p) for a, p in gold if isinstance(p, int)),
                        frozenset((a, p) for a, p in gold if isinstance(p, str)))


def resolve_gold(questions: Sequence[EvalQuestion],
                 articles: Sequence[Article]) -> tuple[list[EvalQuestion], list[str]]:
    """The questions with every gold as a paragraph of the corpus (a phrase becomes the paragraphs of its article
    holding it), and a note for each phrase that no paragraph holds. A gold [article, number] the corpus lacks, an
    unknown article, or a question left with no gold at all is an EvalError naming it: the measure would be wrong."""
    by_id = {a.id: a for a in articles}
    resolved, notes = [], []
    for question in questions:
        for article_id, paragraph in sorted(question.gold):
            if paragraph >= len(by_id[article_id].paragraphs if article_id in by_id else ()):
                where = "no such article" if article_id not in by_id else "no such paragraph"
                raise EvalError(f"gold [{article_id!r}, {paragraph}] of {question.question!r}: {where} in the corpus")
        gold, missing = set(question.gold), []
        for article_id, phrase in sorted(question.phrases):
            if article_id not in by_id:
                raise EvalError(f"gold [{article_id!r}, {phrase!r}] of {question.question!r}: no such article in the "
                                "corpus")
            found = {(article_id, n) for n, text in enumerate(by_id[article_id].paragraphs)
                     if " ".join(fold(phrase).split()) in " ".join(fold(text).split())}
            gold |= found
            if not found:
                missing.append(f"[{article_id!r}, {phrase!r}]")
        if question.answerable and not gold:
            raise EvalError(f"gold {', '.join(missing)} of {question.question!r}: no paragraph of the corpus holds "
                            "the phrase")
        notes += [f"gold {m} of {question.question!r}: no paragraph holds the phrase (the other golds count)"
                  for m in missing]
        resolved.append(EvalQuestion(question.question, frozenset(gold)))
    return resolved, notes


def first_gold_rank(found: Iterable[Iterable[tuple[str, int]]], gold: frozenset[tuple[str, int]]) -> int | None:
    """The 1-based rank of the first gold paragraph among the found ones (each rank one paragraph, or a text several
    paragraphs share), or None."""
    return next((n for n, keys in enumerate(found, 1) if not gold.isdisjoint(keys)), None)


def run_bot(answerer: Answerer, questions: Sequence[EvalQuestion],
            progress: Callable[[int, int], None] | None = None) -> list[Outcome]:
    """Ask every question; an unusable one counts as declined."""
    outcomes = []
    for n, item in enumerate(questions, 1):
        start = time.perf_counter()
        confidence = None
        try:
            answer = answerer.ask(item.question, k=K)
            answered, confidence = answer.answered, answer.confidence
            found = [[(p.article.id, p.paragraph) for p in (h.passage, *h.also)] for h in answer.hits]
        except QuestionError:
            answered, found = False, []
        outcomes.append(Outcome(item.answerable, answered, first_gold_rank(found, item.gold),
                                time.perf_counter() - start, item.question, found[0][0] if found else None,
                                confidence))
        if progress:
            progress(n, len(questions))
    return outcomes


class Removal:
    """The corpus without given articles: how the bot declines a question once what answers it is gone."""

    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer
        self.tokens = analyse_articles(answerer.articles).tokens

    def without(self, article_ids: Iterable[str]) -> Answerer:
        """An answerer over every passage but those of these articles (the analysis is reused, not redone)."""
        removed = set(article_ids)
        passages = self.answerer.index.passages
        keep = [i for i, p in enumerate(passages) if p.article.id not in removed]
        kept = [replace(passages[i], id=n) for n, i in enumerate(keep)]
        # The outlets' share of yes/no openings is their style: the whole corpus's still describes it.
        index = SearchIndex.from_tokens(kept, [self.tokens[i] for i in keep], self.answerer.index.yes_no_shares)
        semantic = self.answerer.semantic.subset(keep) if self.answerer.semantic is not None else None
        return Answerer([a for a in self.answerer.articles if a.id not in removed], self.answerer.lexicon, index,
                        semantic, self.answerer.abstention, self.answerer.entities)


def run_removed(answerer: Answerer, questions: Sequence[EvalQuestion],
                progress: Callable[[int, int], None] | None = None) -> list[Outcome]:
    """Ask every answerable question of a corpus without the articles that answer it: each should be declined."""
    removal = Removal(answerer)
    answerable = [q for q in questions if q.answerable]
    unanswerable = [EvalQuestion(q.question, frozenset()) for q in answerable]
    outcomes = []
    for n, (item, blank) in enumerate(zip(answerable, unanswerable), 1):
        outcomes += [replace(o, removed=True) for o in run_bot(removal.without(a for a, _ in item.gold), [blank])]
        if progress:
            progress(n, len(answerable))
    return outcomes


_TOKEN = re.compile(r"\w+")


def run_plain_bm25(articles: Sequence[Article], questions: Sequence[EvalQuestion]) -> list[Outcome]:
    """The floor: rank-bm25's BM25Okapi over the paragraphs' lower-cased words; it never declines."""
    from rank_bm25 import BM25Okapi

    keys = [(a.id, n) for a in articles for n in range(len(a.paragraphs))]
    bm25 = BM25Okapi([_TOKEN.findall(p.lower()) for a in articles for p in a.paragraphs])
    outcomes = []
    for item in questions:
        start = time.perf_counter()
        scores = bm25.get_scores(_TOKEN.findall(item.question.lower()))
        order = [i for i in np.argsort(-scores, kind="stable")[:K] if scores[i] > 0]
        outcomes.append(Outcome(item.answerable, True, first_gold_rank(([keys[i]] for i in order), item.gold),
                                time.perf_counter() - start))
    return outcomes


@dataclass(frozen=True)
class Metrics:
    """The figures of one system on one question set (shares from 0 to 1; None where nothing was counted)."""

    questions: int
    answerable: int
    hit1: float | None
    hit5: float | None
    mrr5: float | None
    answered: float | None
    right_when_answered: float | None
    declined_unanswerable: float | None
    declined_answerable: float | None
    p50_ms: float
    p95_ms: float

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> "Metrics":
        """Summarise outcomes. A hit counts only if the question was answered."""
        answerable = [o for o in outcomes if o.answerable]
        unanswerable = [o for o in outcomes if not o.answerable]
        answered = [o for o in answerable if o.answered]

        def share(count: float, total: int) -> float | None:
            return count / total if total else None

        seconds = sorted(o.seconds for o in outcomes)
        return cls(
            questions=len(outcomes),
            answerable=len(answerable),
            hit1=share(sum(o.answered and o.rank == 1 for o in answerable), len(answerable)),
            hit5=share(sum(o.answered and o.rank is not None for o in answerable), len(answerable)),
            mrr5=share(sum(1 / o.rank for o in answerable if o.answered and o.rank), len(answerable)),
            answered=share(len(answered), len(answerable)),
            right_when_answered=share(sum(o.rank == 1 for o in answered), len(answered)),
            declined_unanswerable=share(sum(not o.answered for o in unanswerable), len(unanswerable)),
            declined_answerable=share(sum(not o.answered for o in answerable), len(answerable)),
            p50_ms=_percentile(seconds, 50) * 1000,
            p95_ms=_percentile(seconds, 95) * 1000,
        )

    def to_json(self) -> dict:
        """Plain data for JSON output."""
        return {name: (round(value, 4) if isinstance(value, float) else value)
                for name, value in self.__dict__.items()}


def _percentile(sorted_values: Sequence[float], percent: float) -> float:
    if not sorted_values:
        return 0.0
    return float(np.percentile(np.asarray(sorted_values), percent))


ROWS = (
    ("hit@1", "hit1"), ("hit@5", "hit5"), ("MRR@5", "mrr5"), ("answered (answerable questions)", "answered"),
    ("right at rank 1 when answered", "right_when_answered"), ("declined, unanswerable", "declined_unanswerable"),
    ("declined, answerable", "declined_answerable"),
)


def format_misses(outcomes: Sequence[Outcome]) -> str:
    """The questions the bot got wrong, one line each: what happened and the question."""
    missed = [o for o in outcomes if o.missed]
    if not missed:
        return "Missed: none."
    return "\n".join([f"Missed ({len(missed)} of {len(outcomes)}):"]
                     + [f"- {o.describe()}: {json.dumps(o.question, ensure_ascii=False)}" for o in missed])


def misses_to_json(outcomes: Sequence[Outcome]) -> list[dict]:
    """The questions the bot got wrong, as plain data."""
    return [{"question": o.question, "answerable": o.answerable, "removed": o.removed, "answered": o.answered,
             "gold_rank": o.rank, "first": list(o.first) if o.first else None,
             "confidence": round(o.confidence, 4) if o.confidence is not None else None, "what": o.describe()}
            for o in outcomes if o.missed]


def format_table(bot: Metrics, baseline: Metrics, mode: str) -> str:
    """The bot's figures beside plain rank-bm25's, as a Markdown table."""
    def cell(value: float | None) -> str:
        return "–" if value is None else f"{value * 100:.1f} %"

    lines = [f"{bot.questions} questions ({bot.answerable} answerable, {bot.questions - bot.answerable} "
             f"unanswerable); bot: {mode}",
             "", "| | bot | plain rank-bm25 |", "|---|---|---|"]
    for label, name in ROWS:
        lines.append(f"| {label} | {cell(getattr(bot, name))} | {cell(getattr(baseline, name))} |")
    lines.append(f"| latency p50 / p95 | {bot.p50_ms:.1f} / {bot.p95_ms:.1f} ms | "
                 f"{baseline.p50_ms:.1f} / {baseline.p95_ms:.1f} ms |")
    return "\n".join(lines)
