"""Fit the weights that mix BM25 and the semantic layer (RANKING_WEIGHTS in bot/answer.py).

usage: python scripts/fit_ranking.py

For each development question (the CNIL set in French, its English translations), every candidate passage is a
row of RANKING_FEATURES, labelled 1 when it is a gold passage; a logistic regression over the rows gives the
weights. Prints, per set, how often the first passage is a gold one with the shipped weights and with weights
fitted on the other folds (5-fold cross-validation), the same on the seed development set (never fitted on), and
the weights fitted on everything, to paste into bot/answer.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.abstention import fit_logistic  # noqa: E402
from bot.answer import RANKING_FEATURES, RANKING_WEIGHTS, Answerer  # noqa: E402
from bot.config import DEFAULT_CORPUS_DIR  # noqa: E402
from bot.evaluate import load_questions  # noqa: E402
from fit_abstention import SHARED, cnil_corpus  # noqa: E402

FOLDS = 5
L2 = 1.0
Rows = list[tuple[str, np.ndarray, np.ndarray, tuple]]  # set, candidates' features, gold labels, the gold itself


def rows(answerer: Answerer, path: Path, name: str) -> Rows:
    """(set, features of the candidates, gold labels, gold paragraphs) for each answerable question of a file."""
    keys = [(p.article.id, p.paragraph) for p in answerer.index.passages]
    found: Rows = []
    for item in load_questions(path):
        if not item.answerable:
            continue
        ranked = answerer.rank(answerer.parse(item.question), answerer.semantic)
        if ranked.features is None or not len(ranked.candidates):
            continue
        labels = np.array([keys[i] in item.gold for i in ranked.candidates], dtype=float)
        found.append((name, ranked.features, labels, tuple(sorted(item.gold))))
    return found


def first_is_gold(data: Rows, weights: np.ndarray) -> float:
    """Share of questions whose best-scored candidate is a gold passage."""
    return float(np.mean([labels[np.argmax(features @ weights)] for _, features, labels, _ in data]))


def main() -> None:
    cnil = Answerer.from_corpus_dir(cnil_corpus(), semantic="on")
    data = rows(cnil, SHARED / "cnil" / "questions-dev.jsonl", "cnil-fr")
    data += rows(cnil, ROOT / "tests" / "questions" / "cnil-en-dev.jsonl", "cnil-en")
    seeds = rows(Answerer.from_corpus_dir(DEFAULT_CORPUS_DIR, semantic="on"),
                 ROOT / "tests" / "questions" / "seeds-dev.jsonl", "seeds")
    # By answer: a French question and its English translation (or two wordings of one question) share their gold
    # and fall in one fold, so that neither is scored by weights fitted on the other.
    answers = {gold: n for n, gold in enumerate(sorted({d[3] for d in data}))}
    fold = np.array([answers[d[3]] % FOLDS for d in data])
    crossed = np.zeros(len(data))
    for f in range(FOLDS):
        train = [d for d, k in zip(data, fold) if k != f]
        weights, _ = fit_logistic(np.vstack([d[1] for d in train]), np.concatenate([d[2] for d in train]), l2=L2)
        for n in np.flatnonzero(fold == f):
            crossed[n] = data[n][2][np.argmax(data[n][1] @ weights)]
    weights, _ = fit_logistic(np.vstack([d[1] for d in data]), np.concatenate([d[2] for d in data]), l2=L2)
    print("| set | questions | first is gold, shipped weights | cross-validated fit | fit on all |")
    print("|---|---|---|---|---|")
    for name in ("cnil-fr", "cnil-en"):
        chosen = [n for n, d in enumerate(data) if d[0] == name]
        subset = [data[n] for n in chosen]
        print(f"| {name} | {len(subset)} | {first_is_gold(subset, RANKING_WEIGHTS):.1%} | "
              f"{np.mean(crossed[chosen]):.1%} | {first_is_gold(subset, weights):.1%} |")
    print(f"| seeds (not fitted on) | {len(seeds)} | {first_is_gold(seeds, RANKING_WEIGHTS):.1%} | – | "
          f"{first_is_gold(seeds, weights):.1%} |")
    print("\nRANKING_WEIGHTS = np.array([" + ", ".join(f"{w:.2f}" for w in weights) + "])  # "
          + ", ".join(RANKING_FEATURES))


if __name__ == "__main__":
    main()
