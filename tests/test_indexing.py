"""Indexing in bulk gives every passage exactly the terms `passage_terms` gives it, in one process or several."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.analysis import TermCache, french_terms, names
from bot.bench import write_corpus
from bot.corpus import Article, load_corpus
from bot.indexing import analyse_articles
from bot.search import passage_terms, split_passages

from .conftest import CORPUS_DIR
from .test_properties import QUESTIONS

# Text whose pieces between spaces hold what the analysis treats specially: elisions, typographic apostrophes and
# dashes, ligatures, spaces of every kind (some NFKC turns into plain spaces), combining accents, a final sigma,
# characters NFKC splits with a space (´) or turns into letters (™).
PIECES = st.lists(st.sampled_from([
    "l'", "L’", "qu'il", "aujourd'hui", "jusqu'à", "Amazon", "IBM", "l'ONG", "É", "e\u0301", "\u0301", "œuvre", "ﬁn",
    "-", "—", "a-t-il", "ΣΑΣ", "σ", "´", "™", "85", "2019", "«", "»", "juin", "Juin", " ", "  ", "\n", "\t", "\xa0",
    "\u2009", "\u3000", "\u2028", "\x1c", "\u200b", "\u00ad", "\u200e", "_", "'", "’", "x", "Le", "la", "CNIL", "É.-U.", "🙂", "."]),
    max_size=40).map("".join)


def reference_names(texts: list[str]) -> set[str]:
    return {name for text in texts for name in names(text)}


@given(st.lists(PIECES | QUESTIONS, min_size=1, max_size=4))
@example(["x ´e", "σ Σ", "™ Le"])
def test_terms_and_names_cached_per_piece_are_those_of_the_whole_text(texts: list[str]) -> None:
    cache = TermCache()
    assert [cache.terms(text) for text in texts] == [french_terms(text) for text in texts]
    assert cache.names == reference_names(texts)


def _same_as_passage_terms(folder: Path, workers: int) -> None:
    articles = load_corpus(folder)
    analysed = analyse_articles(articles, workers=workers)
    passages = split_passages(articles)
    assert analysed.tokens == [passage_terms(p) for p in passages]
    assert analysed.names == reference_names([p.text for p in passages])


def test_the_seed_corpus_gets_the_terms_passage_by_passage_analysis_gives() -> None:
    _same_as_passage_terms(CORPUS_DIR, workers=1)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_generated_corpus_gets_the_same_terms_in_one_process_or_two(tmp_path: Path, workers: int,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import indexing

    monkeypatch.setattr(indexing, "CHUNK_PASSAGES", 40)  # several pieces of work for each process
    write_corpus(tmp_path / "corpus", 300, CORPUS_DIR)
    _same_as_passage_terms(tmp_path / "corpus", workers)


def test_articles_from_the_saved_parse_are_analysed_in_two_processes_as_in_one(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import time

    from bot import indexing
    from bot.corpus import SavedParagraphs

    monkeypatch.setattr(indexing, "CHUNK_PASSAGES", 40)
    write_corpus(tmp_path / "corpus", 200, CORPUS_DIR)
    for path in (tmp_path / "corpus" / "articles").iterdir():  # older than the parse: taken from it next time
        os.utime(path, ns=(time.time_ns() - 3600 * 10**9,) * 2)
    load_corpus(tmp_path / "corpus")
    articles = load_corpus(tmp_path / "corpus")
    assert all(isinstance(a.paragraphs, SavedParagraphs) for a in articles)
    two, one = analyse_articles(articles, workers=2), analyse_articles(articles, workers=1)
    assert two.tokens == one.tokens and two.yes_no_shares() == one.yes_no_shares()


def test_progress_is_reported_up_to_every_passage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import indexing

    monkeypatch.setattr(indexing, "CHUNK_PASSAGES", 10)
    write_corpus(tmp_path / "corpus", 35, CORPUS_DIR)
    reported: list[tuple[int, int]] = []
    analyse_articles(load_corpus(tmp_path / "corpus"), workers=1, progress=lambda *done: reported.append(done))
    assert reported == [(10, 35), (20, 35), (30, 35), (35, 35)]


def test_a_date_that_cannot_be_read_is_logged_once_and_the_text_still_indexed(caplog: pytest.LogCaptureFixture) -> None:
    text = "Il y a 99999999 jours, le zeppelin a survolé Lyon."
    articles = [Article(id=id, outlet="Outlet", title="Titre", date="2020-06-11", language="fr",
                        paragraphs=(text, text), path=Path("900-outlet.md")) for id in ("900", "901")]
    with caplog.at_level(logging.WARNING):
        analysed = analyse_articles(articles, workers=1)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "900-outlet.md" in warnings[0] and "out of range" in warnings[0]
    assert all("zeppelin" in terms for terms in analysed.tokens) and len(analysed.tokens) == 4
