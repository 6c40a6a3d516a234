"""The decision to answer or decline: the shipped models and the fitting they come from."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bot.abstention import Abstention, Signals, fit_logistic

CLEAR = Signals(coverage=1.0, unknown_share=0.0, unknown_name=0.0, unknown_share_english=0.0,
                unknown_name_english=0.0, lexical_margin=0.6, kind_match=0.0, kind_missing=0.0, english=0.0, words=1.6,
                similarity=0.9, similarity_margin=0.04, agreement=1.0)


def test_the_shipped_models_load_with_their_signals_and_a_threshold() -> None:
    models = Abstention.load()
    assert models.semantic.names == Signals.SEMANTIC and models.lexical.names == Signals.LEXICAL
    for model in (models.semantic, models.lexical):
        assert 0 < model.threshold < 1 and len(model.weights) == len(model.names)


def test_a_question_fully_held_by_a_clearly_first_passage_is_answered() -> None:
    for with_semantic in (True, False):
        assert Abstention.load().model(with_semantic).answers(CLEAR)


def test_a_question_whose_words_the_corpus_lacks_is_declined() -> None:
    lacking = replace(CLEAR, coverage=0.05, unknown_share=0.95, unknown_name=1.0, lexical_margin=-1.0,
                      similarity=0.76, similarity_margin=-0.01, agreement=0.0)
    for with_semantic in (True, False):
        assert not Abstention.load().model(with_semantic).answers(lacking)


def test_more_coverage_never_lowers_the_confidence() -> None:
    model = Abstention.load().semantic
    probabilities = [model.probability(replace(CLEAR, coverage=c)) for c in np.linspace(0, 1, 11)]
    assert probabilities == sorted(probabilities)


def test_fitting_recovers_a_separating_rule() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] - 0.5 * x[:, 1] > 0).astype(float)
    weights, intercept = fit_logistic(x, y, l2=0.1)
    predicted = (x @ weights + intercept > 0).astype(float)
    assert np.mean(predicted == y) > 0.97 and weights[0] > 0 > weights[1]


def test_sample_weights_shift_the_fit_towards_the_heavier_examples() -> None:
    x = np.array([[0.0], [0.0], [1.0], [1.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    _, balanced = fit_logistic(x, y, l2=0.0)
    _, leaning = fit_logistic(x, y, l2=0.0, sample_weight=np.array([1.0, 3.0, 1.0, 3.0]))
    assert abs(balanced) < 1e-6 and leaning > 0.5


def test_a_passage_of_the_question_s_form_raises_the_confidence() -> None:
    # "Puis-je… ?" answered by a passage opening "Oui." against one that does not, in a corpus that answers so.
    for with_semantic in (True, False):
        model = Abstention.load().model(with_semantic)
        met = model.probability(replace(CLEAR, opens_yes_no_to_yes_no=1.0))
        unmet = model.probability(replace(CLEAR, lacks_yes_no_to_yes_no=0.3))
        assert met > model.probability(CLEAR) > unmet
        assert model.probability(replace(CLEAR, opens_yes_no_to_open=1.0)) < model.probability(CLEAR)
