"""Passages and ranking."""

from __future__ import annotations

from dataclasses import replace
import random
from typing import Iterator

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bot.analysis import ANSWER_TYPE_WEIGHT, QueryWord, french_stem, french_terms
from bot.corpus import Article, load_corpus
from bot.reading import sentences
from bot.search import (BM25_B, BM25_K1, Passage, Postings, QueryPlan, RankBM25Ranker, Scored, SearchIndex,
                        passage_terms, split_passages, top_k)

from .conftest import CORPUS_DIR


def article(*paragraphs: str, id: str = "900") -> Article:
    return Article(id=id, outlet="O", title="T", date="2020-06-11", language="fr", paragraphs=paragraphs)


def word(*french: str, surface: str = "w", expansions: tuple[str, ...] = (), boost: float = 0.3) -> QueryWord:
    return QueryWord(surface, tuple((french_stem(f),) for f in french),
                     tuple(((french_stem(e),), boost) for e in expansions))


def test_sentences_keep_initials_and_cut_at_sentence_ends() -> None:
    text = "Amazon était visé par A.Krishna, le CEO. Il a parlé « hier ». Puis (…) rien."
    assert sentences(text) == ["Amazon était visé par A.Krishna, le CEO.", "Il a parlé « hier ».", "Puis (…) rien."]


def test_each_paragraph_is_one_passage_verbatim_however_long() -> None:
    long = " ".join(f"Phrase numéro {n} sur la reconnaissance faciale et la police américaine." for n in range(40))
    passages = split_passages([article("Court.", long)])
    assert [(p.paragraph, p.text) for p in passages] == [(0, "Court."), (1, long)]


def test_a_long_paragraph_is_ranked_once_as_a_whole() -> None:
    long = " ".join(f"La police numéro {n} utilise la reconnaissance faciale." for n in range(40))
    index = SearchIndex.build([article(long, "Le chat dort.", "Rien ici.", "Autre chose.")])
    matches = index.rank([word("police"), word("reconnaissance")], k=5).matches
    assert [(m.passage.paragraph, m.passage.text) for m in matches] == [(0, long)]


def test_headlines_are_not_passages() -> None:
    articles = load_corpus(CORPUS_DIR)
    texts = {p.text for p in split_passages(articles)}
    assert not any(a.title in texts for a in articles)


def test_rank_returns_only_passages_that_match() -> None:
    index = SearchIndex.build([article("La police utilise la reconnaissance.", "Le chat dort.", "Rien ici.")])
    matches = index.rank([word("police")], k=3).matches
    assert [m.passage.text for m in matches] == ["La police utilise la reconnaissance."]
    assert index.rank([word("inconnu")], k=3).matches == []


def test_rank_agrees_with_rank_bm25_for_single_terms() -> None:
    paragraphs = ["la police achète", "la police vend la police", "un logiciel vendu", "rien", "autre chose"]
    index = SearchIndex.build([article(*paragraphs)])
    tokens = [passage_terms(p) for p in index.passages]
    reference = BM25Okapi(tokens, k1=BM25_K1, b=BM25_B).get_scores([french_stem("police")])
    ours = np.zeros(len(paragraphs))
    for m in index.rank([word("police")], k=5).matches:
        ours[m.passage.id] = m.score
    assert np.allclose(ours, reference)


def test_forms_of_one_word_score_as_one_term_so_a_rare_form_does_not_dominate() -> None:
    common = [f"Ils demandent la fin numéro {n}." for n in range(6)]
    index = SearchIndex.build([article(*common, "Ils enjoignent la fin.", "Ils demandent la fin.")])
    asked = word("demander", "enjoindre")
    scores = {m.passage.text: m.score for m in index.rank([asked], k=10).matches}
    assert scores["Ils enjoignent la fin."] == pytest.approx(scores["Ils demandent la fin."])


