"""Adding articles: each kind of file, metadata from the document, refusals, duplicates, folders, check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.corpus import load_corpus
from bot.ingest import add_articles, read_draft

from .conftest import CORPUS_DIR, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus", ignore=shutil.ignore_patterns(".index"))
    return tmp_path / "corpus"


def article(corpus: Path, article_id: str):
    return next(a for a in load_corpus(corpus) if a.id == article_id)


def test_html_main_text_and_metadata_are_extracted(corpus: Path) -> None:
    summary = add_articles([FIXTURES / "lemonde.html"], corpus)
    assert summary.added == [("lemonde.html", "005")] and not summary.refused
    added = article(corpus, "005")
    assert added.outlet == "Le Quotidien Test" and added.date == "2020-06-25"
    assert added.title == "Reconnaissance faciale : la ville de Boston l'interdit à sa police"
    assert added.url == "https://quotidien.example/tech/boston-reconnaissance-faciale"
    text = " ".join(added.paragraphs)
    assert "conseil municipal de Boston" in text
    assert "Mondial Relay" not in text and "Commentaire de Jean" not in text and "Accueil" not in text


def test_markdown_front_matter_and_heading_are_used(corpus: Path) -> None:
    add_articles([FIXTURES / "avec-front-matter.md"], corpus)
    added = article(corpus, "005")
    assert (added.outlet, added.title, added.date, added.url) == (
        "Le Blog Test", "Microsoft et la police", "2020-06-15", "https://blog.example/a")
    assert added.paragraphs[0].startswith("Microsoft confirme")


def test_plain_text_takes_its_first_line_as_title_and_options_for_the_rest(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("IBM quitte le marché\n\nIBM ne vendra plus de reconnaissance faciale.\n", encoding="utf-8")
    summary = add_articles([path], corpus, {"outlet": "Agence Test", "date": "2020-06-09", "url": "https://a.example/b"})
    assert summary.added == [("brief.txt", "005")]
    added = article(corpus, "005")
    assert added.title == "IBM quitte le marché" and added.language == "fr"
    assert "command line" in added.date_basis


def test_what_cannot_be_established_is_refused_with_the_reason(corpus: Path, tmp_path: Path) -> None:
    summary = add_articles([FIXTURES / "sans-date.md"], corpus)
    ((name, reason),) = summary.refused
    assert name == "sans-date.md" and "no date and no outlet" in reason and "--date" in reason
    bad = add_articles([FIXTURES / "sans-date.md"], corpus, {"outlet": "X", "date": "juin 2020"})
    assert "date" in bad.refused[0][1]
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    assert "unsupported file type .pdf" in add_articles([tmp_path / "x.pdf"], corpus).refused[0][1]
    assert len(load_corpus(corpus)) == 5


def test_the_same_article_is_not_added_twice(corpus: Path) -> None:
    first = add_articles([FIXTURES / "lemonde.html"], corpus)
    again = add_articles([FIXTURES / "lemonde.html"], corpus)
    assert first.added and again.present == [("lemonde.html", "005")] and not again.added
    files_before = sorted((corpus / "articles").iterdir())
    # A dirty re-scrape of an existing article (comments and all) is recognised by its text.
    seed = SEEDS / "000_c1cd39c41ffb0f6a.txt"
    if seed.exists():
        dup = add_articles([seed], corpus, {"outlet": "Next INpact", "date": "2020-06-11"})
        assert dup.present == [(seed.name, "000")]
    assert sorted((corpus / "articles").iterdir()) == files_before


def test_a_folder_is_added_with_a_summary(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("lemonde.html", "avec-front-matter.md", "sans-date.md"):
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(FIXTURES / "lemonde.html", folder / "copie.html")
    seen = []
    summary = add_articles([folder], corpus, progress=lambda done, total, name: seen.append((done, total)))
    assert len(summary.added) == 2 and len(summary.present) == 1 and len(summary.refused) == 1
    assert seen[-1] == (4, 4)
    assert summary.lines()[-1] == "2 added, 1 already present, 1 refused"
    assert len(load_corpus(corpus)) == 7


def test_an_existing_file_is_never_overwritten(corpus: Path) -> None:
    (corpus / "articles" / "005-le-quotidien-test-reconnaissance-faciale-la-ville-de-boston-l-i.md").write_text(
        "mine", encoding="utf-8")
    summary = add_articles([FIXTURES / "lemonde.html"], corpus)
    assert summary.added[0][1] == "006"


def test_cli_add_and_check(corpus: Path) -> None:
    env = {"CORPUS_DIR": str(corpus), "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "bot", "corpus", *a], cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=120)
    added = run("add", str(FIXTURES / "lemonde.html"))
    assert added.returncode == 0 and "added lemonde.html as 005" in added.stdout
    assert run("check").stdout.strip() == "6 articles OK"
    (corpus / "articles" / "900-bad.md").write_text("---\nid: '900'\n---\ntexte\n", encoding="utf-8")
    (corpus / "articles" / "901-bad.md").write_text("no front matter", encoding="utf-8")
    checked = run("check")
    assert checked.returncode == 1
    assert "900-bad.md: missing field 'outlet'" in checked.stdout and "901-bad.md: no front matter" in checked.stdout
    refused = run("add", str(FIXTURES / "sans-date.md"))
    assert refused.returncode == 1 and "refused sans-date.md" in refused.stdout


def test_read_draft_of_html_drops_a_repeated_headline() -> None:
    draft = read_draft(FIXTURES / "lemonde.html")
    assert draft.paragraphs[0].startswith("Le conseil municipal")
