"""The corpus: the shipped articles are clean, and every malformed file is refused naming the file and field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.corpus import CorpusError, check_corpus, load_corpus, parse_article

from .conftest import CORPUS_DIR, ROOT

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


# --- Hostile or unlucky article files: one line naming the file, never a traceback, never a hang (issue 12) ---

@pytest.mark.parametrize("value, expected", [
    ("2020-13-45", "field 'date' is not a real date: '2020-13-45'"),  # YAML's own timestamp constructor raises
    ("2020-02-30", "field 'date' is not a real date: '2020-02-30'"),
    ("[2020, 6]", "field 'date' must be"),
    ("{year: 2020}", "field 'date' must be"),
    ("true", "field 'date' must be"),
    ("2020.5", "field 'date' must be"),
    ("9" * 5000, "field 'date' must be"),  # past Python's int-from-text digit limit
])
def test_front_matter_date_of_any_yaml_type_is_one_line(tmp_path: Path, value: str, expected: str) -> None:
    folder = write(tmp_path, GOOD.replace('"2020-06-11"', value))
    with pytest.raises(CorpusError) as error:
        load_corpus(folder)
    assert str(error.value).startswith("900-a.md: ") and expected in str(error.value)


def test_an_unquoted_valid_date_still_loads(tmp_path: Path) -> None:
    (article,) = load_corpus(write(tmp_path, GOOD.replace('"2020-06-11"', "2020-06-11")))
    assert article.date == "2020-06-11"


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    # Nine levels of nine aliases: 9**9 strings if it were expanded (the 884-byte file took 3 GB).
    lines = ['a0: &a0 "lol"'] + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    bomb = GOOD.replace('title: "Un titre"', "\n".join(lines) + "\ntitle: *a9")
    with pytest.raises(CorpusError, match=r"900-a\.md: front matter uses aliases"):
        load_corpus(write(tmp_path, bomb))


@pytest.mark.parametrize("url", [
    "https://ok.example/a)**[PHISH](https://evil.example)",
    "https://ok.example/a b",
    "https://ok.example/<script>",
    "https://ok.example/a\x1b[31m",
    "https:///no-host",
    "https://ok.example:99999/a",
    "javascript://ok.example/%0aalert(1)",
    "https://ok.example/`code`",
])
def test_a_url_that_is_not_a_plain_web_link_is_refused(tmp_path: Path, url: str) -> None:
    text = GOOD.replace('url: "https://example.org/a"', f"url: {json.dumps(url)}")
    with pytest.raises(CorpusError, match=r"900-a\.md: field 'url'"):
        load_corpus(write(tmp_path, text))


@pytest.mark.parametrize("url", ["https://example.org/a", "http://example.org/wiki/Foo_%28bar%29?x=1&y=2#z",
                                 "https://www.example.org/~user/a-b_c.html", "https://exemple.fr:8443/a;b=c"])
def test_ordinary_web_links_are_accepted(tmp_path: Path, url: str) -> None:
    text = GOOD.replace('url: "https://example.org/a"', f"url: {json.dumps(url)}")
    (article,) = load_corpus(write(tmp_path, text))
    assert article.url == url


def test_an_article_file_that_is_not_a_regular_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    os.mkfifo(tmp_path / "articles" / "901-fifo.md")
    result: list = []
    worker = threading.Thread(target=lambda: result.append(check_corpus(tmp_path)), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # unblock the reader before failing
        with open(tmp_path / "articles" / "901-fifo.md", "w"):
            pass
        worker.join(5)
        pytest.fail("reading the corpus waited on a FIFO")
    articles, problems = result[0]
    assert [a.id for a in articles] == ["900"]
    assert problems == ["901-fifo.md: not a regular file"]


FRONT_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.dates().map(str) | st.from_regex(r"\A\d{4}-\d{1,2}-\d{1,2}\Z"),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6)
FIELDS = st.sampled_from(["id", "outlet", "title", "date", "language", "url", "seed", "date_basis",
                          "title_original", "other"])


@given(meta=st.dictionaries(FIELDS, FRONT_VALUES, max_size=10), body=st.text(max_size=200))
def test_any_front_matter_values_give_an_article_or_a_corpus_error(meta: dict, body: str) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    try:
        parse_article(text, Path("900-a.md"))
    except CorpusError as error:
        assert str(error).startswith("900-a.md: ") and "\n" not in str(error)


@given(front=st.text(max_size=300), body=st.text(max_size=100))
def test_any_front_matter_text_gives_an_article_or_a_corpus_error(front: str, body: str) -> None:
    try:
        parse_article(f"---\n{front}\n---\n{body}", Path("900-a.md"))
    except CorpusError as error:
        assert str(error).startswith("900-a.md: ")


def test_front_matter_nested_thousands_deep_is_refused_without_crashing(tmp_path: Path) -> None:
    # libyaml's composer recurses in C: 100,000 nested '[' crashed the whole process (segmentation fault).
    write(tmp_path, GOOD.replace('title: "Un titre"', "title: " + "[" * 100_000 + "]" * 100_000))
    result = subprocess.run([sys.executable, "-m", "bot", "corpus", "check"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env=dict(os.environ, CORPUS_DIR=str(tmp_path)))
    assert result.returncode == 1, result.stderr[-300:]
    assert "900-a.md: front matter nests lists or mappings more than 20 deep" in result.stdout


def _aged_copy(tmp_path: Path) -> Path:
    """A copy of the seed corpus whose files were last modified an hour ago."""
    import shutil
    import time

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns(".index"))
    for path in (corpus / "articles").glob("*.md"):
        os.utime(path, ns=(time.time_ns() - 3600 * 10**9,) * 2)
    return corpus


def test_unchanged_articles_are_taken_from_the_saved_parse_and_a_changed_one_is_read_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import corpus as corpus_module

    corpus = _aged_copy(tmp_path)
    first = load_corpus(corpus)
    read: list[str] = []
    reader = corpus_module.read_article
    monkeypatch.setattr(corpus_module, "read_article", lambda path: read.append(path.name) or reader(path))
    assert load_corpus(corpus) == first and read == []
    changed = sorted((corpus / "articles").glob("*.md"))[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Amazon", "AMAZON"), encoding="utf-8")
    again = load_corpus(corpus)
    assert read == [changed.name]
    assert "AMAZON" in " ".join(again[1].paragraphs) and again[0] == first[0]


def test_a_file_changed_just_before_the_parse_was_saved_is_read_again(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import corpus as corpus_module

    corpus = _aged_copy(tmp_path)
    recent = sorted((corpus / "articles").glob("*.md"))[0]
    os.utime(recent)  # modified now: the coarse clock of a file system might hide a second change
    load_corpus(corpus)
    read: list[str] = []
    reader = corpus_module.read_article
    monkeypatch.setattr(corpus_module, "read_article", lambda path: read.append(path.name) or reader(path))
    load_corpus(corpus)
    assert read == [recent.name]


def test_a_damaged_saved_parse_means_reading_every_file(tmp_path: Path) -> None:
    corpus = _aged_copy(tmp_path)
    first = load_corpus(corpus)
    (corpus / ".index" / "articles.marshal").write_bytes(b"\x00damaged")
    assert load_corpus(corpus) == first


def test_a_start_from_the_saved_parse_reads_an_article_s_paragraphs_only_when_needed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.corpus import SavedParagraphs
    from bot.search import split_passages

    corpus = _aged_copy(tmp_path)
    fresh = load_corpus(corpus)
    texts = SavedParagraphs.texts
    read: list[int] = []
    monkeypatch.setattr(SavedParagraphs, "texts", lambda self: read.append(len(self)) or texts(self))
    articles = load_corpus(corpus)
    passages = split_passages(articles)
    assert read == [] and len(passages) == sum(len(a.paragraphs) for a in fresh)
    assert passages[len(fresh[0].paragraphs)].text == fresh[1].paragraphs[0]  # the second article's first
    assert read and set(read) == {len(fresh[1].paragraphs)}


def test_a_long_running_process_keeps_only_the_recently_read_articles_paragraphs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    from bot import corpus as corpus_module

    corpus = _aged_copy(tmp_path)
    fresh = load_corpus(corpus)
    monkeypatch.setattr(corpus_module, "RECENT_ARTICLES", 2)
    articles = load_corpus(corpus)
    read: list[int] = []
    loads = marshal.loads
    monkeypatch.setattr(marshal, "loads", lambda data: read.append(len(data)) or loads(data))
    assert tuple(articles[0].paragraphs) == fresh[0].paragraphs and tuple(articles[0].paragraphs)
    assert len(read) == 1  # the second time from memory
    for article, expected in zip(articles, fresh):
        assert tuple(article.paragraphs) == expected.paragraphs
    assert tuple(articles[0].paragraphs) == fresh[0].paragraphs  # dropped from memory meanwhile: read again
    assert len(read) == 1 + len(fresh)


def test_the_saved_parse_saved_again_after_a_change_keeps_every_other_article_whole(tmp_path: Path) -> None:
    from bot.corpus import read_article

    corpus = _aged_copy(tmp_path)
    load_corpus(corpus)
    changed = sorted((corpus / "articles").glob("*.md"))[2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("police", "POLICE"), encoding="utf-8")
    load_corpus(corpus)  # saves the parse again: the changed article read, the others' saved text copied
    again = load_corpus(corpus)
    assert list(again) == [read_article(p) for p in sorted((corpus / "articles").glob("*.md"))]
    assert all(tuple(a.paragraphs) == read_article(Path(a.path)).paragraphs for a in again)


def test_a_large_corpus_read_in_two_processes_is_read_as_in_one(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import corpus as corpus_module
    from bot.bench import write_corpus

    write_corpus(tmp_path, 120, CORPUS_DIR)
    write(tmp_path, GOOD.replace("language: fr\n", ""), "0000003-broken.md")
    write(tmp_path, GOOD.replace('"900"', '"0000005"'), "0000005-again.md")  # the id of another file
    monkeypatch.setattr(corpus_module, "usable_cores", lambda: 2)
    monkeypatch.setattr(corpus_module, "PARALLEL_FILES", 10**9)
    alone = check_corpus(tmp_path)
    monkeypatch.setattr(corpus_module, "PARALLEL_FILES", 2)
    monkeypatch.setattr(corpus_module, "CHUNK_FILES", 5)  # several pieces of work for each process
    shared = check_corpus(tmp_path)
    assert shared == alone and len(alone[1]) == 2 and len(alone[0]) > 10