def test_a_common_expansion_never_lowers_the_weight_of_the_asked_word() -> None:
    paragraphs = ["Une réclamation déposée."] + [f"Une demande numéro {n}." for n in range(8)] + ["Autre chose."]
    index = SearchIndex.build([article(*paragraphs)])
    alone = index.rank([word("réclamation")], k=10)
    expanded = index.rank([word("réclamation", expansions=("demande",))], k=10)
    assert expanded.weights == pytest.approx(alone.weights)
    assert expanded.matches[0].passage.text == "Une réclamation déposée."
    assert expanded.matches[0].score == pytest.approx(alone.matches[0].score)


def test_an_expansion_adds_below_the_word_itself() -> None:
    index = SearchIndex.build([article("La réclamation.", "La plainte.", "Rien.", "Encore rien.")])
    ranking = index.rank([word("réclamation", expansions=("plainte",), boost=0.3)], k=5)
    scores = {m.passage.text: m.score for m in ranking.matches}
    assert 0 < scores["La plainte."] < scores["La réclamation."]
    coverage = {m.passage.text: m.coverage for m in ranking.matches}
    assert coverage == pytest.approx({"La réclamation.": 1.0, "La plainte.": 0.3})


def test_coverage_is_the_share_of_weighted_question_words_found() -> None:
    index = SearchIndex.build([article("La police vend.", "Le logiciel.", "Autre.", "Encore.")])
    ranking = index.rank([word("police"), word("logiciel")], k=4)
    assert ranking.weights[0] == pytest.approx(ranking.weights[1])
    assert [m.coverage for m in ranking.matches] == pytest.approx([0.5, 0.5])


def test_a_word_the_corpus_never_uses_weighs_more_than_its_rarest() -> None:
    index = SearchIndex.build([article("La police vend.", "Le logiciel.", "Autre.", "Encore.")])
    ranking = index.rank([word("police"), word("inconnu")], k=4)
    assert ranking.weights[1] == 0.0
    assert ranking.unknown_weight > ranking.weights[0]
    assert ranking.matches[0].coverage == pytest.approx(
        ranking.weights[0] / (ranking.weights[0] + ranking.unknown_weight))


def test_a_word_found_only_through_a_related_form_is_held_partly_not_unknown() -> None:
    index = SearchIndex.build([article("La suspension de la police.", "Le logiciel.", "Autre.", "Encore.")])
    ranking = index.rank([word("police"), word("inconnu", expansions=("suspension",), boost=0.4)], k=4)
    assert ranking.unknown_weight == 0.0  # "suspendu" in a question is not a word the corpus never uses
    police, related = ranking.weights
    assert related > 0
    assert ranking.matches[0].coverage == pytest.approx((police + 0.4 * related) / (police + related))


def test_publication_month_and_year_are_searchable_context() -> None:
    (passage,) = split_passages([article("Une lettre.", id="a")])
    assert {"2020", french_stem("juin")} <= set(passage_terms(passage))
    assert "2020" not in french_terms("Une lettre.")


def test_a_passage_that_dates_what_it_reports_is_searchable_by_its_dates_not_the_publications() -> None:
    # Published in June 2020, « En décembre 2018, Google… » is about December 2018: "what happened in June 2020?"
    # is not a question it answers.
    (passage,) = split_passages([article("En décembre 2018, Google s'est engagé.", id="a")])
    terms = set(passage_terms(passage))
    assert {"2018", french_stem("décembre")} <= terms and not {"2020", french_stem("juin")} & terms


def test_empty_corpus_is_refused() -> None:
    with pytest.raises(ValueError, match="no passages"):
        SearchIndex.build([])


def _synthetic_tokens(seed: int, count: int) -> list[list[str]]:
    """Passages of a few common terms (in more than half of them: their idf is floored) and many rarer ones."""
    rng = random.Random(seed)
    common = ["polic", "reconnaiss", "facial"]
    rare = [f"mot{n}" for n in range(60)]
    return [[rng.choice(common) if rng.random() < 0.4 else rng.choice(rare) for _ in range(rng.randint(0, 40))]
            for _ in range(count)]


