"""The saved index: reused while the corpus is unchanged, rebuilt when it changes or is damaged."""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from pathlib import Path

import pytest

from bot import analysis, cache
from bot.answer import Answerer
from bot.cache import cache_dir, corpus_key, load_or_build
from bot.corpus import load_corpus

from .conftest import CORPUS_DIR


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus", ignore=shutil.ignore_patterns(".index"))
    return tmp_path / "corpus"


def saved(corpus: Path) -> list[Path]:
    return sorted(p for p in cache_dir(corpus).iterdir() if p.name.startswith("index-"))


def test_index_is_saved_then_reused_without_analysis(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Answerer.from_corpus_dir(corpus).ask("when did Amazon pause Rekognition?")
    assert len(saved(corpus)) == 1

    def no_analysis(*args):
        raise AssertionError("the saved index should have been used")

    monkeypatch.setattr(cache, "analyse_articles", no_analysis)
    again = Answerer.from_corpus_dir(corpus).ask("when did Amazon pause Rekognition?")
    assert again.to_json() == first.to_json()


def test_a_changed_corpus_is_reindexed(corpus: Path) -> None:
    Answerer.from_corpus_dir(corpus)
    key = corpus_key(load_corpus(corpus))
    path = next((corpus / "articles").glob("003-*.md"))
    path.write_text(path.read_text(encoding="utf-8") + "\nLe zeppelin municipal a survolé Lyon.\n", encoding="utf-8")
    assert corpus_key(load_corpus(corpus)) != key
    answer = Answerer.from_corpus_dir(corpus).ask("Quel zeppelin a survolé Lyon ?")
    assert answer.answered and "zeppelin" in answer.hits[0].passage.text
    assert len(saved(corpus)) == 1  # the old index is gone


def test_a_start_reuses_the_saved_parse_and_index_and_only_a_change_of_indexed_text_changes_the_key(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import corpus as corpus_module

    for path in (corpus / "articles").glob("*.md"):  # not modified in the seconds before the parse is saved
        os.utime(path, ns=(path.stat().st_mtime_ns - 3600 * 10**9,) * 2)
    first = Answerer.from_corpus_dir(corpus, semantic="off")
    key = corpus_key(first.articles)

    def no_reading(path):
        raise AssertionError(f"{path.name} should have been taken from the saved parse")

    def no_paragraphs(paragraphs):
        raise AssertionError("a start should read no article's paragraphs (they are read when first needed)")

    with monkeypatch.context() as patched:
        patched.setattr(corpus_module, "read_article", no_reading)
        patched.setattr(cache, "analyse_articles", no_reading)
        patched.setattr(corpus_module.SavedParagraphs, "texts", no_paragraphs)
        again = Answerer.from_corpus_dir(corpus, semantic="off")
    assert again.index.yes_no_shares == first.index.yes_no_shares  # saved with the index, not read again
    assert corpus_key(again.articles) == key and len(again.index.passages) == len(first.index.passages)
    path = sorted((corpus / "articles").glob("*.md"))[2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "title: Nouveau titre —", 1), encoding="utf-8")
    assert corpus_key(load_corpus(corpus)) == key  # a headline is not indexed
    path.write_text(text + "\nLe zeppelin municipal a survolé Lyon.\n", encoding="utf-8")
    assert corpus_key(load_corpus(corpus)) != key


def test_a_new_analysis_version_is_a_new_key(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = corpus_key(load_corpus(corpus))
    monkeypatch.setattr(analysis, "ANALYSIS_VERSION", analysis.ANALYSIS_VERSION + 1)
    assert corpus_key(load_corpus(corpus)) != key


@pytest.mark.parametrize("language", ["FRENCH_STOPWORDS", "ENGLISH_STOPWORDS"])
def test_an_edited_stop_word_list_is_a_new_key(corpus: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    key = corpus_key(load_corpus(corpus))
    monkeypatch.setattr(analysis, language, getattr(analysis, language) | {"zeppelin"})
    assert corpus_key(load_corpus(corpus)) != key


@pytest.mark.parametrize("damage", ["truncate", "corrupt", "manifest", "delete"])
def test_a_damaged_index_is_rebuilt_not_used(corpus: Path, damage: str, caplog) -> None:
    articles = load_corpus(corpus)
    load_or_build(articles, corpus)
    (folder,) = saved(corpus)
    target = folder / ("manifest.json" if damage == "manifest" else "counts.npy")
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:100])
    elif damage == "corrupt":
        data = bytearray(target.read_bytes())
        data[50:60] = b"0000000000"
        target.write_bytes(bytes(data))
    elif damage == "manifest":
        target.write_text("{not json", encoding="utf-8")
    else:
        target.unlink()
    with caplog.at_level(logging.WARNING):
        index = load_or_build(articles, corpus)
    assert "unusable" in caplog.text
    reference = load_or_build(articles, corpus)
    assert len(index.passages) == len(reference.passages)
    assert Answerer(articles, Answerer.from_corpus_dir(corpus).analyzer.lexicon, index).ask(
        "Combien d'ONG ont signé la lettre ?").hits[0].passage.article.id == "004"


def test_a_crash_while_saving_leaves_the_previous_index(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = load_corpus(corpus)
    load_or_build(articles, corpus)
    (before,) = saved(corpus)
    path = next((corpus / "articles").glob("000-*.md"))
    path.write_text(path.read_text(encoding="utf-8") + "\nUn paragraphe de plus.\n", encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(cache.os, "replace", crash)
    load_or_build(load_corpus(corpus), corpus)  # answers anyway, from a fresh in-memory index
    assert saved(corpus) == [before] and (before / "manifest.json").exists()
    assert not [p for p in cache_dir(corpus).iterdir() if p.name.startswith("tmp-")]


def test_the_saved_index_answers_as_the_one_just_built(corpus: Path) -> None:
    articles = load_corpus(corpus)
    built = load_or_build(articles, corpus)
    loaded = load_or_build(articles, corpus)
    assert loaded is not built and len(saved(corpus)) == 1
    lexicon = Answerer.from_corpus_dir(corpus).analyzer.lexicon
    for question in ("What is Amazon Rekognition?", "Combien d'ONG ont signé la lettre ?"):
        assert Answerer(articles, lexicon, loaded).ask(question).to_json() == \
            Answerer(articles, lexicon, built).ask(question).to_json()


# --- A saved index is only ever read from its own folder, and only from regular files (issue 12, item 11) ---

def load_in_thread(articles, corpus: Path, unblock: Path | None = None):
    """load_or_build in a thread, failing the test (after unblocking a FIFO) if it waits on a file."""
    result: list = []
    worker = threading.Thread(target=lambda: result.append(load_or_build(articles, corpus)), daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():
        if unblock is not None:
            with open(unblock, "wb"):
                pass
        worker.join(10)
        pytest.fail("start-up waited on a file of the saved index")
    return result[0]


@pytest.mark.parametrize("kind", ["outside", "fifo", "symlink", "extra fifo", "linked folder"])
def test_the_saved_index_never_reads_outside_its_folder_or_from_other_than_regular_files(
        corpus: Path, tmp_path: Path, kind: str, caplog) -> None:
    articles = load_corpus(corpus)
    load_or_build(articles, corpus)
    (folder,) = saved(corpus)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    fifo = None
    if kind == "outside":  # a manifest entry naming a file outside the index folder, with its right checksum
        outside = corpus / "articles" / next(p.name for p in (corpus / "articles").iterdir())
        manifest["files"]["../../articles/" + outside.name] = cache._checksum(outside)
    elif kind == "fifo":
        (folder / "terms.json").unlink()
        os.mkfifo(fifo := folder / "terms.json")
    elif kind == "symlink":  # the same bytes, through a link to a file elsewhere
        copy = tmp_path / "terms-elsewhere.json"
        shutil.copy(folder / "terms.json", copy)
        (folder / "terms.json").unlink()
        (folder / "terms.json").symlink_to(copy)
    elif kind == "extra fifo":  # a file the manifest does not list
        os.mkfifo(fifo := folder / "extra.npy")
    else:
        moved = tmp_path / "moved-index"
        shutil.move(folder, moved)
        folder.symlink_to(moved, target_is_directory=True)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        index = load_in_thread(articles, corpus, fifo)
    assert "unusable" in caplog.text
    assert len(index.passages) == len(load_or_build(articles, corpus).passages)
    assert not (cache_dir(corpus) / folder.name).is_symlink()
