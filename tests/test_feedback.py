"""Feedback and declined questions: counted per question in SQLite under DATA_DIR, no user recorded, reported most
frequent first by `python -m bot feedback`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot import cli
from bot.feedback import FeedbackError, FeedbackStore, question_key


def test_declined_questions_are_counted_per_question_most_asked_first(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    store.record_declined("Who won the Tour de France?", "", 11)
    store.record_declined("who won the tour de france", "", 22)
    store.record_declined("Who won the Tour de France ?", "", 11)
    store.record_declined("Quel temps fera-t-il ?", "Un passage proche.", None)
    report = store.report()
    assert [(d.count, d.servers) for d in report.declined] == [(3, 2), (1, 1)]
    assert report.declined[0].question.casefold().startswith("who won the tour de france")
    assert report.declined[1].closest == "Un passage proche."


def test_answers_marked_wrong_most_first_with_their_helpful_votes(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    for helpful in (False, False, True):
        store.record_vote("When did Amazon pause Rekognition?", "Amazon a suspendu…", "002", 1, helpful)
    store.record_vote("Who is Brad Smith?", "Brad Smith est…", "001", 1, False)
    store.record_vote("Who is Arvind Krishna?", "Krishna…", "000", 1, True)  # only helpful: not listed
    wrong = store.report().marked_wrong
    assert [(m.question, m.wrong, m.helpful, m.article) for m in wrong] == [
        ("When did Amazon pause Rekognition?", 2, 1, "002"), ("Who is Brad Smith?", 1, 0, "001")]


def test_no_user_is_ever_stored(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path)
    store.record_declined("q", "", 1)
    store.record_vote("q", "p", "a", 1, True)
    with sqlite3.connect(store.path) as connection:
        columns = {row[1] for table in ("declined", "votes")
                   for row in connection.execute(f"PRAGMA table_info({table})")}
    assert not any("user" in c or "author" in c or "member" in c for c in columns)


def test_question_key_ignores_case_spacing_and_final_punctuation() -> None:
    assert question_key("  Who  won?! ") == question_key("who won") == "who won"


def test_an_unwritable_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(FeedbackError, match="cannot open the feedback file"):
        FeedbackStore(tmp_path / "file" / "data").record_declined("q", "", None)


def test_the_feedback_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["feedback"]) == 0
    assert capsys.readouterr().out.startswith("No feedback yet")
    store = FeedbackStore(tmp_path / "data")
    store.record_declined("Who won the Tour de France?", "", 1)
    store.record_vote("When did Amazon pause Rekognition?", "Amazon a suspendu…", "002", 1, False)
    assert cli.main(["feedback"]) == 0
    out = capsys.readouterr().out
    assert "Questions the coverage could not answer" in out and "    1  Who won the Tour de France?" in out
    assert "1 wrong, 0 helpful  When did Amazon pause Rekognition?" in out and "(article 002)" in out
    assert cli.main(["feedback", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["declined"][0]["question"] == "Who won the Tour de France?" and data["declined"][0]["count"] == 1
    assert data["marked_wrong"][0]["wrong"] == 1