def _random_query(rng) -> list[QueryWord]:
    """A question of every shape: translations, a synonym, a two-term form, a common word, a three-term form."""
    return [QueryWord("w", ((f"mot{rng.randrange(60)}",), ("polic",))),
            QueryWord("f", (("facial",),), (((f"mot{rng.randrange(60)}",), 0.3),)),
            QueryWord("x", ((f"mot{rng.randrange(60)}", f"mot{rng.randrange(60)}"),)),
            QueryWord("r", ((f"mot{rng.randrange(60)}",),), (((f"mot{rng.randrange(60)}",), 0.5),)),
            QueryWord("t", (("polic", f"mot{rng.randrange(60)}", "facial"), (f"mot{rng.randrange(60)}",)))][
        :rng.randint(1, 5)]


def _passages(count: int) -> list[Passage]:
    owner = article("x")
    return [Passage(n, owner, n, "x") for n in range(count)]


# Ranking has two implementations: numpy for a small corpus, compiled loops (bot/kernels.py) for a large one.
BOTH = pytest.mark.parametrize("compiled", [False, True], ids=["numpy", "compiled"])


@BOTH
@pytest.mark.parametrize("seed", range(5))
def test_the_index_scores_exactly_as_rank_bm25(seed: int, compiled: bool) -> None:
    tokens = _synthetic_tokens(seed, 300)
    reference = SearchIndex(_passages(300), RankBM25Ranker(tokens))
    ours = SearchIndex(_passages(300), Postings.build(tokens), compiled=compiled)
    assert ours.compiled == compiled and not reference.compiled
    rng = random.Random(seed)
    for _ in range(20):
        query = _random_query(rng)
        expected, found = reference.rank(query, k=10), ours.rank(query, k=10)
        assert found.weights == expected.weights
        assert [(m.passage.id, m.score, m.coverage) for m in found.matches] == \
            [(m.passage.id, m.score, m.coverage) for m in expected.matches]
    # a single word is scored as rank-bm25's own get_scores scores it, to the last bit
    bm25 = BM25Okapi(tokens, k1=BM25_K1, b=BM25_B)
    for term in ("polic", "mot7"):
        plan = ours.plan([QueryWord(term, ((term,),))])
        assert plan.at(np.arange(300)).lexical.tolist() == bm25.get_scores([term]).tolist()


def _random_plans(seed: int, questions: int, compiled: bool) -> Iterator[tuple[QueryPlan, Scored, random.Random]]:
    """Random questions over 2,000 synthetic passages: each plan, every passage scored, and the generator."""
    index = SearchIndex(_passages(2000), Postings.build(_synthetic_tokens(seed, 2000)), compiled=compiled)
    rng = random.Random(seed)
    for _ in range(questions):
        plan = index.plan(_random_query(rng))
        yield plan, plan.at(np.arange(2000)), rng


