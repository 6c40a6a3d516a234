"""One article cannot take the others down: a failure in its own analysis (its dates) stays with it (issue 12)."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import reading, search
from bot.answer import Answerer
from bot.corpus import Article, load_corpus
from bot.reading import analysis_problem
from bot.search import SearchIndex
from bot.timeline import build_timeline, events_to_json, load_entities

from .conftest import CORPUS_DIR, ROOT

EVAL = ROOT.parent / "shared" / "eval" / "questions.json"
QUESTIONS = ["when did Amazon pause Rekognition?", "Combien d'ONG ont signé la lettre ?",
             "Why did Microsoft refuse to sell its technology to the police?", "Who won the Tour de France?",
             "Qui a écrit aux géants du numérique en janvier 2019 ?", "Quand IBM a-t-il renoncé à la reconnaissance faciale ?"]
if EVAL.exists():
    acceptance = json.loads(EVAL.read_text(encoding="utf-8"))
    QUESTIONS = list(dict.fromkeys(QUESTIONS + [item["q"] for item in acceptance["questions"]] + acceptance["none"]))

POISON = ("Le dirigeable de Grenoble\n\n"
          "Le dirigeable municipal de Grenoble a été inauguré il y a 99999999 jours, selon la mairie.\n\n"
          "La fanfare de Grenoble joue depuis il y a 3000 ans et le carillon sonne il y a 100000 mois.\n")


def outcome(answerer: Answerer, question: str) -> tuple:
    """Whether the question is answered, and by which passage (a declined question's closest passages may change
    with any new article: only the decision counts)."""
    answer = answerer.ask(question)
    return answer.answered, [(h.passage.article.id, h.passage.text) for h in answer.hits[:1] if answer.answered]


def test_an_article_with_poison_dates_is_added_named_and_every_other_question_answered_as_before(
        answerer: Answerer, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns(".index"))
    (tmp_path / "grenoble.txt").write_text(POISON, encoding="utf-8")
    command = lambda *a: subprocess.run([sys.executable, "-m", "bot", *a], cwd=ROOT, capture_output=True, text=True,
                                        timeout=120, env={"CORPUS_DIR": str(corpus), "PATH": "/usr/bin:/bin"})
    added = command("corpus", "add", str(tmp_path / "grenoble.txt"), "--outlet", "Le Dauphiné Test", "--date",
                    "2020-06-12")
    assert added.returncode == 0 and "added grenoble.txt as 005" in added.stdout, added.stdout + added.stderr
    checked = command("corpus", "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert checked.stdout.startswith("005-le-dauphine-test-le-dirigeable-de-grenoble.md: ")

    with caplog.at_level(logging.WARNING):
        poisoned = Answerer.from_corpus_dir(corpus)
        for question in QUESTIONS:
            assert outcome(poisoned, question) == outcome(answerer, question), question
        # The article itself is still searched, "when" questions included (its dates are what it cannot give).
        answer = poisoned.ask("Quand le dirigeable municipal de Grenoble a-t-il été inauguré ?")
        assert answer.answered and answer.hits[0].passage.article.id == "005"
        events = build_timeline(load_corpus(corpus), load_entities(corpus))
    assert any("005-le-dauphine-test" in r.getMessage() for r in caplog.records)
    before = events_to_json(build_timeline(load_corpus(CORPUS_DIR), load_entities(CORPUS_DIR)))
    assert [e for e in events_to_json(events)["events"] if all(s["id"] != "005" for s in e["sources"])] == \
        before["events"]
    timeline = command("timeline", "--json")
    assert timeline.returncode == 0 and json.loads(timeline.stdout)["events"], timeline.stderr[-500:]


def article(id: str, *paragraphs: str) -> Article:
    return Article(id=id, outlet=f"Outlet {id}", title=f"Titre {id}", date="2020-06-11", language="fr",
                   paragraphs=paragraphs, path=Path(f"{id}-outlet.md"))


def test_any_failure_reading_one_articles_dates_is_logged_once_and_contained(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    reader = reading.dates_and_out_of_range

    def failing(text, published):  # whatever the date reader may one day raise on
        if "PIÈGE" in text:
            raise RuntimeError("boom")
        return reader(text, published)

    monkeypatch.setattr(reading, "dates_and_out_of_range", failing)
    articles = [article("901", "Le 10 juin, IBM a renoncé à la reconnaissance faciale."),
                article("902", "PIÈGE: le 12 juin, le zeppelin a survolé Lyon.", "PIÈGE encore, le 13 juin.")]
    with caplog.at_level(logging.WARNING):
        index = SearchIndex.build(articles)
        events = build_timeline(articles, load_entities(CORPUS_DIR))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["902-outlet.md: its dates cannot be read (RuntimeError: boom); it is searched without them"]
    assert [e.reports[0].article.id for e in events] == ["901"]
    assert "zeppelin" in " ".join(search.passage_terms(index.passages[1]))
    assert analysis_problem(articles[0]) is None and "902-outlet.md" in analysis_problem(articles[1])
