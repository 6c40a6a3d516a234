"""Passages and ranking."""

from __future__ import annotations

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bot.analysis import QueryWord, french_stem, french_terms
from bot.corpus import Article, load_corpus
from bot.reading import sentences
from bot.search import BM25_B, BM25_K1, SearchIndex, passage_terms, split_passages

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


def test_the_asked_words_score_is_bm25_without_the_expansions() -> None:
    index = SearchIndex.build([article("La réclamation.", "La plainte.", "Rien.", "Encore rien.")])
    scores = index.score([word("réclamation", expansions=("plainte",), boost=0.3)])
    assert scores.asked[1] == 0 < scores.lexical[1]
    assert scores.asked[0] == pytest.approx(scores.lexical[0]) and scores.asked[0] > 0


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


def test_empty_corpus_is_refused() -> None:
    with pytest.raises(ValueError, match="no passages"):
        SearchIndex.build([])


def _synthetic_articles(seed: int, count: int) -> list[Article]:
    import random

    rng = random.Random(seed)
    common = ["police", "reconnaissance", "faciale"]  # in more than half the passages: idf floored
    rare = [f"mot{n}" for n in range(60)]
    paragraphs = [" ".join(rng.choice(common) if rng.random() < 0.4 else rng.choice(rare)
                           for _ in range(rng.randint(3, 40))) for _ in range(count)]
    return [article(*paragraphs)]


@pytest.mark.parametrize("seed", range(5))
def test_fast_path_ranks_exactly_like_rank_bm25(seed: int) -> None:
    import random

    articles = _synthetic_articles(seed, 300)
    reference, fast = SearchIndex.build(articles, fast=False), SearchIndex.build(articles, fast=True)
    rng = random.Random(seed)
    for _ in range(20):
        query = [QueryWord("w", ((f"mot{rng.randrange(60)}",), (french_stem("police"),))),
                 word("faciale", expansions=(f"mot{rng.randrange(60)}",)),
                 QueryWord("x", ((f"mot{rng.randrange(60)}", f"mot{rng.randrange(60)}"),))]
        expected, expected_weights, _ = reference.rank(query, k=10)
        found, found_weights, _ = fast.rank(query, k=10)
        assert found_weights == pytest.approx(expected_weights)
        assert [m.passage.id for m in found] == [m.passage.id for m in expected]
        assert [m.score for m in found] == pytest.approx([m.score for m in expected])
