"""The shared acceptance set (../shared/eval/questions.json): every question answered from the right article
with a gold phrase in the first passage, every unanswerable one declined. Same criteria as score.py."""

from __future__ import annotations

import json
import sys

import pytest

from bot.answer import Answerer

from .conftest import ROOT

EVAL_DIR = ROOT.parent / "shared" / "eval"
if not (EVAL_DIR / "questions.json").exists():
    pytest.skip("../shared/eval is not beside the project", allow_module_level=True)
sys.path.insert(0, str(EVAL_DIR))
from score import seed_of  # noqa: E402
from norm import norm  # noqa: E402

ACCEPTANCE = json.loads((EVAL_DIR / "questions.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("item", ACCEPTANCE["questions"], ids=lambda item: item["q"])
def test_question_is_answered_from_the_gold_passage(answerer: Answerer, item: dict) -> None:
    answer = answerer.ask(item["q"])
    assert answer.answered, f"declined (coverage {answer.coverage:.2f})"
    top = answer.hits[0].passage.text
    assert any(seed_of(top) == seed and norm(phrase) in norm(top) for seed, phrase in item["gold"]), top


@pytest.mark.parametrize("question", ACCEPTANCE["none"])
def test_unanswerable_question_is_declined(answerer: Answerer, question: str) -> None:
    assert not answerer.ask(question).answered
