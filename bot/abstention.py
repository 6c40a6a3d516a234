"""Whether the best passage answers the question: a small logistic model over signals of the ranking.

No single signal holds on a corpus the bot was not shaped on: the share of the question's words a passage holds
cannot tell "answered" from "same words, another entry", and the semantic similarity of unanswerable questions
overlaps that of answered ones. Together they separate better. The model is fitted by `scripts/fit_abstention.py`
on development questions that include unanswerable ones (made by removing the article that answers) and saved in
`bot/data/abstention.json`: one set of weights for answers with the semantic layer, one for BM25 alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields
from importlib import resources
from typing import Sequence

import numpy as np

MODEL_FILE = "abstention.json"


@dataclass(frozen=True)
class Signals:
    """What the ranking says about its best passage, each scale-free so it holds as the corpus grows."""

    coverage: float            # share of the question's word weight the passage holds (0–1)
    # Share of the question's word weight carried by words the corpus never uses, and whether it names something
    # (a capitalised word, an acronym) the corpus lacks; apart for English questions, whose words may simply have
    # no bridge to French, where a French word the corpus lacks says more.
    unknown_share: float
    unknown_name: float
    unknown_share_english: float
    unknown_name_english: float
    lexical_margin: float      # (first − second BM25 score) / first, among the passages ranked (−1–1)
    # 1 when a "when/why/how many…" question finds what it asks for in the passage, in a sentence about the question
    # (holding one of its words, or right after one that does)
    kind_match: float
    # 1 when a question asking for a date, a number, a duration, an end, or the name of a noun it says (« le nom du
    # logiciel ») finds none in the passage: those are read reliably, unlike a reason or a place, so their absence
    # says the passage is about the subject, not the answer.
    kind_missing: float
    english: float             # 1 for a question in English (its words reach the text through a lexicon)
    words: float               # how many content words the question has, log-scaled
    # Whether the passage's form meets the question's: a yes/no question ("puis-je…") whose passage opens with yes
    # or no, one whose passage does not (weighted by the share of its outlet's passages that open so: in an FAQ
    # that answers "Oui. …" it says much, in news articles, where none does, nothing), an open question ("qui
    # peut…") whose passage opens with yes or no.
    opens_yes_no_to_yes_no: float = 0.0
    lacks_yes_no_to_yes_no: float = 0.0
    opens_yes_no_to_open: float = 0.0
    similarity: float = 0.0    # semantic cosine of question and passage
    similarity_margin: float = 0.0  # its lead over the next most similar passage
    agreement: float = 0.0     # 1 when BM25 and the semantic layer put the same passage first

    LEXICAL = ("coverage", "unknown_share", "unknown_name", "unknown_share_english", "unknown_name_english",
               "lexical_margin", "kind_match", "kind_missing", "english", "words", "opens_yes_no_to_yes_no",
               "lacks_yes_no_to_yes_no", "opens_yes_no_to_open")
    SEMANTIC = LEXICAL + ("similarity", "similarity_margin", "agreement")

    def vector(self, names: Sequence[str]) -> np.ndarray:
        """The named signals as a vector, in that order."""
        values = asdict(self)
        return np.array([values[name] for name in names], dtype=float)

    def to_json(self) -> dict[str, float]:
        """Plain data for JSON output."""
        return {f.name: round(getattr(self, f.name), 4) for f in fields(self)}


@dataclass(frozen=True)
class Model:
    """Logistic regression over standardised signals, and the probability above which the bot answers."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, signals: Signals) -> float:
        """How likely the best passage answers the question (0–1)."""
        x = (signals.vector(self.names) - np.array(self.mean)) / np.array(self.scale)
        z = float(x @ np.array(self.weights)) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def answers(self, signals: Signals) -> bool:
        """Whether the bot should give the best passage as the answer."""
        return self.probability(signals) >= self.threshold

    def to_json(self) -> dict:
        """Plain data for the model file."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        """Read one model of the model file."""
        return cls(tuple(data["names"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
                   float(data["intercept"]), float(data["threshold"]))


@dataclass(frozen=True)
class Abstention:
    """The two fitted models: with the semantic layer's signals, and BM25's alone."""

    semantic: Model
    lexical: Model

    def model(self, with_semantic: bool) -> Model:
        """The model for the signals at hand."""
        return self.semantic if with_semantic else self.lexical

    @classmethod
    def load(cls) -> "Abstention":
        """The models shipped with the package."""
        data = json.loads(resources.files("bot.data").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
        return cls(Model.from_json(data["semantic"]), Model.from_json(data["lexical"]))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, sample_weight: np.ndarray | None = None,
                 iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weights and intercept of an L2-regularised logistic regression, by Newton's method (x already scaled)."""
    n, d = x.shape
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    design = np.hstack([x, np.ones((n, 1))])
    beta = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -40, 40)))
        gradient = design.T @ (s * (p - y)) + penalty * beta
        hessian = design.T @ (design * (s * p * (1 - p))[:, None]) + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta[:-1], float(beta[-1])
