"""Fit the decision to answer or decline (bot/data/abstention.json) on development questions.

usage: python scripts/fit_abstention.py [--write] [--target 0.07]

Answerable questions: the CNIL development set (../shared/eval/cnil, French), its English translations
(tests/questions/cnil-en-dev.jsonl), the seed development set (tests/questions/seeds-dev.jsonl) and the shared
acceptance set. Unanswerable ones: every CNIL question asked of the corpus without the article that answers it,
questions the CNIL's FAQ does not cover (tests/questions/cnil-unanswerable-dev.jsonl) and the seed sets'
unanswerable questions. For each, the signals of the ranking (bot/abstention.py) with the
semantic layer and with BM25 alone; one logistic model is fitted for each mode. The threshold is the highest
probability at which at most `--target` of the answerable questions are declined. Prints the curve
(declined unanswerable against declined answerable) and a 5-fold cross-validated estimate; `--write` saves the
models.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.abstention import Model, Signals, fit_logistic  # noqa: E402
from bot.answer import Answerer  # noqa: E402
from bot.evaluate import EvalQuestion, Removal, load_questions  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
MODEL_PATH = ROOT / "bot" / "data" / "abstention.json"
L2 = 1.0
# A removed article is often repeated nearly word for word by another (a quarter of the CNIL's development questions
# have such a twin), so "unanswerable by removal" is a noisy label: those questions count half.
REMOVAL_WEIGHT = 0.5


def cnil_corpus() -> Path:
    """A corpus folder holding only the CNIL articles (a link), so its saved index and vectors persist."""
    folder = ROOT / ".cache" / "cnil-corpus"
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "articles"
    if not link.exists():
        link.symlink_to((SHARED / "cnil" / "articles").resolve())
    return folder


def signals_of(answerer: Answerer, question: str) -> tuple[Signals, Signals]:
    """The signals of a question's ranking with the semantic layer and with BM25 alone."""
    semantic = answerer.semantic
    with_semantic = answerer.ask(question).signals
    answerer.attach_semantic(None)
    try:
        lexical = answerer.ask(question).signals
    finally:
        answerer.attach_semantic(semantic)
    return with_semantic, lexical


def collect() -> tuple[list[tuple[Signals, Signals]], np.ndarray, list[str], list[object]]:
    """Signals, labels (1 = answerable), the set each question comes from, and its group for cross-validation: the
    paragraphs that answer it (a question, its translation and both asked without their answer share them), else
    the question itself."""
    rows, labels, origin, groups = [], [], [], []

    def add(answerer: Answerer, questions: list[EvalQuestion], name: str, group: object = None) -> None:
        for item in questions:
            found = signals_of(answerer, item.question)
            if found[0] is None or found[1] is None:  # nothing matched at all: always declined, nothing to learn
                continue
            rows.append(found)
            labels.append(1.0 if item.answerable else 0.0)
            origin.append(name)
            groups.append(group or tuple(sorted(item.gold)) or item.question)

    cnil = Answerer.from_corpus_dir(cnil_corpus(), semantic="on")
    removal = Removal(cnil)
    for path, name in ((SHARED / "cnil" / "questions-dev.jsonl", "cnil-fr"),
                       (ROOT / "tests" / "questions" / "cnil-en-dev.jsonl", "cnil-en")):
        questions = load_questions(path)
        add(cnil, questions, name)
        for item in questions:
            add(removal.without(a for a, _ in item.gold), [EvalQuestion(item.question, frozenset())], name + "-removed",
                tuple(sorted(item.gold)))
    add(cnil, load_questions(ROOT / "tests" / "questions" / "cnil-unanswerable-dev.jsonl"), "cnil-unanswerable")
    seeds = Answerer.from_corpus_dir(ROOT / "corpus", semantic="on")
    add(seeds, load_questions(ROOT / "tests" / "questions" / "seeds-dev.jsonl"), "seeds")
    add(seeds, load_questions(SHARED / "questions.json"), "acceptance")
    return rows, np.array(labels), origin, groups


def fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], target: float, sample_weight: np.ndarray) -> Model:
    """A standardised logistic model with the threshold that declines at most `target` of the answerable."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    weights, intercept = fit_logistic((x - mean) / scale, y, l2=L2, sample_weight=sample_weight)
    model = Model(names, tuple(mean), tuple(scale), tuple(weights), intercept, 0.5)
    probabilities = np.array([model_probability(model, row) for row in x])
    threshold = float(np.quantile(probabilities[y == 1], target))
    return Model(names, tuple(mean), tuple(scale), tuple(weights), intercept, threshold)


def model_probability(model: Model, row: np.ndarray) -> float:
    """The model's probability for a raw signal vector."""
    z = ((row - np.array(model.mean)) / np.array(model.scale)) @ np.array(model.weights) + model.intercept
    return float(1 / (1 + np.exp(-np.clip(z, -40, 40))))


def report(name: str, model: Model, x: np.ndarray, y: np.ndarray, origin: list[str], groups: list[object],
           target: float, sample_weight: np.ndarray) -> None:
    """The curve, the rates per question set at the chosen threshold, and a cross-validated estimate."""
    p = np.array([model_probability(model, row) for row in x])
    print(f"\n## {name}: weights " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(model.names, model.weights))
          + f", threshold {model.threshold:.3f}")
    print("| threshold | declined unanswerable | declined answerable |\n|---|---|---|")
    for cut in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, round(model.threshold, 3)):
        print(f"| {cut:.3f} | {np.mean(p[y == 0] < cut) * 100:.1f} % | {np.mean(p[y == 1] < cut) * 100:.1f} % |")
    for set_name in dict.fromkeys(origin):
        for label, kind in ((1, "answerable"), (0, "unanswerable")):
            mask = np.array([o == set_name for o in origin]) & (y == label)
            if mask.any():
                print(f"- {set_name}, {kind} ({mask.sum()}): declined {np.mean(p[mask] < model.threshold) * 100:.1f} %")
    # By answer: a question asked with its answer and without it (removed), and its translation, fall in one fold.
    numbered = {group: n for n, group in enumerate(dict.fromkeys(groups))}
    folds = np.array([numbered[group] % 5 for group in groups])
    declined_u, declined_a = [], []
    for fold in range(5):
        train, test = folds != fold, folds == fold
        held = fit(x[train], y[train], model.names, target, sample_weight[train])
        q = np.array([model_probability(held, row) for row in x[test]])
        declined_u += list(q[y[test] == 0] < held.threshold)
        declined_a += list(q[y[test] == 1] < held.threshold)
    print(f"- 5-fold cross-validated: declined unanswerable {np.mean(declined_u) * 100:.1f} %, "
          f"declined answerable {np.mean(declined_a) * 100:.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"save the models in {MODEL_PATH.relative_to(ROOT)}")
    parser.add_argument("--target", type=float, default=0.07, help="share of answerable questions declined")
    args = parser.parse_args()
    rows, y, origin, groups = collect()
    sample_weight = np.array([REMOVAL_WEIGHT if o.endswith("-removed") else 1.0 for o in origin])
    models = {}
    for mode, names, column in (("semantic", Signals.SEMANTIC, 0), ("lexical", Signals.LEXICAL, 1)):
        x = np.array([row[column].vector(names) for row in rows])
        models[mode] = fit(x, y, names, args.target, sample_weight)
        report(mode, models[mode], x, y, origin, groups, args.target, sample_weight)
    if args.write:
        MODEL_PATH.write_text(json.dumps({mode: model.to_json() for mode, model in models.items()}, indent=1) + "\n",
                              encoding="utf-8")
        print(f"\nwritten {MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
