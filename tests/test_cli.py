"""The command line as a user or a script runs it: `python -m bot …` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def run(*args: str, cwd: Path = ROOT, env_corpus: str | None = None) -> subprocess.CompletedProcess:
    env = None
    if env_corpus is not None:
        import os

        env = dict(os.environ, CORPUS_DIR=env_corpus)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


def test_ask_json_contract() -> None:
    result = run("ask", "--json", "--k", "4", "when did Amazon pause Rekognition?")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["question"] == "when did Amazon pause Rekognition?" and data["answered"] is True
    assert len(data["passages"]) == 4
    first = data["passages"][0]
    assert {"text", "score", "highlight", "article"} <= set(first)
    assert set(first["article"]) == {"id", "outlet", "title", "date", "url", "language"}
    assert first["highlight"] in first["text"]
    assert first["date"]["iso"] == "2020-06-10"
    assert all(p["score"] > 0 for p in data["passages"])


def test_ask_plain_output_marks_the_sentence_and_cites() -> None:
    result = run("ask", "Combien d'ONG ont signé la lettre ?")
    assert result.returncode == 0
    assert "NewZilla.NET" in result.stdout and ">>> " in result.stdout


def test_no_answer_exits_zero_and_says_so() -> None:
    result = run("ask", "--json", "Who won the Tour de France?")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["answered"] is False and data["message"] == "The coverage does not answer this."


@pytest.mark.parametrize("args, message", [
    (("ask", ""), "the question is empty"),
    (("ask", "?!?"), "no word to search for"),
    (("ask", "x" * 10_000), "too long"),
    (("ask", "--k", "0", "Amazon"), "between 1 and"),
    (("ask", "--k", "deux", "Amazon"), "invalid int value"),
    (("ask",), "required"),
    (("frobnicate",), "invalid choice"),
])
def test_usage_errors_exit_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_corpus_names_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "x.md").write_text('---\nid: "x"\noutlet: O\ntitle: T\nlanguage: fr\n---\nTexte.\n')
    result = run("ask", "Amazon", env_corpus=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == "error: x.md: missing field 'date'"


def test_sources_lists_every_article_with_metadata() -> None:
    result = run("sources", "--json")
    assert result.returncode == 0
    articles = json.loads(result.stdout)["articles"]
    assert [a["id"] for a in articles] == ["000", "001", "002", "003", "004"]
    assert all(a["outlet"] and a["title"] and a["date"] for a in articles)
    plain = run("sources")
    assert plain.returncode == 0 and len(plain.stdout.strip().splitlines()) == 5