@BOTH
@pytest.mark.parametrize("block", [7, 300, 16_384])
@pytest.mark.parametrize("seed", range(3))
def test_the_top_is_the_top_of_every_passage_scored(seed: int, block: int, compiled: bool,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import kernels

    monkeypatch.setattr(kernels, "BLOCK", block)  # the compiled loop scores the corpus a block at a time
    for plan, everything, _ in _random_plans(seed, 30, compiled):
        for n in (1, 10, 2500):
            order = top_k(everything.lexical, n)
            best = plan.top(n)
            assert best.ids.tolist() == order.tolist()
            assert best.lexical.tolist() == everything.lexical[order].tolist()
            assert best.coverage.tolist() == everything.coverage[order].tolist()


def test_ties_go_to_the_earlier_passage_in_both_implementations() -> None:
    tokens = [["mot1"] if n % 3 == 0 else ["mot2"] for n in range(900)]  # 300 passages with the same score
    for compiled in (False, True):
        index = SearchIndex(_passages(900), Postings.build(tokens), compiled=compiled)
        best = index.plan([QueryWord("w", (("mot1",),))]).top(5)
        assert best.ids.tolist() == [0, 3, 6, 9, 12]


@BOTH
@pytest.mark.parametrize("seed", range(3))
def test_scores_at_a_few_passages_or_at_most_are_those_of_scoring_all(seed: int, compiled: bool) -> None:
    sample = random.Random(seed)
    for (plan, everything, _), (_, numpy_everything, _) in zip(_random_plans(seed, 20, compiled),
                                                               _random_plans(seed, 20, False)):
        assert everything.lexical.tolist() == numpy_everything.lexical.tolist()
        assert everything.coverage.tolist() == numpy_everything.coverage.tolist()
        for count in (1, 9, 80, 700, 1999):
            ids = np.array(sorted(sample.sample(range(2000), count)))
            some = plan.at(ids)
            assert some.lexical.tolist() == everything.lexical[ids].tolist()
            assert some.coverage.tolist() == everything.coverage[ids].tolist()


def test_a_large_corpus_ranks_with_the_compiled_loops(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.search

    tokens = _synthetic_tokens(1, 50)
    monkeypatch.setattr(bot.search, "COMPILED_FROM", 50)
    assert SearchIndex(_passages(50), Postings.build(tokens)).compiled
    assert not SearchIndex(_passages(49), Postings.build(tokens[:49])).compiled
    assert not SearchIndex(_passages(50), RankBM25Ranker(tokens)).compiled  # the reference is never compiled


def test_passages_made_when_asked_for_are_those_of_every_paragraph_in_order() -> None:
    import numpy as np

    from bot.search import Passage

    articles = load_corpus(CORPUS_DIR)
    eager = [Passage(n, article, index, text) for n, (article, index, text) in
             enumerate((a, i, t) for a in articles for i, t in enumerate(a.paragraphs))]
    passages = split_passages(articles)
    assert len(passages) == len(eager) and list(passages) == eager
    assert [passages[n] for n in range(len(eager))] == eager and passages[np.int64(3)] == eager[3]
    assert passages[-1] == eager[-1] and passages[2:9:3] == eager[2:9:3]
    with pytest.raises(IndexError):
        passages[len(eager)]


def test_the_check_script_finds_the_pruned_top_k_identical_to_rank_bm25_on_the_seed_corpus() -> None:
    import subprocess
    import sys

    from .conftest import ROOT

    result = subprocess.run([sys.executable, "scripts/same_top_k.py", str(CORPUS_DIR), "--questions", "40"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.startswith("40 of 40 top-5 lists identical")


def test_an_answer_type_word_the_corpus_never_uses_does_not_count_against_the_answer() -> None:
    # "Which newspaper interviewed Smith?" is answered by "… a interview accordée au Washington Post": the passage
    # names the newspaper without saying "newspaper", so that word is not a part of the question left unmatched.
    index = SearchIndex.build([article("Smith parle au Washington Post.", "Le logiciel.", "Autre.", "Encore.")])
    asked = index.rank([word("smith"), replace(word("journal"), answer_type=True)], k=4)
    assert asked.unknown_weight == 0.0
    assert asked.matches[0].coverage == pytest.approx(1.0)
    plain = index.rank([word("smith"), word("journal")], k=4)
    assert plain.matches[0].coverage < 0.5


def test_the_noun_asked_an_instance_of_weighs_less_than_the_question_s_other_words() -> None:
    # « Quel logiciel Amazon vend-il ? » is answered by « Amazon vend Rekognition », which names the software without
    # the word, rather than by a passage that says « logiciel » about another company.
    index = SearchIndex.build([article("Amazon vend Rekognition.", "Microsoft a un logiciel.", "Autre.", "Encore.")])
    asked = index.rank([replace(word("logiciel"), answer_type=True), word("amazon")], k=4)
    assert asked.weights[0] == pytest.approx(ANSWER_TYPE_WEIGHT * asked.weights[1])
    assert asked.matches[0].passage.text == "Amazon vend Rekognition."
    plain = index.rank([word("logiciel"), word("amazon")], k=4)
    assert plain.weights[0] == pytest.approx(plain.weights[1])
