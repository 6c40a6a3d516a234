"""`python -m bot eval`: a self-hoster measures the answers on their own questions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answer import Answerer
from bot.evaluate import EvalError, EvalQuestion, Metrics, Outcome, Removal, load_questions, resolve_gold, run_bot

from bot.analysis import fold

from .conftest import CORPUS_DIR, ROOT

SEED_QUESTIONS = ROOT / "tests" / "questions" / "seeds-dev.jsonl"


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_questions_are_read_with_their_gold_or_as_unanswerable(tmp_path: Path) -> None:
    path = write(tmp_path, '{"question": "Quand ?", "gold": [["002", 1], ["001", 6]]}', "",
                 '{"question": "Qui ?", "answerable": false}')
    first, second = load_questions(path)
    assert first.gold == {("002", 1), ("001", 6)} and first.answerable
    assert not second.answerable


@pytest.mark.parametrize("line, message", [
    ("not json", "line 1: not a JSON object"),
    ('{"gold": [["a", 0]]}', "line 1: expected"),
    ('{"question": "Q", "gold": [["a"]]}', "'gold' must be"),
    ('{"question": "Q"}', "'gold' must be"),
])
def test_a_malformed_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(EvalError, match=message):
        load_questions(write(tmp_path, line))


def test_a_gold_paragraph_missing_from_the_corpus_is_refused(answerer: Answerer) -> None:
    with pytest.raises(EvalError, match="no such paragraph"):
        resolve_gold([EvalQuestion("Q", frozenset({("002", 99)}))], answerer.articles)
    with pytest.raises(EvalError, match="no such article"):
        resolve_gold([EvalQuestion("Q", frozenset({("zzz", 0)}))], answerer.articles)


def test_a_phrase_gold_becomes_the_paragraphs_of_its_article_that_hold_it(tmp_path: Path,
                                                                         answerer: Answerer) -> None:
    path = write(tmp_path, '{"question": "Quand ?", "gold": [["002", "10  JUIN"], ["001", 0]]}')
    (question,), notes = resolve_gold(load_questions(path), answerer.articles)
    article = next(a for a in answerer.articles if a.id == "002")
    phrased = {key for key in question.gold if key[0] == "002"}
    assert phrased and ("001", 0) in question.gold
    assert all("10 juin" in fold(article.paragraphs[n]) for _, n in phrased)
    assert len(phrased) == sum("10 juin" in fold(text) for text in article.paragraphs) and notes == []


def test_a_phrase_alternative_no_paragraph_holds_is_noted_while_the_others_count(tmp_path: Path,
                                                                                 answerer: Answerer) -> None:
    path = write(tmp_path, '{"question": "Quand ?", "gold": [["002", "10 juin"], ["002", "licornes violettes"]]}')
    (question,), notes = resolve_gold(load_questions(path), answerer.articles)
    assert question.gold and len(notes) == 1 and "licornes violettes" in notes[0] and "Quand ?" in notes[0]


def test_a_phrase_the_corpus_lacks_is_refused_with_the_phrase_named(tmp_path: Path, answerer: Answerer) -> None:
    path = write(tmp_path, '{"question": "Q", "gold": [["002", "licornes violettes"]]}')
    with pytest.raises(EvalError, match="'licornes violettes'.*no paragraph of the corpus holds"):
        resolve_gold(load_questions(path), answerer.articles)
    path = write(tmp_path, '{"question": "Q", "gold": [["zzz", "10 juin"]]}')
    with pytest.raises(EvalError, match="'zzz'.*no such article"):
        resolve_gold(load_questions(path), answerer.articles)


def test_the_acceptance_set_object_is_read_with_its_none_list_as_unanswerable(tmp_path: Path) -> None:
    path = tmp_path / "questions.json"
    path.write_text(json.dumps({"about": "x", "questions": [{"q": "when?", "gold": [["002", "10 juin"]]}],
                                "none": ["What happened to Mondial Relay?"], "timeline": []}), encoding="utf-8")
    answerable, unanswerable = load_questions(path)
    assert answerable.question == "when?" and answerable.phrases == {("002", "10 juin")} and answerable.answerable
    assert unanswerable.question == "What happened to Mondial Relay?" and not unanswerable.answerable


@pytest.mark.parametrize("data, message", [
    ({"questions": {"q": "x"}}, "'questions' and 'none' must be lists"),
    ({"questions": [{"gold": [["002", "x"]]}]}, "question 1: expected"),
    ({"questions": [{"q": "x", "gold": [["002", ""]]}]}, "question 1: 'gold' must be"),
    ({"questions": [{"q": "x", "gold": [["002", 0]]}], "none": [3]}, "'none' item 1: expected a question"),
])
def test_a_malformed_acceptance_object_is_named(tmp_path: Path, data: dict, message: str) -> None:
    path = tmp_path / "questions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        load_questions(path)


def test_metrics_count_a_hit_only_when_the_question_is_answered() -> None:
    outcomes = [Outcome(True, True, 1, 0.01), Outcome(True, True, 3, 0.02), Outcome(True, False, 1, 0.01),
                Outcome(True, True, None, 0.01), Outcome(False, False, None, 0.01), Outcome(False, True, None, 0.03)]
    metrics = Metrics.of(outcomes)
    assert metrics.hit1 == pytest.approx(1 / 4) and metrics.hit5 == pytest.approx(2 / 4)
    assert metrics.mrr5 == pytest.approx((1 + 1 / 3) / 4)
    assert metrics.answered == pytest.approx(3 / 4) and metrics.right_when_answered == pytest.approx(1 / 3)
    assert metrics.declined_unanswerable == pytest.approx(1 / 2) and metrics.declined_answerable == pytest.approx(1 / 4)


def test_the_bot_finds_its_own_seed_questions(answerer: Answerer) -> None:
    questions = load_questions(SEED_QUESTIONS)
    metrics = Metrics.of(run_bot(answerer, questions))
    assert metrics.hit5 >= 0.8 and metrics.declined_unanswerable >= 0.6


@pytest.mark.parametrize("name", ["seeds-dev.jsonl", "seeds-fresh.jsonl"])
def test_the_shipped_seed_question_sets_point_at_paragraphs_that_exist(answerer: Answerer, name: str) -> None:
    questions = load_questions(ROOT / "tests" / "questions" / name)
    resolve_gold(questions, answerer.articles)  # raises, naming the question, when the corpus's paragraphs moved
    assert any(q.answerable for q in questions) and any(not q.answerable for q in questions)


def test_removing_the_gold_article_leaves_the_rest_searchable(answerer: Answerer) -> None:
    without = Removal(answerer).without(["004"])
    assert {a.id for a in without.articles} == {a.id for a in answerer.articles} - {"004"}
    assert all(h.passage.article.id != "004" for h in without.ask("Combien d'ONG ont signé la lettre ?").hits)
    assert without.ask("when did Amazon pause Rekognition?").answered


def test_eval_command_prints_the_table_beside_plain_rank_bm25() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "eval", str(SEED_QUESTIONS), "--corpus", str(CORPUS_DIR)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "| hit@1 |" in result.stdout and "plain rank-bm25" in result.stdout and "declined, unanswerable" in result.stdout


def test_eval_json_and_a_bad_file_give_one_line(tmp_path: Path) -> None:
    run = lambda *a: subprocess.run([sys.executable, "-m", "bot", "eval", *a], cwd=ROOT, capture_output=True,
                                    text=True, timeout=300)
    result = run(str(write(tmp_path, '{"question": "when did Amazon pause Rekognition?", "gold": [["002", 1]]}')),
                 "--json")
    data = json.loads(result.stdout)
    assert data["questions"] == 1 and {"hit1", "declined_answerable", "p50_ms"} <= set(data["bot"])
    bad = run(str(write(tmp_path, "{oops")))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "not a JSON object" in bad.stderr


def test_eval_command_reads_an_acceptance_shaped_file_with_phrase_golds(tmp_path: Path) -> None:
    path = tmp_path / "questions.json"
    path.write_text(json.dumps({"questions": [{"q": "when did Amazon pause Rekognition?",
                                               "gold": [["002", "10 juin"], ["001", "10 juin"]]}],
                                "none": ["What happened to Mondial Relay?"]}), encoding="utf-8")
    run = lambda: subprocess.run([sys.executable, "-m", "bot", "eval", str(path), "--json", "--corpus",
                                  str(CORPUS_DIR)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    data = json.loads(run().stdout)
    assert data["questions"] == 2 and data["bot"]["hit1"] == 1.0 and data["bot"]["declined_unanswerable"] == 1.0
    path.write_text(json.dumps({"questions": [{"q": "when?", "gold": [["002", "licornes violettes"]]}]}),
                    encoding="utf-8")
    bad = run()
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "licornes violettes" in bad.stderr


def test_eval_misses_lists_the_questions_got_wrong_and_what_came_first(tmp_path: Path) -> None:
    # The same question twice: once with its real gold (right, not listed), once with a paragraph that does not
    # answer it (listed with the paragraph put first); an unanswerable question declined is not listed.
    path = write(tmp_path, '{"question": "when did Amazon pause Rekognition?", "gold": [["002", "10 juin"], '
                           '["001", "10 juin"]]}',
                 '{"question": "Quand Amazon a-t-il suspendu Rekognition ?", "gold": [["004", 1]]}',
                 '{"question": "What happened to Mondial Relay?", "answerable": false}')
    run = lambda *a: subprocess.run([sys.executable, "-m", "bot", "eval", str(path), "--misses", *a, "--corpus",
                                     str(CORPUS_DIR)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    text = run().stdout
    assert "Missed (1 of 3):" in text and "Quand Amazon a-t-il suspendu Rekognition ?" in text
    assert "when did Amazon pause" not in text.split("Missed")[1] and "Mondial Relay" not in text
    (missed,) = json.loads(run("--json").stdout)["misses"]
    assert missed["question"].startswith("Quand Amazon") and missed["answered"] and missed["gold_rank"] != 1
    assert missed["first"][0] in {"001", "002"}


def test_a_missed_outcome_says_what_went_wrong() -> None:
    assert Outcome(True, False, 1, 0.0, "q", ("002", 1), 0.31).describe() == "declined (confidence 0.31; its gold first)"
    assert Outcome(True, True, 3, 0.0, "q", ("001", 4), 0.8).describe() == "gold at rank 3 (first: 001 ¶4)"
    assert "with its answer removed" in Outcome(False, True, None, 0.0, "q", ("001", 4), 0.8, removed=True).describe()
    assert not Outcome(True, True, 1, 0.0).missed and not Outcome(False, False, None, 0.0).missed
    assert Outcome(True, False, None, 0.0, "?").describe() == "declined (nothing found)"  # an unsearchable question
