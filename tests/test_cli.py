"""The command line as a user or a script runs it: `python -m bot …` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS_DIR, ROOT


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


def test_a_text_two_articles_share_is_shown_once_with_both_sources(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR / "articles", corpus / "articles")
    source = next((corpus / "articles").glob("004-*.md"))
    text = source.read_text(encoding="utf-8")
    (corpus / "articles" / "900-copy.md").write_text(
        text.replace(text.split("\n")[1], "id: '900'", 1).replace("NewZilla.NET", "Wire Copy", 1), encoding="utf-8")
    result = run("ask", "Combien d'ONG ont signé la lettre ?", env_corpus=str(corpus))
    assert result.returncode == 0, result.stderr
    assert "NewZilla.NET" in result.stdout and "Wire Copy" in result.stdout and "Also in — " in result.stdout
    # The copy is cited beside the original, never offered as another passage of its own.
    assert not [line for line in result.stdout.splitlines() if line.startswith("- ") and "also in" not in line]


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
    (("corpus", "add", "x.txt", "--max-size", "0"), "--max-size must be a number of megabytes"),
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


# --- Whatever the arguments, the article text or the reader at the other end of the pipe (issue 12) ---

def run_bytes(*args: str | bytes, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, timeout=120,
                          env=dict(os.environ, **(env or {})))


@pytest.mark.parametrize("env", [{}, {"PYTHONIOENCODING": "utf-8"}], ids=["locale", "strict-utf8"])
def test_invalid_utf8_in_the_question_is_replaced_never_a_traceback(env: dict) -> None:
    result = run_bytes("ask", "--json", b"when did Amazon pause Rekognition \xff\xfe?", env=env)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-400:]
    data = json.loads(result.stdout.decode("utf-8"))  # strict: the output is valid UTF-8
    assert data["question"] == "when did Amazon pause Rekognition \ufffd\ufffd?" and data["answered"]
    plain = run_bytes("ask", b"Amazon \xed\xa0\x80 Rekognition", env=env)  # an encoded lone surrogate
    assert plain.returncode == 0 and b"Traceback" not in plain.stderr
    plain.stdout.decode("utf-8")


@pytest.mark.parametrize("args", [("sources",), ("sources", "--json"), ("ask", "Amazon"), ("timeline",)])
def test_a_closed_pipe_ends_quietly(args: tuple[str, ...]) -> None:
    # As `python -m bot sources | head -1` when head has gone: the output has no reader left.
    process = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, 141) and stderr == b"", stderr.decode(errors="replace")[-400:]


ESCAPES = "\x1b[2J\x1b[31m\x1b]0;pwned\x07\x9b2J\u202e"
YAML_ESCAPES = json.dumps(ESCAPES)[1:-1]  # YAML's double-quoted strings read JSON's escapes


@pytest.fixture
def escaped_corpus(tmp_path: Path) -> Path:
    """A hand-written article file full of terminal escape sequences (ingestion strips them; a hand can add them)."""
    shutil.copytree(CORPUS_DIR, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".index"))
    (tmp_path / "articles" / "900-x.md").write_text(
        f'---\nid: "900"\noutlet: "Agence{YAML_ESCAPES}"\ntitle: "Titre{YAML_ESCAPES}"\ndate: "2020-06-11"\nlanguage: fr\n---\n'
        f"Le 10 juin, la police{ESCAPES} de Lyon a suspendu ses caméras de reconnaissance faciale.\n",
        encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("args", [("ask", "Quand la police de Lyon a-t-elle suspendu ses caméras ?"),
                                  ("ask", "--json", "Quand la police de Lyon a-t-elle suspendu ses caméras ?"),
                                  ("sources",), ("sources", "--json"), ("timeline",), ("timeline", "--json")])
def test_terminal_escapes_in_an_article_never_reach_the_terminal(escaped_corpus: Path, args: tuple[str, ...]) -> None:
    result = run(*args, env_corpus=str(escaped_corpus))
    assert result.returncode == 0, result.stderr
    assert "Agence" in result.stdout
    raw = [c for c in result.stdout if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f
           or 0x202a <= ord(c) <= 0x202e]
    assert raw == []
    if "--json" in args:  # JSON keeps the data, escaped
        assert "\\u001b[31m" in result.stdout and "\\u009b" in result.stdout
