"""The corpus: the shipped articles are clean, and every malformed file is refused naming the file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import CorpusError, check_corpus, load_corpus

from .conftest import CORPUS_DIR

GOOD = """---
id: "900"
outlet: Le Journal
title: "Un titre"
date: "2020-06-11"
language: fr
url: "https://example.org/a"
---
Premier paragraphe.

## Un intertitre

Second paragraphe
sur deux lignes.
"""


def write(tmp_path: Path, text: str, name: str = "900-a.md") -> Path:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_shipped_corpus_has_the_five_articles_with_metadata() -> None:
    articles = load_corpus(CORPUS_DIR)
    assert [a.id for a in articles] == ["000", "001", "002", "003", "004"]
    for article in articles:
        assert article.outlet and article.title and article.date_basis
        assert article.seed.startswith(article.id + "_")


@pytest.mark.parametrize("noise", ["Mondial Relay", "ChatGPT", "Commentaires (", "Ping :", "wpedon",
                                   "Laisser un commentaire", "Signaler une erreur", "faux-cul", "Quelle est votre opinion"])
def test_shipped_corpus_holds_no_sidebar_comment_or_donation_text(noise: str) -> None:
    text = "\n".join(p for a in load_corpus(CORPUS_DIR) for p in a.paragraphs)
    assert noise not in text


def test_run_together_sentences_of_the_scrape_are_separate_paragraphs() -> None:
    article = {a.id: a for a in load_corpus(CORPUS_DIR)}["001"]
    assert not any("écrit-il.Ces" in p or "innocentes.Le" in p for p in article.paragraphs)
    assert len(article.paragraphs) >= 6


def test_good_file_loads_with_paragraphs_and_without_headings(tmp_path: Path) -> None:
    (article,) = load_corpus(write(tmp_path, GOOD))
    assert article.paragraphs == ("Premier paragraphe.", "Second paragraphe sur deux lignes.")
    assert article.citation() == {"id": "900", "outlet": "Le Journal", "title": "Un titre", "date": "2020-06-11",
                                  "url": "https://example.org/a", "language": "fr"}


@pytest.mark.parametrize("change, expected", [
    (lambda t: t.replace("---\nid", "id", 1), "no front matter"),
    (lambda t: t.replace('title: "Un titre"', 'title: "Un titre'), "not valid YAML"),
    (lambda t: t.replace('outlet: Le Journal\n', ""), "missing field 'outlet'"),
    (lambda t: t.replace('title: "Un titre"\n', ""), "missing field 'title'"),
    (lambda t: t.replace('date: "2020-06-11"\n', ""), "missing field 'date'"),
    (lambda t: t.replace('language: fr\n', ""), "missing field 'language'"),
    (lambda t: t.replace('id: "900"\n', ""), "missing field 'id'"),
    (lambda t: t.replace('"2020-06-11"', '"11/06/2020"'), "field 'date' must be"),
    (lambda t: t.replace('"2020-06-11"', '"2020-02-30"'), "field 'date' is not a real date"),
    (lambda t: t.replace('id: "900"', 'id: "9 00"'), "field 'id'"),
    (lambda t: t.replace("language: fr", "language: french"), "field 'language'"),
    (lambda t: t.replace('"https://example.org/a"', '"example.org"'), "field 'url'"),
    (lambda t: t.replace("outlet: Le Journal", "outlet: [a, b]"), "field 'outlet' must be text"),
    (lambda t: t.split("---\nPremier")[0] + "---\n\n", "no text"),
])
def test_malformed_file_is_refused_naming_file_and_problem(tmp_path: Path, change, expected: str) -> None:
    folder = write(tmp_path, change(GOOD))
    with pytest.raises(CorpusError) as error:
        load_corpus(folder)
    assert "900-a.md" in str(error.value) and expected in str(error.value)


def test_duplicate_id_is_refused_naming_both_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "900-a.md")
    write(tmp_path, GOOD, "901-b.md")
    with pytest.raises(CorpusError, match=r"901-b\.md: field 'id' '900' is already used by 900-a\.md"):
        load_corpus(tmp_path)


def test_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "900-a.md").write_bytes(GOOD.encode("latin-1").replace(b"Premier", b"Pr\xe9mier"))
    with pytest.raises(CorpusError, match="900-a.md: not UTF-8"):
        load_corpus(tmp_path)


def test_check_reports_every_problem_at_once(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("language: fr\n", ""), "900-a.md")
    write(tmp_path, GOOD.replace('"2020-06-11"', '"juin"').replace('"900"', '"901"'), "901-b.md")
    articles, problems = check_corpus(tmp_path)
    assert articles == [] and len(problems) == 2


def test_missing_or_empty_corpus_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus folder not found"):
        load_corpus(tmp_path / "nowhere")
    (tmp_path / "articles").mkdir()
    with pytest.raises(CorpusError, match="no article files"):
        load_corpus(tmp_path)
